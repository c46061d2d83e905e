"""Claims: mentions grouped across articles by key, and the changes of state alerts fire on.

`refresh_claims(con, run_id)` rebuilds `claims` / `claim_mentions` from `mentions` in one transaction
and returns the events detected now (`ClaimChanges`); EVENTS names the changes of state. The SQL is
in flows/warehouse/sql/claims/.
"""

from flows.claims.refresh import EVENTS, ClaimChanges, ClaimEvent, refresh_claims

__all__ = ["EVENTS", "ClaimChanges", "ClaimEvent", "refresh_claims"]
