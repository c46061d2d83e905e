"""Warehouse writes against a real DuckDB file: Arrow loads, upserts, raw pages, mentions, runs."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from extractors.errors import MonitorError
from extractors.records import FeedItem, Mention, Party
from flows.ingest import FeedConfig, RunCounts
from flows.ingest.fetch import PageResult
from flows.ingest.poll import PollResult
from flows.net import FetchAttempt
from flows.warehouse import ArticleRow, Warehouse

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    return Warehouse.open(tmp_path / "w.duckdb")


def _poll(outcome: str, etag: str | None) -> PollResult:
    feed = FeedConfig(name="wire", url="http://127.0.0.1/feed.xml", kind="news")
    attempt = FetchAttempt(resource="feed", source="wire", url=feed.url, fetched_at=T0, outcome=outcome,
                           status_code=200 if outcome == "ok" else 304, items=3)
    return PollResult(feed=feed, attempt=attempt, etag=etag)


def _article(url: str, text: str, **kw: object) -> ArticleRow:
    return ArticleRow(article_id=url[-4:], url=url, feed_name="wire", status="ok", fetched_at=T0,
                      text=text, text_hash="h-" + text, simhash=2**63 + 5, **kw)  # type: ignore[arg-type]


def _mention(start: int) -> Mention:
    return Mention(type="sanction", sentence="The council froze the assets.", start=start, end=start + 29,
                   confidence=0.8, extractor_version="x/1",
                   authority=Party("EU Council", None, "organisation"),
                   targets=[Party("Acme Shipping", "IRN", "company"), Party("Blue Star", None, "vessel")],
                   measure="asset_freeze", action="imposed")


def test_polls_keep_conditional_state_and_log_every_attempt(wh: Warehouse) -> None:
    wh.record_polls([_poll("ok", '"v1"')], "run-1")
    assert wh.feed_states()["wire"].etag is None  # validators wait until the feed's items are processed
    wh.save_validators([_poll("ok", '"v1"')])
    wh.record_polls([_poll("not_modified", None)], "run-2")
    wh.save_validators([_poll("not_modified", None)])  # a 304 brings no new validator: keep the old one
    state = wh.feed_states()["wire"]
    assert (state.etag, state.last_status) == ('"v1"', "not_modified")
    assert wh.query("select run_id, outcome, items from fetch_log order by id") == [
        ("run-1", "ok", 3), ("run-2", "not_modified", 3)]


def test_raw_pages_are_gzip_and_keyed_by_hash(wh: Warehouse) -> None:
    body = b"<html><body>" + "caf\u00e9 ".encode() * 500 + b"</body></html>"
    item = FeedItem(feed_name="wire", url="http://127.0.0.1/a")
    ok = PageResult(item=item, attempt=FetchAttempt("page", "wire", item.url, T0, "ok", status_code=200),
                    body=body, content_type="text/html")
    bad = "http://127.0.0.1/b"
    failed = PageResult(item=FeedItem(feed_name="wire", url=bad),
                        attempt=FetchAttempt("page", "wire", bad, T0, "failed", error="http_500"))
    keys = wh.store_pages([ok, failed, ok], "run-1")
    assert list(keys) == [item.url]
    assert wh.raw_body(keys[item.url]) == body
    stored, size = wh.query("select octet_length(body), bytes from raw_pages")[0]
    assert size == len(body) and stored < len(body) / 5
    assert wh.query("select outcome, error from fetch_log order by id") == [
        ("ok", None), ("failed", "http_500"), ("ok", None)]


def test_article_upsert_is_an_update_and_mentions_are_replaced(wh: Warehouse) -> None:
    a = _article("http://127.0.0.1/news/0001", "first text", extracted_with="x/1")
    wh.load_batch([a], {a.article_id: [_mention(0), _mention(40)]})
    assert wh.known_urls([a.url, "http://127.0.0.1/other"]) == {a.url}
    b = _article("http://127.0.0.1/news/0001", "second text", extracted_with="x/1")
    wh.load_batch([b], {b.article_id: [_mention(7)]})
    assert wh.query("select count(*), any_value(text) from articles") == [(1, "second text")]
    got = wh.query("select start_offset, authority_name, targets[2].kind, measure, simhash from mentions "
                   "join articles using (article_id)")
    assert got == [(7, "EU Council", "vessel", "asset_freeze", 2**63 + 5)]


def test_reprocess_selection_and_replacement(wh: Warehouse) -> None:
    old = _article("http://127.0.0.1/news/0002", "old", extracted_with="x/1")
    new = _article("http://127.0.0.1/news/0003", "new", extracted_with="x/2")
    skipped = ArticleRow(article_id="0004", url="http://127.0.0.1/news/0004", feed_name="wire",
                         status="skipped", skip_reason="not_english", fetched_at=T0, text="hola")
    wh.load_batch([old, new, skipped], {})
    todo = wh.articles_needing_extraction("x/2")
    assert [t.article_id for t in todo] == ["0002"]
    assert wh.articles_needing_extraction("x/2", since=datetime(2027, 1, 1, tzinfo=UTC)) == []
    wh.replace_mentions({"0002": [_mention(3)]}, "x/2")
    assert wh.articles_needing_extraction("x/2") == []
    assert wh.query("select article_id, extractor_version from mentions") == [("0002", "x/1")]
    assert wh.dedup_candidates() == [("0002", "h-old", 2**63 + 5), ("0003", "h-new", 2**63 + 5)]


def test_run_row_records_counts_and_stage_seconds(wh: Warehouse) -> None:
    wh.start_run("r1", "ingest")
    assert wh.query("select status from runs") == [("running",)]
    wh.finish_run("r1", "completed", RunCounts(feeds_polled=3, new_articles=5, mentions=2), {"poll": 0.25})
    status, polled, new, mentions, stages = wh.query(
        "select status, feeds_polled, new_articles, mentions, stage_seconds from runs")[0]
    assert (status, polled, new, mentions) == ("completed", 3, 5, 2)
    assert json.loads(stages) == {"poll": 0.25}


_HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("holding", flush=True)
sys.stdin.readline()
con.close()
"""


def _hold(db: Path) -> subprocess.Popen[str]:
    """Another process with the file open read-only until we write a line to its stdin."""
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(db)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    return proc


def test_a_write_window_waits_for_another_process_to_let_go(tmp_path: Path) -> None:
    wh = Warehouse.open(tmp_path / "w.duckdb")
    holder = _hold(wh.path)
    done = threading.Event()
    writer = threading.Thread(target=lambda: (wh.start_run("r-wait", "ingest"), done.set()))
    writer.start()
    assert not done.wait(0.5)  # blocked while the other process holds the file
    assert holder.stdin is not None
    holder.stdin.write("release\n")
    holder.stdin.flush()
    assert holder.wait(30) == 0
    writer.join(30)
    assert done.is_set()
    assert wh.query("select run_id, status from runs") == [("r-wait", "running")]


def test_a_lock_held_too_long_is_a_clear_error(tmp_path: Path) -> None:
    wh = Warehouse.open(tmp_path / "w.duckdb")
    wh.lock_wait = 0.3
    holder = _hold(wh.path)
    try:
        with pytest.raises(MonitorError, match="stayed locked by another process"):
            wh.start_run("r-late", "ingest")
    finally:
        assert holder.stdin is not None
        holder.stdin.write("release\n")
        holder.stdin.flush()
        holder.wait(30)
    assert wh.query("select count(*) from runs") == [(0,)]


def test_a_run_left_running_by_a_dead_process_is_marked_abandoned(tmp_path: Path) -> None:
    wh = Warehouse.open(tmp_path / "w.duckdb")
    wh.start_run("dead", "ingest")  # its process was killed: no finish_run
    wh.start_run("next", "ingest")
    rows = dict(wh.query("select run_id, status from runs"))
    assert rows == {"dead": "abandoned", "next": "running"}
