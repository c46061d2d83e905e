"""Page work on a real Dask cluster: a `dask scheduler` and `dask worker` processes on loopback, Prefect
(test harness), HTTP on loopback, DuckDB files in a temp dir. A run on Dask must store exactly what a
local run of the same site stores, survive a worker killed mid-run, record a batch that raises and
refuse an unreachable scheduler with one line."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client
from typer.testing import CliRunner

from flows.cli import app
from flows.demo import LoopbackSite, Route
from flows.ingest import FeedConfig, IngestFailed, reprocess, run_ingest
from flows.ingest.scaleout import ClusterError
from flows.settings import Settings
from flows.warehouse import Warehouse
from tests.helpers.dask_cluster import DaskCluster, dask_cluster, free_port
from tests.helpers.ingest_site import WIRE, start_site

pytestmark = pytest.mark.usefixtures("prefect_harness")
Stored = dict[str, list[tuple[object, ...]]]
# what a run stores, by id: a Dask run must give exactly these rows
TABLES = {
    "articles": "select article_id, url, status, skip_reason, duplicate_of, language, text_hash, simhash, "
                "content_hash, extracted_with from articles order by 1",
    "mentions": "select mention_id, article_id, type, sentence, start_offset, end_offset from mentions "
                "order by 1",
    "claims": "select claim_id, type, label, status from claims order by 1",
    "raw_pages": "select content_hash from raw_pages order by 1",
}


@pytest.fixture(scope="module")
def site() -> Iterator[LoopbackSite]:
    site = start_site()
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaskCluster]:
    with dask_cluster(tmp_path_factory.mktemp("dask")) as running:
        yield running


def _settings(db: Path, **changes: object) -> Settings:
    # batches of 2 pages: the syndicated copy lands in another batch than its original
    values: dict[str, object] = {"read_timeout": 1.0, "total_timeout": 2.0, **changes}
    return Settings.load(env={}, db=db, allow_loopback=True, retries=0, backoff=0.01, page_retry_after=0.0,
                         batch_pages=2, **values)


def _feeds(site: LoopbackSite) -> list[FeedConfig]:
    return [FeedConfig(name="wire", url=site.url("/wire.xml"), kind="news"),
            FeedConfig(name="mirror", url=site.url("/mirror.xml"), kind="news")]


def _stored(db: Path) -> Stored:
    wh = Warehouse.open(db)
    return {name: wh.query(sql) for name, sql in TABLES.items()}


@pytest.fixture(scope="module")
def local(site: LoopbackSite, tmp_path_factory: pytest.TempPathFactory) -> Stored:
    """What a local run (no Dask) of the site stores."""
    db = tmp_path_factory.mktemp("local") / "w.duckdb"
    run_ingest(_settings(db), feeds=_feeds(site))
    return _stored(db)


def test_a_dask_run_stores_exactly_what_a_local_run_stores(
    site: LoopbackSite, cluster: DaskCluster, local: Stored, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    summary = run_ingest(_settings(db, dask_address=cluster.address), feeds=_feeds(site))
    assert summary.status == "completed"
    got = _stored(db)
    assert got == local
    # the site has something of everything: syndicated copies across batches, findings and claims
    assert any(row[4] is not None for row in got["articles"]) and got["mentions"] and got["claims"]
    assert (summary.counts.new_articles, summary.counts.duplicates) == (4, 2)
    # robots.txt was fetched once for the run (by the flow), not once per batch by the workers
    assert Warehouse.open(db).query("select count(*) from fetch_log where kind = 'robots'") == [(1,)]


def test_reprocess_on_dask_gives_the_same_findings(
    site: LoopbackSite, cluster: DaskCluster, local: Stored, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    run_ingest(_settings(db), feeds=_feeds(site))
    wh = Warehouse.open(db)
    with wh.transaction() as con:  # as if an older extractor had made every finding
        con.execute("update articles set extracted_with = 'older/0' where status = 'ok'")
        con.execute("delete from mentions")
    done = reprocess(wh, _settings(db, dask_address=cluster.address))
    assert (done.articles, done.failures) == (6, 0)  # every English article, syndicated copies too
    assert _stored(db)["mentions"] == local["mentions"]


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    site: LoopbackSite, cluster: DaskCluster, local: Stored, tmp_path: Path
) -> None:
    victim = cluster.add_worker("victim")
    address = cluster.worker_address("victim")
    killed, watching, over = threading.Event(), threading.Event(), threading.Event()

    def kill_when_busy(client: Client) -> None:  # kill -9 the victim while it holds a batch
        watching.set()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed.is_set() and not over.is_set():
            if client.processing([address]).get(address):  # asked of the scheduler
                os.kill(victim.pid, signal.SIGKILL)
                killed.set()
            time.sleep(0.01)

    slow = {p: site.routes[p] for p in WIRE if isinstance(site.routes[p], Route)}
    with cluster.client() as client:
        try:  # each page answers 0.5 s late (well within the read timeout), so batches are still running
            for path, route in slow.items():
                site.routes[path] = _late(route)
            killer = threading.Thread(target=kill_when_busy, args=(client,))
            killer.start()
            watching.wait(60)
            patient = _settings(tmp_path / "w.duckdb", dask_address=cluster.address, read_timeout=3.0,
                                total_timeout=5.0)
            summary = run_ingest(patient, feeds=_feeds(site))
            over.set()  # stops the watcher if it never saw the victim busy (then the assert below fails)
            killer.join()
        finally:
            site.routes.update(slow)
    assert killed.is_set(), "the victim worker never held a batch"
    assert victim.wait(timeout=10) == -signal.SIGKILL
    assert summary.status == "completed"
    assert _stored(tmp_path / "w.duckdb") == local


def _late(route: Route) -> object:
    def answer(path: str, headers: dict[str, str]) -> Route:
        time.sleep(0.5)  # the server's delay before it answers (a slow site), not a synchronisation
        return route

    return answer


def test_a_batch_that_raises_is_recorded_and_the_next_run_completes(
    site: LoopbackSite, cluster: DaskCluster, local: Stored, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    broken = _settings(db, dask_address=cluster.address, spacy_model="no_such_model",
                       spacy_fallback="no_such_fallback")  # the workers lack the model: every batch raises
    with pytest.raises(IngestFailed) as failed:
        run_ingest(broken, feeds=_feeds(site))
    summary = failed.value.summary
    assert summary.page_errors == {"batch_failed": summary.new_items} and summary.new_items == 11
    assert any("no_such_model" in note for note in summary.notes)
    wh = Warehouse.open(db)
    assert wh.query("select count(*) from articles") == [(0,)]
    assert wh.query("select status from runs") == [("failed",)]
    # nothing was lost: the feeds' validators were not saved, the next run fetches every page
    assert run_ingest(_settings(db, dask_address=cluster.address), feeds=_feeds(site)).status == "completed"
    assert _stored(db) == local


def test_an_unreachable_scheduler_is_one_line_and_exit_1(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feed]]\nname = "a"\nurl = "https://example.org/rss"\nkind = "news"\n')
    nobody = f"tcp://127.0.0.1:{free_port()}"
    got = CliRunner().invoke(app, ["run", "--feeds", str(feeds), "--db", str(tmp_path / "w.duckdb"),
                                   "--dask-address", nobody])
    assert got.exit_code == 1
    lines = [line for line in got.output.splitlines() if line.strip()]
    assert len(lines) == 1 and f"Dask scheduler {nobody} unreachable" in lines[0], got.output
    assert not (tmp_path / "w.duckdb").exists()
    # the flow itself says the same when given the address directly
    with pytest.raises(ClusterError, match="unreachable"):
        run_ingest(Settings.load(env={}, db=tmp_path / "x.duckdb", dask_address=nobody), feeds=[])
