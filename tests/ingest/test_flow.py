"""The ingest flow for real: Prefect (test harness), HTTP on loopback, a DuckDB file in a temp dir."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from extractors.errors import MonitorError
from extractors.urls import article_id
from flows.demo import LoopbackSite, Route
from flows.ingest import FeedConfig, IngestFailed, run_ingest
from flows.settings import Settings
from flows.warehouse import Warehouse
from tests.helpers.ingest_site import (
    BINARY,
    EDITED,
    EMPTY,
    FAILING,
    FRENCH_PATH,
    STALLED,
    SYNDICATED,
    WIRE,
    page,
    rss,
)

pytestmark = pytest.mark.usefixtures("prefect_harness")
HTML = {"Content-Type": "text/html; charset=utf-8"}


def _settings(db: Path) -> Settings:
    # page_retry_after=0: a page failing transiently is due again at the next run (no backoff wait)
    return Settings.load(env={}, db=db, allow_loopback=True, read_timeout=1.0, total_timeout=2.0,
                         retries=0, backoff=0.01, page_retry_after=0.0)


def _feeds(site: LoopbackSite) -> list[FeedConfig]:
    return [FeedConfig(name="wire", url=site.url("/wire.xml"), kind="news"),
            FeedConfig(name="mirror", url=site.url("/mirror.xml"), kind="news")]


def _id(site: LoopbackSite, path: str) -> str:
    return article_id(site.url(path))


def test_first_run_stores_articles_then_second_run_is_all_304(site: LoopbackSite, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    first = run_ingest(_settings(db), feeds=_feeds(site))
    wh = Warehouse.open(db)
    rows = {a: (s, r, d) for a, s, r, d in wh.query(
        "select article_id, status, skip_reason, duplicate_of from articles")}
    embargo, shells = _id(site, "/news/embargo-package"), _id(site, "/news/shells-denied")
    # originals stored, with their raw page kept byte for byte
    for path in ("/news/embargo-package", "/news/harbour-festival", "/news/shells-denied"):
        assert rows[_id(site, path)] == ("ok", None, None)
    (content_hash,) = wh.query("select content_hash from articles where article_id = ?", [embargo])[0]
    assert wh.raw_body(content_hash) == site.routes["/news/embargo-package"].body  # type: ignore[union-attr]
    # the verbatim copy and the lightly edited copy point at the first article of their story
    assert rows[_id(site, SYNDICATED)] == ("ok", None, embargo)
    assert rows[_id(site, EDITED)] == ("ok", None, shells)
    assert rows[_id(site, FRENCH_PATH)][:2] == ("skipped", "not_english")
    # the 500 and the timeout are recorded in fetch_log, get no article row, and did not stop the run
    assert _id(site, FAILING) not in rows and _id(site, STALLED) not in rows
    # unusable bodies are stored as failed with the cleaner's reason (and are not fetched again)
    assert rows[_id(site, BINARY)][:2] == ("failed", "binary")
    assert rows[_id(site, EMPTY)][0] == "failed" and rows[_id(site, EMPTY)][1] in ("empty", "no_text")
    failed = dict(wh.query("select url, error from fetch_log where kind = 'page' and outcome = 'failed'"))
    assert failed[site.url(FAILING)] == "http_500"
    assert "timeout" in failed[site.url(STALLED)]
    # the run row carries the same counts as the summary
    c = first.counts
    assert (c.feeds_polled, c.items_seen, c.new_articles, c.duplicates, c.page_failures) == (2, 11, 4, 2, 4)
    run = wh.query("select status, feeds_polled, items_seen, new_articles, duplicates, page_failures, "
                   "mentions, stage_seconds from runs where run_id = ?", [first.run_id])[0]
    assert run[:7] == ("completed", 2, 11, 4, 2, 4, c.mentions)
    assert c.mentions == wh.query("select count(*) from mentions")[0][0]
    assert {"poll", "fetch", "store_raw", "clean", "extract", "load"} <= set(json.loads(run[7]))

    assert f"| new articles | {c.new_articles} |" in _artifact(first.run_id)

    hits_before = dict(site.hits)
    articles_before = wh.query("select article_id, updated_at from articles order by 1")
    with pytest.raises(IngestFailed, match="stored nothing") as failed:  # only the 2 failing pages were new
        run_ingest(_settings(db), feeds=_feeds(site))
    second = failed.value.summary
    # mirror: 304. wire: its validators were not saved (a 500 and a timeout are to be retried), so it
    # is listed again; known URLs are not fetched again, the two transient failures are.
    assert second.counts.feeds_not_modified == 1 and second.counts.new_articles == 0
    assert second.new_items == 2
    assert wh.query("select article_id, updated_at from articles order by 1") == articles_before
    page_hits = {k: v for k, v in site.hits.items() if k.startswith(("/news/", "/partner/"))}
    retried = {k for k in page_hits if page_hits[k] != hits_before.get(k)}
    assert {k.split("?")[0] for k in retried} == {FAILING, STALLED}
    polls = wh.query("select outcome, count(*) from fetch_log where kind = 'feed' group by 1 order by 1")
    assert polls == [("not_modified", 1), ("ok", 3)]
    assert wh.query("select status, count(*) from runs group by 1 order by 1") == [("completed", 1),
                                                                                   ("failed", 1)]

    # once the failing pages answer, the wire feed is complete and its validators are saved: 304 next
    words = ("Workers at the northern shipyard went back to their docks this morning after a long "
             "pay dispute, the union said, and the first hull left the slipway before noon. ") * 3
    site.routes[FAILING] = Route(body=page("Shipyard strike ends", [words]), headers=HTML)
    site.routes[STALLED] = Route(body=page("Port reopens", [words.replace("shipyard", "port")]), headers=HTML)
    third = run_ingest(_settings(db), feeds=_feeds(site))
    assert third.new_items == 2 and third.counts.new_articles == 2
    fourth = run_ingest(_settings(db), feeds=_feeds(site))
    assert fourth.counts.feeds_not_modified == 2 and fourth.new_items == 0


def test_limit_leaves_the_rest_for_the_next_run(site: LoopbackSite, tmp_path: Path) -> None:
    """A --limit'ed run does not store the feed's validators: the next run sees the rest (no 304)."""
    wire = [FeedConfig(name="wire", url=site.url("/wire.xml"), kind="news")]
    db = tmp_path / "w.duckdb"
    assert run_ingest(_settings(db), feeds=wire, limit=2).new_items == 2
    rest = run_ingest(_settings(db), feeds=wire)
    assert rest.counts.feeds_not_modified == 0
    assert rest.new_items == len(WIRE) - 1  # the French page is stored (skipped); the stalled one retried


def _artifact(run_id: str) -> str:
    """The markdown summary artifact the flow run published (read back from the Prefect API)."""
    from uuid import UUID

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=["ingest-summary"]),
            flow_run_id=ArtifactFilterFlowRunId(any_=[UUID(run_id)])))
    assert len(found) == 1 and found[0].type == "markdown"
    return str(found[0].data)


def test_reprocess_reextracts_only_older_versions(site: LoopbackSite, tmp_path: Path) -> None:
    from extractors.pipeline import EXTRACTOR_VERSION
    from flows.ingest import reprocess

    db = tmp_path / "w.duckdb"
    run_ingest(_settings(db), feeds=_feeds(site))
    wh = Warehouse.open(db)
    before = wh.query("select mention_id, sentence from mentions order by 1")
    embargo = _id(site, "/news/embargo-package")
    with wh.transaction() as con:  # pretend two articles were extracted by an older extractor
        con.execute("update articles set extracted_with = 'older/0' where article_id in (?, ?)",
                    [embargo, _id(site, "/news/harbour-festival")])
    unknown = _settings(db).replace(spacy_model="no_such_model", spacy_fallback="no_such_fallback")
    with pytest.raises(MonitorError, match="no_such_model"):  # the model setting reaches reprocess
        reprocess(wh, unknown)
    done = reprocess(wh, _settings(db))
    assert (done.version, done.articles, done.failures) == (EXTRACTOR_VERSION, 2, 0)
    assert wh.query("select count(*) from articles where extracted_with = ?", [EXTRACTOR_VERSION]) == [(6,)]
    assert wh.query("select mention_id, sentence from mentions order by 1") == before
    assert reprocess(wh, _settings(db)).articles == 0


def test_run_extracts_with_the_model_the_settings_name(site: LoopbackSite, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    unknown = _settings(db).replace(spacy_model="no_such_model", spacy_fallback="no_such_fallback")
    with pytest.raises(MonitorError, match="no_such_model"):
        run_ingest(unknown, feeds=_feeds(site), limit=1)
    assert Warehouse.open(db).query("select status from runs") == [("failed",)]


def test_limit_and_since(site: LoopbackSite, tmp_path: Path) -> None:
    wire = [FeedConfig(name="wire", url=site.url("/wire.xml"), kind="news")]
    limited = run_ingest(_settings(tmp_path / "a.duckdb"), feeds=wire, limit=2)
    assert limited.new_items == 2
    fetched = {k.split("?")[0] for k in site.hits if k.startswith("/news/")}
    assert fetched == {FRENCH_PATH, STALLED}  # the two newest items of the feed
    site.hits.clear()
    dated = run_ingest(_settings(tmp_path / "b.duckdb"), feeds=wire, since="2026-03-03")
    fetched = {k.split("?")[0] for k in site.hits if k.startswith("/news/")}
    assert fetched == set(WIRE) - {"/news/embargo-package", "/news/old-story", BINARY, EMPTY}
    assert dated.counts.items_seen == len(WIRE) and dated.new_items == len(WIRE) - 4


def test_crash_mid_run_keeps_raw_pages_and_marks_the_run_failed(site: LoopbackSite, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    Warehouse.open(db)

    def sabotage(path: str, headers: dict[str, str]) -> Route:
        con = duckdb.connect(str(db))  # another writer breaks the schema while the run is fetching
        con.execute("alter table articles rename to articles_gone")
        con.close()
        return Route(body=page("Quiet day at the port", ["Nothing of note happened at the port. " * 12]))

    site.routes["/news/harbour-festival"] = sabotage
    wire = [FeedConfig(name="wire", url=site.url("/wire.xml"), kind="news")]
    with pytest.raises(Exception, match="articles"):
        run_ingest(_settings(db), feeds=wire)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from raw_pages").fetchone()[0] >= 4
    status, error = con.execute("select status, error from runs").fetchone()  # type: ignore[misc]
    assert status == "failed" and "articles" in error


def _flow_state(run_id: str) -> str:
    """The Prefect state type of the flow run (read back from the API)."""
    from uuid import UUID

    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        state = client.read_flow_run(UUID(run_id)).state
    assert state is not None
    return state.type.value


def test_every_feed_failing_fails_the_run_with_a_hint(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with LoopbackSite() as gone:  # a port that was served and is closed now: connection refused
        url = gone.url("/feed.xml")
    with pytest.raises(IngestFailed, match="every source failed") as raised:
        run_ingest(_settings(db), feeds=[FeedConfig(name="gone", url=url, kind="news")])
    summary = raised.value.summary
    assert summary.status == "failed" and summary.counts.feeds_failed == 1
    assert "connect_error" in str(summary.error) and "network reachable" in str(summary.error)
    assert _flow_state(summary.run_id) == "FAILED"
    wh = Warehouse.open(db)
    assert wh.query("select name, last_status from feeds") == [("gone", "failed")]
    assert wh.query("select kind, outcome from fetch_log") == [("feed", "failed")]
    assert wh.query("select status, error from runs") == [("failed", summary.error)]
    assert "| failed sources | gone (connect_error) |" in _artifact(summary.run_id)


def test_address_guard_refusal_names_the_settings_to_change(site: LoopbackSite, tmp_path: Path) -> None:
    guarded = _settings(tmp_path / "w.duckdb").replace(allow_loopback=False)
    with pytest.raises(IngestFailed) as raised:
        run_ingest(guarded, feeds=_feeds(site))
    error = str(raised.value)
    assert "blocked_address" in error and "SANCTIONS_MONITOR_ALLOW_LOOPBACK" in error
    assert "SANCTIONS_MONITOR_ALLOW_HOSTS" in error and "network reachable" not in error
    assert _flow_state(raised.value.summary.run_id) == "FAILED"


def test_storing_nothing_while_feeds_had_new_items_fails_the_run(site: LoopbackSite, tmp_path: Path) -> None:
    site.routes["/failing.xml"] = Route(body=rss(site, "Failing", [FAILING]),
                                        headers={"Content-Type": "application/rss+xml"})
    feeds = [FeedConfig(name="failing", url=site.url("/failing.xml"), kind="news")]
    with pytest.raises(IngestFailed, match=r"stored nothing: 1 new item\(s\).*http_500") as raised:
        run_ingest(_settings(tmp_path / "w.duckdb"), feeds=feeds)
    summary = raised.value.summary
    assert summary.failed_sources == {} and summary.counts.page_failures == 1
    assert _flow_state(summary.run_id) == "FAILED"


def test_a_partial_failure_completes_and_names_the_failed_source(site: LoopbackSite, tmp_path: Path) -> None:
    with LoopbackSite() as gone:
        url = gone.url("/feed.xml")
    feeds = [*_feeds(site), FeedConfig(name="gone", url=url, kind="news")]
    summary = run_ingest(_settings(tmp_path / "w.duckdb"), feeds=feeds)
    assert summary.status == "completed" and summary.failed_sources == {"gone": "connect_error"}
    assert _flow_state(summary.run_id) == "COMPLETED"
    assert "| failed sources | gone (connect_error) |" in _artifact(summary.run_id)


def test_only_alert_delivery_is_retried_within_the_run(site: LoopbackSite, tmp_path: Path) -> None:
    from tests.helpers.webhook_receiver import WebhookReceiver

    db = tmp_path / "w.duckdb"
    with WebhookReceiver(fail_first=1) as hook:
        settings = _settings(db).replace(alerts=(hook.url,), alerts_file=tmp_path / "alerts.jsonl")
        summary = run_ingest(settings, feeds=_feeds(site))
    wh = Warehouse.open(db)
    sent = wh.query("select alert_id, attempts from alerts where destination <> 'log+file' "
                    "and status = 'sent'")
    assert sent and summary.counts.alerts_sent == len(sent) == len(hook.received)
    # the first try of the first alert failed; the retried delivery sent it
    assert sorted(n for _, n in sent) == [1] * (len(sent) - 1) + [2]
    assert summary.notes == [] and wh.query("select alerts_sent from runs") == [(len(sent),)]
    # the retry re-ran the delivery only: each claim event was recorded (and queued) once
    events = wh.query("select count(*), count(distinct claim_id || event) from claim_events")[0]
    assert events[0] == events[1] == len(sent)


def test_quadratic_entity_feed_stores_small_fields_and_the_reason(site: LoopbackSite, tmp_path: Path) -> None:
    refs = "&e;" * 10_000  # one 10 KB entity, 10,000 references: ~130 KB, 100 M characters if expanded
    body = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "{"A" * 10_000}">]><rss version="2.0">'
            f"<channel><title>{refs}</title><item><title>{refs}</title><author>{refs}</author>"
            f"<link>{site.url('/news/harbour-festival')}</link></item></channel></rss>").encode()
    site.routes["/hostile.xml"] = Route(body=body, headers={"Content-Type": "application/rss+xml"})
    db = tmp_path / "w.duckdb"
    summary = run_ingest(_settings(db), feeds=[FeedConfig(name="hostile", url=site.url("/hostile.xml"),
                                                          kind="news")])
    assert summary.status == "completed"
    wh = Warehouse.open(db)
    ((title, author),) = wh.query("select title, author from articles where article_id = ?",
                                  [_id(site, "/news/harbour-festival")])
    assert len(title) <= 1_000 and len(author) <= 300 and "A" * 100 not in title + author
    (longest,) = wh.query("select max(length(coalesce(title, ''))) from articles")[0]
    assert longest <= 1_000
    ((outcome, detail),) = wh.query("select outcome, detail from fetch_log where kind = 'feed'")
    assert outcome == "malformed" and "entity declarations removed" in detail  # "undefined entity"


def _flaky_site(site: LoopbackSite, closed_port_url: str) -> None:
    """/flaky.xml lists a page whose body is cut mid-way after a 200, a redirect to a closed port,
    and a good page."""
    title, paragraphs = "Harbour festival", ["The harbour festival opened with boats and music."] * 3
    site.routes["/cut"] = Route(body=page(title, paragraphs), headers=HTML, cut_after=120)
    site.routes["/hop"] = Route(status=302, headers={"Location": closed_port_url})
    links = "".join(f"<item><title>{p}</title><link>{site.url(p)}</link></item>"
                    for p in ("/cut", "/hop", "/news/harbour-festival"))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{links}</channel></rss>'
    site.routes["/flaky.xml"] = Route(
        body=feed.encode(),
        headers={"Content-Type": "application/rss+xml", "ETag": '"flaky-1"'})


def test_transient_failures_after_a_status_are_retried_then_given_up(
    site: LoopbackSite, tmp_path: Path
) -> None:
    with LoopbackSite() as gone:
        closed = gone.url("/moved")
    _flaky_site(site, closed)
    db = tmp_path / "w.duckdb"
    settings = _settings(db).replace(page_attempts=3, page_retry_after=0.0)
    feeds = [FeedConfig(name="flaky", url=site.url("/flaky.xml"), kind="news")]
    wh = Warehouse.open(db)

    def state() -> dict[str, tuple[int, str, bool]]:
        return {u.rsplit("/", 1)[1]: (n, e, g) for u, n, e, g in wh.query(
            "select url, attempts, last_error, gave_up from page_retries")}

    run_ingest(settings, feeds=feeds)
    assert state() == {"cut": (1, "protocol_error", False), "hop": (1, "connect_error", False)}
    stored = dict(wh.query("select url, status from articles"))
    assert stored == {site.url("/news/harbour-festival"): "ok"}  # neither flaky page is written off
    assert wh.query("select etag from feeds where name = 'flaky'") == [(None,)]  # listed again next run
    with pytest.raises(IngestFailed, match="stored nothing"):  # only the two flaky pages were due
        run_ingest(settings, feeds=feeds)
    assert state() == {"cut": (2, "protocol_error", False), "hop": (2, "connect_error", False)}
    site.routes["/cut"] = Route(body=page("Harbour festival", ["Boats and music at the harbour."] * 3),
                                headers=HTML)  # the network recovers for this page
    run_ingest(settings, feeds=feeds)
    assert state() == {"hop": (3, "connect_error", True)}
    rows = {u: (s, r) for u, s, r in wh.query("select url, status, skip_reason from articles")}
    assert rows[site.url("/cut")] == ("ok", None)
    assert rows[site.url("/hop")] == ("failed", "connect_error (3 attempts)")
    hits = site.hits["/hop"]
    run_ingest(settings, feeds=feeds)
    assert site.hits["/hop"] == hits  # failed for good: never fetched again


def test_transient_failure_backs_off_across_runs(site: LoopbackSite, tmp_path: Path) -> None:
    with LoopbackSite() as gone:
        closed = gone.url("/moved")
    _flaky_site(site, closed)
    db = tmp_path / "w.duckdb"
    settings = _settings(db).replace(page_attempts=3, page_retry_after=3600.0)
    feeds = [FeedConfig(name="flaky", url=site.url("/flaky.xml"), kind="news")]
    run_ingest(settings, feeds=feeds)
    cut_hits = site.hits["/cut"]
    run_ingest(settings, feeds=feeds)
    assert site.hits["/cut"] == cut_hits  # not due yet: the second run leaves it alone
    wh = Warehouse.open(db)
    ((attempts, wait),) = wh.query("select attempts, epoch(next_attempt_at - last_failed_at) "
                                   "from page_retries where url = ?", [site.url("/cut")])
    assert attempts == 1 and wait == 3600
    assert wh.query("select etag from feeds where name = 'flaky'") == [(None,)]  # the item is not lost


def test_no_alert_secret_reaches_prefects_database(site: LoopbackSite, tmp_path: Path) -> None:
    import sqlite3

    from prefect.logging.handlers import APILogWorker
    from prefect.settings import PREFECT_API_DATABASE_CONNECTION_URL

    from tests.helpers.webhook_receiver import WebhookReceiver

    token = "tok-S3CR3T-7f3a9c51"
    db = tmp_path / "w.duckdb"
    with WebhookReceiver() as hook:
        secret_url = hook.url.replace("json://", f"json://alerts:{token}@")
        settings = _settings(db).replace(alerts=(secret_url,), alerts_file=tmp_path / "alerts.jsonl")
        summary = run_ingest(settings, feeds=_feeds(site))
    assert summary.status == "completed" and hook.received  # the destination was read and used
    APILogWorker.drain_all(timeout=5)  # the run's logs are in the database too
    url = PREFECT_API_DATABASE_CONNECTION_URL.value()
    con = sqlite3.connect(url.split(":///", 1)[1])
    try:
        dump = "\n".join(con.iterdump())  # flow and task runs, their parameters, logs, artifacts
    finally:
        con.close()
    assert str(db) in dump  # the run's parameters are there ...
    assert token not in dump  # ... but not the alert destination's secret
