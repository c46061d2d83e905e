"""page_retries: pages that failed transiently, retried in later runs with backoff, failed after N tries.

The flow asks which items are waiting (`waiting_urls`: not fetched this run, their feed's validators
are held back so they are listed again) or given up (`given_up_urls`: never fetched again), and after
each batch records what failed and what was finally stored (`record_attempts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flows.warehouse.store import Warehouse, now_utc


@dataclass(frozen=True)
class Failure:
    """One transient page failure of this run."""

    url: str
    feed_name: str | None
    error: str
    detail: str | None


def waiting_urls(wh: Warehouse, urls: list[str], now: datetime | None = None) -> set[str]:
    """Of these URLs, those still backing off (next attempt later than `now`) and not given up."""
    return _select(wh, urls, "not gave_up and next_attempt_at > ?", [now or now_utc()])


def given_up_urls(wh: Warehouse, urls: list[str]) -> set[str]:
    """Of these URLs, those failed for good (their `failed` article row is written with them)."""
    return _select(wh, urls, "gave_up", [])


def record_attempts(
    wh: Warehouse, failures: list[Failure], stored: list[str], max_attempts: int, first_delay: float,
    cap: float = 86_400.0,
) -> dict[str, int]:
    """Count one more failed try per failure and schedule the next (first_delay, doubling, capped);
    forget the URLs that were stored. Returns {url: attempts} of the pages that reached max_attempts."""
    now = now_utc()
    reached: dict[str, int] = {}
    with wh.transaction() as con:
        if stored:
            con.execute("delete from page_retries where url in (select unnest(?))", [stored])
        for f in failures:
            got = con.execute("select attempts from page_retries where url = ?", [f.url]).fetchone()
            attempts = (got[0] if got else 0) + 1
            wait = min(cap, first_delay * 2 ** (attempts - 1))
            gave_up = attempts >= max_attempts
            if gave_up:
                reached[f.url] = attempts
            con.execute(
                "insert into page_retries (url, feed_name, attempts, last_error, last_detail,"
                " first_failed_at, last_failed_at, next_attempt_at, gave_up)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " on conflict (url) do update set attempts = excluded.attempts,"
                " last_error = excluded.last_error, last_detail = excluded.last_detail,"
                " last_failed_at = excluded.last_failed_at, next_attempt_at = excluded.next_attempt_at,"
                " gave_up = excluded.gave_up",
                [f.url, f.feed_name, attempts, f.error, f.detail, now, now, now + timedelta(seconds=wait),
                 gave_up],
            )
    return reached


def _select(wh: Warehouse, urls: list[str], where: str, params: list[object]) -> set[str]:
    if not urls:
        return set()
    with wh.connect() as con:
        got = con.execute(f"select url from page_retries where url in (select unnest(?)) and {where}",
                          [urls, *params]).fetchall()
    return {u for (u,) in got}
