"""A one-off run with no Prefect API runs the ingest flow in-process (flows/orchestration.py): the same
warehouse rows as a Prefect flow run, no Prefect server started, none left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.demo import LoopbackSite
from flows.ingest import FeedConfig, run_ingest
from flows.orchestration import api_configured, in_process, task
from flows.settings import Settings
from tests.helpers.ingest_site import write_feeds_toml

# what may differ between two runs of the same input: when, which run, how long (an alert's payload
# is compared through its alert_id, title and body: a receiver's payload may name the run and its time)
VOLATILE_TYPES = ("TIMESTAMP", "DATE")
VOLATILE_COLUMNS = {"run_id", "id", "elapsed_ms", "stage_seconds", "payload"}


@contextmanager
def no_prefect_api() -> Iterator[None]:
    """No PREFECT_API_URL (the harness's is set aside) and no ephemeral server allowed: any use of a
    Prefect API raises."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED, temporary_settings

    with temporary_settings(updates={PREFECT_SERVER_EPHEMERAL_ENABLED: False},
                            restore_defaults={PREFECT_API_URL}):
        assert not api_configured()
        yield


def _settings(db: Path) -> Settings:
    return Settings.load(env={}, db=db, allow_loopback=True, read_timeout=1.0, total_timeout=2.0,
                         retries=0, alerts_file=db.with_suffix(".alerts.jsonl"))


def _feeds(site: LoopbackSite) -> list[FeedConfig]:
    return [FeedConfig(name="wire", url=site.url("/wire.xml"), kind="news"),
            FeedConfig(name="mirror", url=site.url("/mirror.xml"), kind="news")]


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every base table's rows (sorted), without the columns that say when or in which run."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        columns: dict[str, list[str]] = {}
        for table, column, kind in con.execute(
            "select c.table_name, c.column_name, c.data_type from information_schema.columns c "
            "join information_schema.tables t using (table_schema, table_name) "
            "where t.table_type = 'BASE TABLE' and c.table_schema = 'main' order by c.ordinal_position"
        ).fetchall():
            if not kind.startswith(VOLATILE_TYPES) and column not in VOLATILE_COLUMNS:
                columns.setdefault(table, []).append(f'"{column}"')
        return {table: sorted(con.execute(f"select {', '.join(cols)} from {table}").fetchall(), key=repr)
                for table, cols in columns.items()}
    finally:
        con.close()


@pytest.mark.usefixtures("prefect_harness")
def test_in_process_run_stores_the_same_rows_as_a_prefect_flow_run(
    site: LoopbackSite, tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        before = len(client.read_flow_runs())
    assert api_configured()
    flow_run = run_ingest(_settings(tmp_path / "flow.duckdb"), feeds=_feeds(site))
    with get_client(sync_client=True) as client:
        assert len(client.read_flow_runs()) == before + 1  # a real Prefect flow run
    with no_prefect_api():
        local = run_ingest(_settings(tmp_path / "local.duckdb"), feeds=_feeds(site))
    assert local.run_id != flow_run.run_id and local.status == flow_run.status == "completed"
    assert local.counts == flow_run.counts and local.counts.mentions > 0
    assert local.claim_events == flow_run.claim_events > 0
    a, b = _rows(tmp_path / "flow.duckdb"), _rows(tmp_path / "local.duckdb")
    assert a.keys() == b.keys()
    for table in a:
        assert a[table] == b[table], table
    assert a["articles"] and a["mentions"] and a["claims"] and a["alerts"] and a["fetch_log"]
    text = (tmp_path / "local.alerts.jsonl").read_text().splitlines()
    assert len(text) == len((tmp_path / "flow.alerts.jsonl").read_text().splitlines()) > 0
    # `reprocess` needs no Prefect API either: an older extractor version's findings re-extracted,
    # claims rebuilt, the same rows again
    con = duckdb.connect(str(tmp_path / "local.duckdb"))
    con.execute("update articles set extracted_with = 'arms/0' where extracted_with is not null")
    con.close()
    with no_prefect_api():
        got = CliRunner().invoke(app, ["reprocess", "--db", str(tmp_path / "local.duckdb")])
    assert got.exit_code == 0, got.output
    assert "re-extracted 0 " not in got.output and "claims rebuilt" in got.output
    assert _rows(tmp_path / "local.duckdb") == a


def test_in_process_task_keeps_its_retries() -> None:
    calls: list[int] = []

    @task(name="flaky", retries=2, retry_delay_seconds=0)
    def flaky(n: int) -> int:
        calls.append(n)
        if len(calls) < 3:
            raise OSError("not yet")
        return n * 2

    with no_prefect_api():
        assert in_process()
        assert flaky(21) == 42 and calls == [21, 21, 21]

    @task(name="broken", retries=1, retry_delay_seconds=[0])
    def broken() -> None:
        calls.append(0)
        raise OSError("always")

    with no_prefect_api(), pytest.raises(OSError, match="always"):
        broken()
    assert calls[3:] == [0, 0]  # one try and one retry, then the task's own error


def _marked(token: str) -> list[int]:
    """Live processes whose environment carries `token` (the command's descendants included)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if token.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find processes")
def test_run_command_without_an_api_starts_no_prefect_server(site: LoopbackSite, tmp_path: Path) -> None:
    """The CLI as an operator runs it, Prefect's default (ephemeral) profile and no PREFECT_API_URL:
    the run completes, no server is started (Prefect's home gets no database) and no process of it
    outlives the command. (--since leaves out every item, so that no model is loaded: the rows are the
    test above's.)"""
    feeds = write_feeds_toml([FeedConfig("mirror", site.url("/mirror.xml"), "news")], tmp_path / "f.toml")
    token = f"orphan-check-{uuid.uuid4()}"
    home = tmp_path / "prefect-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SANCTIONS_MONITOR_"))}
    env.update({"PREFECT_HOME": str(home), "SANCTIONS_MONITOR_ALLOW_LOOPBACK": "1", "ORPHAN_CHECK": token,
                "SANCTIONS_MONITOR_ALERTS_FILE": str(tmp_path / "alerts.jsonl")})
    got = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--feeds", str(feeds), "--db", str(tmp_path / "w.duckdb"),
         "--since", "1d"],
        env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert got.returncode == 0, got.stderr
    assert "completed" in got.stdout and "new articles" in got.stdout
    assert "temporary server" not in got.stderr
    assert not list(home.glob("*.db")), "a Prefect server database was created"
    assert _marked(token) == []
    runs = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True).execute(
        "select status, feeds_polled, items_seen, new_articles from runs").fetchall()
    assert runs == [("completed", 1, 2, 0)]
