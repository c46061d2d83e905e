"""Feed backoff: a feed that failed `after` polls in a row rests before the next poll (`first` seconds,
doubling with each further failure, at most `cap`); one good poll ends it (migration 041).

The flow asks which feeds are due (`due`) before polling and records every poll's outcome
(`record`) after; `feed_health` shows `failures_in_a_row` and `backed_off_until`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flows.warehouse.store import Warehouse, now_utc

if TYPE_CHECKING:
    from flows.ingest.poll import PollResult
    from flows.ingest.sources import FeedConfig

CAP = 86_400.0  # a backed-off feed is polled at least once a day
GOOD = ("ok", "not_modified", "malformed")  # poll outcomes that end a failure streak


@dataclass(frozen=True)
class Resting:
    """A feed skipped this run: its failures in a row and when it is polled again."""

    name: str
    failures: int
    until: datetime


def due(
    wh: Warehouse, feeds: list[FeedConfig], now: datetime | None = None
) -> tuple[list[FeedConfig], list[Resting]]:
    """The feeds to poll now, and those resting (not before their next_poll_at)."""
    now = now or now_utc()
    with wh.connect() as con:
        rows = con.execute("select name, failures_in_a_row, next_poll_at from feeds "
                           "where next_poll_at > ?", [now]).fetchall()
    resting = {name: Resting(name, failures, until) for name, failures, until in rows}
    return [f for f in feeds if f.name not in resting], [resting[f.name] for f in feeds if f.name in resting]


def record(
    wh: Warehouse, polls: list[PollResult], after: int, first: float, now: datetime | None = None,
    cap: float = CAP,
) -> list[Resting]:
    """Count each poll in its feed's streak (one transaction); returns the feeds that now rest."""
    now = now or now_utc()
    started: list[Resting] = []
    with wh.transaction() as con:
        for poll in polls:
            name = poll.feed.name
            if poll.attempt.outcome in GOOD:
                con.execute("update feeds set failures_in_a_row = 0, next_poll_at = null where name = ?",
                            [name])
                continue
            got = con.execute("select failures_in_a_row from feeds where name = ?", [name]).fetchone()
            failures = (got[0] or 0) + 1 if got else 1
            until = None
            if failures >= after:
                until = now + timedelta(seconds=min(cap, first * 2 ** (failures - after)))
                started.append(Resting(name, failures, until))
            con.execute("update feeds set failures_in_a_row = ?, next_poll_at = ? where name = ?",
                        [failures, until, name])
    return started
