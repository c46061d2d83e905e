"""Guarded HTTP: every request the project makes goes through here.

`make_client` + `guarded_get` (never raises; bounded bodies, redirects and time; every hop checked by
the address guard), the guard itself (`address_problem`), robots.txt per host per run (`RobotsCache`),
and the records of a fetch (`FetchResult`, and `FetchAttempt`, a fetch_log row).
"""

from flows.net.guard import BlockedAddress, ResolveError, address_problem
from flows.net.http import FetchAttempt, FetchResult, guarded_get, make_client
from flows.net.robots import HostRules, RobotsCache

__all__ = [
    "BlockedAddress", "FetchAttempt", "FetchResult", "HostRules", "ResolveError", "RobotsCache",
    "address_problem", "guarded_get", "make_client",
]
