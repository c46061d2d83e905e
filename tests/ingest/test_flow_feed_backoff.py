"""The ingest flow backs off a feed that fails polls in a row and recovers it by itself (Prefect test
harness, HTTP on loopback, a real DuckDB file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.demo import LoopbackSite, Route
from flows.ingest import FeedConfig, run_ingest
from flows.reports.catalogue import run_report
from flows.settings import Settings
from flows.warehouse import Warehouse
from tests.helpers.run_process import NewsSite

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_a_feed_failing_twice_in_a_row_rests_then_recovers(tmp_path: Path) -> None:
    news = NewsSite(2)
    flaky = LoopbackSite(routes={"/feed.xml": Route(status=503, body=b"down")}).start()
    try:
        feeds = [FeedConfig("port-news", news.site.url("/feed.xml"), "news"),
                 FeedConfig("flaky", flaky.url("/feed.xml"), "news")]
        settings = Settings.load(env={}, db=tmp_path / "w.duckdb", allow_loopback=True, retries=0,
                                 feed_backoff_after=2, feed_backoff=3600.0,
                                 alerts_file=tmp_path / "alerts.jsonl")
        run_ingest(settings, feeds=feeds)
        second = run_ingest(settings, feeds=feeds)  # the 2nd failure in a row: it rests an hour
        assert flaky.hits["/feed.xml"] == 2 and second.counts.feeds_failed == 1
        third = run_ingest(settings, feeds=feeds)
        assert flaky.hits["/feed.xml"] == 2  # not asked while it rests
        assert third.counts.feeds_polled == 1 and third.status == "completed"
        resting = "backing off: flaky (2 failed polls in a row, next poll after "
        assert any(n.startswith(resting) for n in third.notes), third.notes
        wh = Warehouse(settings.db)
        with wh.connect() as con:
            health = {r["feed"]: r for r in run_report(con, "feed_health", {}, read_only=False).records()}
        assert health["flaky"]["failures_in_a_row"] == 2 and health["flaky"]["backed_off_until"] is not None
        # an hour later (its rest moved into the past) the feed answers again: polled, streak over
        wh.query("update feeds set next_poll_at = now() - interval 1 minute where name = 'flaky'")
        flaky.routes["/feed.xml"] = Route(body=news.site.routes["/feed.xml"].body,  # type: ignore[union-attr]
                                          headers={"Content-Type": "application/rss+xml"})
        fourth = run_ingest(settings, feeds=feeds)
        assert flaky.hits["/feed.xml"] == 3 and fourth.counts.feeds_failed == 0
        streak = "select failures_in_a_row, next_poll_at from feeds where name = 'flaky'"
        assert wh.query(streak) == [(0, None)]
    finally:
        news.stop()
        flaky.stop()
