"""Feed backoff (flows/warehouse/feed_backoff.py) on a real warehouse: a feed failing `after` polls in
a row rests, the rest doubles with each further failure up to the cap, one good poll ends it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flows.ingest import FeedConfig
from flows.ingest.poll import PollResult
from flows.net import FetchAttempt
from flows.warehouse import Warehouse, feed_backoff

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FEEDS = [FeedConfig("flaky", "http://127.0.0.1/flaky.xml", "news"),
         FeedConfig("steady", "http://127.0.0.1/steady.xml", "news")]


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    return Warehouse.open(tmp_path / "w.duckdb")


def _poll(wh: Warehouse, outcomes: dict[str, str], at: datetime) -> list[feed_backoff.Resting]:
    polls = [PollResult(f, FetchAttempt("feed", f.name, f.url, at, outcomes[f.name],
                                        error="http_500" if outcomes[f.name] == "failed" else None))
             for f in FEEDS if f.name in outcomes]
    wh.record_polls(polls, None)
    return feed_backoff.record(wh, polls, after=3, first=600.0, now=at, cap=3600.0)


def _names(feeds: list[FeedConfig]) -> list[str]:
    return [f.name for f in feeds]


def test_a_feed_failing_in_a_row_rests_longer_each_time_then_recovers(wh: Warehouse) -> None:
    at = T0
    for _ in range(2):  # below the threshold: polled every run
        assert _poll(wh, {"flaky": "failed", "steady": "ok"}, at) == []
        at += timedelta(minutes=5)
        assert _names(feed_backoff.due(wh, FEEDS, at)[0]) == ["flaky", "steady"]
    waits = []
    for _ in range(4):  # the 3rd, 4th ... failure in a row: 10, 20, 40, then capped at 60 minutes
        started = _poll(wh, {"flaky": "failed", "steady": "ok"}, at)
        assert [(r.name, r.failures) for r in started] == [("flaky", 3 + len(waits))]
        waits.append(started[0].until - at)
        due, resting = feed_backoff.due(wh, FEEDS, at + timedelta(seconds=1))
        assert _names(due) == ["steady"] and [r.name for r in resting] == ["flaky"]
        at = started[0].until  # due again exactly when its rest ends
        assert _names(feed_backoff.due(wh, FEEDS, at)[0]) == ["flaky", "steady"]
    assert waits == [timedelta(minutes=m) for m in (10, 20, 40, 60)]
    assert _poll(wh, {"flaky": "not_modified"}, at) == []  # one good poll ends the streak
    assert wh.query("select failures_in_a_row, next_poll_at from feeds where name = 'flaky'") == [(0, None)]
    assert _names(feed_backoff.due(wh, FEEDS, at)[0]) == ["flaky", "steady"]


def test_feed_health_shows_the_rest(wh: Warehouse) -> None:
    from flows.reports.catalogue import run_report

    now = datetime.now(UTC)
    for _ in range(3):
        _poll(wh, {"flaky": "failed", "steady": "ok"}, now)
    with wh.connect() as con:
        got = {r["feed"]: r for r in run_report(con, "feed_health", {}, read_only=False).records()}
    assert got["flaky"]["failures_in_a_row"] == 3
    assert got["flaky"]["backed_off_until"] is not None
    assert got["flaky"]["backed_off_until"] > now
    assert got["steady"]["backed_off_until"] is None
