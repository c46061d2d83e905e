"""Canonical URLs and article identity.

Two links to the same story must give the same `article_id`: the scheme and host are lower-cased, the
default port, the fragment and tracking parameters (utm_*, fbclid, gclid, ...) are dropped and the
remaining query parameters are sorted. The path keeps its case (servers are case-sensitive there).
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from extractors.errors import InputError
from extractors.records import short_hash

# Parameter names dropped exactly (compared lower-case) and by prefix.
TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "ocid",
        "cmpid",
        "cmp",
        "feature",
        "igshid",
        "yclid",
        "_ga",
        "smid",
        "smtyp",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "ns_", "pk_")
DEFAULT_PORTS = {"http": 80, "https": 443}
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_PERCENT_RE = re.compile(r"%[0-9a-fA-F]{2}")


def is_tracking_param(name: str) -> bool:
    """True for analytics/campaign parameters that never change which page is served."""
    low = name.lower()
    return low in TRACKING_NAMES or low.startswith(TRACKING_PREFIXES)


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical form of `url` (resolved against `base` when relative).

    Raises InputError("bad_url") when the result is not an absolute http(s) URL with a host.
    """
    raw = url.strip()
    if base:
        raw = urljoin(base.strip(), raw)
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise InputError("bad_url", f"not a valid URL: {url!r} ({exc})") from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in DEFAULT_PORTS or not host:
        raise InputError("bad_url", f"not an absolute http(s) URL: {url!r}")
    netloc = _netloc(host, port, scheme)
    path = _normalise_path(parts.path or "/")
    query = _clean_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def article_id(url: str) -> str:
    """Short hash (16 hex) of the canonical URL: the identity of an article in the warehouse."""
    return short_hash(canonical_url(url))


def _netloc(host: str, port: int | None, scheme: str) -> str:
    host = host.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    else:
        # an un-encodable host is kept as given; the fetcher reports it if it cannot resolve
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    if port is not None and port != DEFAULT_PORTS[scheme]:
        return f"{host}:{port}"
    return host


def _normalise_path(path: str) -> str:
    """Re-quote the path consistently (upper-case escapes, no needless escapes), keep its case."""
    fixed = _PERCENT_RE.sub(lambda m: m.group(0).upper(), path)
    return quote(unquote(fixed), safe=_SAFE_PATH) if "%2F" not in fixed else quote(fixed, safe=_SAFE_PATH)


def _clean_query(query: str) -> str:
    if not query:
        return ""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not is_tracking_param(k)]
    pairs.sort()
    return urlencode(pairs, quote_via=quote, safe="/:@!$'()*,;-._~")
