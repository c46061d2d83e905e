"""The command line: help on every command, clear one-line errors, reprocess without network."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.warehouse import Warehouse

runner = CliRunner()


@pytest.mark.parametrize("command", ["run", "demo", "reprocess", "extract", "report", "sql", "eval"])
def test_every_command_explains_itself(command: str) -> None:
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0 and command in top.output
    got = runner.invoke(app, [command, "--help"])
    assert got.exit_code == 0, got.output
    assert "Usage:" in got.output and len(got.output.split()) > 12


def test_missing_feeds_file_is_one_clear_line_and_exit_1(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    got = runner.invoke(app, ["run", "--feeds", str(tmp_path / "nope.toml"), "--db", db])
    assert got.exit_code == 1
    assert "feeds file not found" in got.output and "Traceback" not in got.output


def test_bad_since_is_refused_before_anything_runs(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feed]]\nname = "a"\nurl = "https://example.org/rss"\nkind = "news"\n')
    db = str(tmp_path / "w.duckdb")
    got = runner.invoke(app, ["run", "--feeds", str(feeds), "--db", db, "--since", "soon"])
    assert got.exit_code == 1 and "--since 'soon'" in got.output
    assert not (tmp_path / "w.duckdb").exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    got = runner.invoke(app, ["--debug", "run", "--feeds", str(tmp_path / "nope.toml")])
    assert got.exit_code == 1 and got.exception is not None
    assert "feeds file not found" in str(got.exception)


def test_reprocess_on_an_empty_warehouse(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    missing = runner.invoke(app, ["reprocess", "--db", str(db)])
    assert missing.exit_code == 1 and "no warehouse at" in missing.output and not db.exists()
    Warehouse.open(db)
    got = runner.invoke(app, ["reprocess", "--db", str(db)])
    assert got.exit_code == 0, got.output
    assert "re-extracted 0 article(s)" in got.output
    assert Warehouse.open(db).query("select count(*) from articles") == [(0,)]


@pytest.mark.usefixtures("prefect_harness")
def test_run_command_ingests_and_prints_the_summary(tmp_path: Path) -> None:
    from flows.ingest import FeedConfig
    from tests.helpers.ingest_site import start_site, write_feeds_toml

    site = start_site()
    try:
        feeds = write_feeds_toml([FeedConfig("mirror", site.url("/mirror.xml"), "news")], tmp_path / "f.toml")
        db = tmp_path / "data" / "w.duckdb"
        env = {"SANCTIONS_MONITOR_ALLOW_LOOPBACK": "1",
               "SANCTIONS_MONITOR_ALERTS_FILE": str(tmp_path / "alerts.jsonl")}
        got = runner.invoke(app, ["run", "--feeds", str(feeds), "--db", str(db), "--limit", "1"], env=env)
    finally:
        site.stop()
    assert got.exit_code == 0, got.output
    assert "new articles" in got.output and "completed" in got.output
    rows = Warehouse.open(db).query("select feed_name, status from articles")
    assert rows == [("mirror", "ok")]  # --limit 1: only the newest item of the feed
