"""`sanctions-monitor run` while another run holds the warehouse: it waits (bounded), saying so, then
exits 1 with one line naming the holding run; nothing of it is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.ingest import FeedConfig
from flows.warehouse import Warehouse
from tests.helpers.ingest_site import write_feeds_toml
from tests.helpers.run_holder import let_go, start_holder


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_while_another_holds_the_warehouse_exits_1_naming_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "data" / "warehouse.duckdb"
    Warehouse.open(db)
    feeds = write_feeds_toml([FeedConfig("wire", "http://127.0.0.1:9/feed.xml", "news")], tmp_path / "f.toml")
    proc, _ = start_holder(db)
    try:
        env = {"SANCTIONS_MONITOR_RUN_WAIT": "1", "SANCTIONS_MONITOR_ALERTS_FILE": str(tmp_path / "a.jsonl")}
        got = CliRunner().invoke(app, ["run", "--feeds", str(feeds), "--db", str(db)], env=env)
    finally:
        let_go(proc)
    assert got.exit_code == 1, got.output
    last = got.output.strip().splitlines()[-1]
    assert re.match(rf"error: a run \(PID {proc.pid}, started at [-\d]+ [:\d]+ UTC\) holds "
                    rf"{re.escape(str(db))}", last), got.output
    said = [r.getMessage() for r in caplog.records]  # the run's log (terminal and Prefect)
    waiting = f"waiting for the warehouse lock (held by PID {proc.pid}, started at "
    assert any(m.startswith(waiting) for m in said), said
    assert Warehouse.open(db).query("select count(*) from runs") == [(0,)]
