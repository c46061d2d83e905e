"""Claims: mentions grouped across articles by key, with the changes of state alerts fire on.

`refresh_claims(con)` rebuilds the `claims` and `claim_mentions` tables from `mentions` in one
transaction and records every change of state not recorded before in `claim_events` (one row per
claim and event, ever). The SQL lives in flows/warehouse/sql/claims/ (keyed mentions -> aggregate ->
events -> replace -> links).

Keys (DESIGN.md): arms_transfer (supplier, recipient, weapon category); sanction (authority, target,
measure), one claim per target; un_violation (violator, resolution), one claim per resolution. A party's
key is its ISO3 code for a state, else its normalised name (macro `party_key` in 010_claims.sql).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from extractors.errors import MonitorError
from flows.warehouse import apply_views, read_sql

EVENTS = ("new_claim", "first_denial", "first_official_confirmation", "sanction_imposed")
_STEPS = ("1_keyed.sql", "2_aggregate.sql")


@dataclass(frozen=True)
class ClaimEvent:
    """One change of state of one claim, detected by one refresh (and never again)."""

    event_id: str  # hash of (claim_id, event), computed in SQL: stable, it is the alert id
    claim_id: str
    event: str  # one of EVENTS
    type: str  # arms_transfer | sanction | un_violation
    label: str  # "North Korea -> Russia: missiles"
    detected_at: datetime


@dataclass(frozen=True)
class ClaimChanges:
    """What one refresh changed: the events detected now, how many claims exist, which disappeared."""

    events: tuple[ClaimEvent, ...]
    claims: int
    removed: tuple[str, ...] = ()  # claim ids no mention supports any more (e.g. after reprocess)

    def claim_ids(self, event: str) -> list[str]:
        """The claims that had this change of state now (`event` is one of EVENTS)."""
        if event not in EVENTS:
            raise MonitorError(f"unknown claim event {event!r}; expected one of {', '.join(EVENTS)}")
        return [e.claim_id for e in self.events if e.event == event]


def refresh_claims(
    con: duckdb.DuckDBPyConnection, run_id: str | None = None, now: datetime | None = None
) -> ClaimChanges:
    """Rebuild claims from mentions in one transaction; return the changes of state detected now.

    Idempotent: a second refresh over the same mentions returns no events and leaves the same rows.
    `con` must not be inside a transaction. (Re)creates the views first: claims read the staging views.
    """
    now = now or datetime.now(UTC)
    try:
        con.begin()
    except duckdb.Error as exc:
        raise MonitorError(f"claims refresh needs a connection outside a transaction: {exc}") from exc
    try:
        apply_views(con)
        for step in _STEPS:
            con.execute(read_sql("claims", step))
        rows = con.execute(read_sql("claims", "3_events.sql"), {"now": now, "run_id": run_id}).fetchall()
        removed = con.execute(
            "select claim_id from claims where claim_id not in (select claim_id from claims_next) order by 1"
        ).fetchall()
        con.execute("delete from claims")
        con.execute(read_sql("claims", "4_replace.sql"), {"now": now})
        con.execute(read_sql("claims", "5_links.sql"))
        count = con.execute("select count(*) from claims").fetchone()
        con.execute("drop table claim_keyed")
        con.execute("drop table claims_next")
        con.commit()
    except duckdb.Error as exc:
        con.rollback()
        raise MonitorError(f"claims refresh failed, nothing changed: {exc}") from exc
    events = tuple(ClaimEvent(*row) for row in rows)
    return ClaimChanges(
        events=events, claims=int(count[0]) if count else 0, removed=tuple(r[0] for r in removed)
    )
