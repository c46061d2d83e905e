"""The command line: help on every command, clear one-line errors, reprocess without network."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.warehouse import Warehouse

runner = CliRunner()


@pytest.mark.parametrize(
    "command", ["run", "demo", "serve-demo", "reprocess", "extract", "report", "sql", "eval"])
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


@pytest.mark.usefixtures("prefect_harness")
def test_run_where_every_source_failed_prints_the_summary_and_exits_1(tmp_path: Path) -> None:
    from flows.demo import LoopbackSite
    from flows.ingest import FeedConfig
    from tests.helpers.ingest_site import write_feeds_toml

    with LoopbackSite() as gone:  # closed port: connection refused
        url = gone.url("/feed.xml")
    feeds = write_feeds_toml([FeedConfig("gone", url, "news")], tmp_path / "f.toml")
    env = {"SANCTIONS_MONITOR_ALLOW_LOOPBACK": "1",
           "SANCTIONS_MONITOR_ALERTS_FILE": str(tmp_path / "a.jsonl")}
    got = runner.invoke(app, ["run", "--feeds", str(feeds), "--db", str(tmp_path / "w.duckdb")], env=env)
    assert got.exit_code == 1, got.output
    assert "failed sources" in got.output and "gone (connect_error)" in got.output
    assert "error: ingest run failed: every source failed (connect_error)" in got.output
    assert "Traceback" not in got.output


@pytest.mark.parametrize(
    "command", ["run", "demo", "serve-demo", "reprocess", "extract", "report", "sql", "eval"])
def test_help_shows_no_python_type_names(command: str) -> None:
    got = runner.invoke(app, [command, "--help"], terminal_width=200)
    assert got.exit_code == 0
    for stray in ("<bool>", "<str>", "<path>", "<int", "<float>", "list["):
        assert stray not in got.output, (command, stray)


@pytest.mark.parametrize(("args", "says"), [
    (["run", "--bogus"], "No such option: --bogus"),
    (["run", "--limit", "x"], "Invalid value for '--limit'"),
    (["run", "--limit", "-1"], "Invalid value for '--limit'"),
    (["sql"], "Missing argument 'QUERY'"),
    (["nope"], "No such command 'nope'"),
    (["report", "--format"], "Option '--format' requires an argument"),
    (["serve-demo", "--port", "70000"], "Invalid value for '--port'"),
])
def test_framework_usage_errors_are_one_line_and_exit_1(args: list[str], says: str) -> None:
    got = runner.invoke(app, args, terminal_width=80)
    assert got.exit_code == 1, got.output
    lines = [line for line in got.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], got.output


def test_a_long_error_stays_one_line(tmp_path: Path) -> None:
    Warehouse.open(tmp_path / "w.duckdb")
    got = runner.invoke(app, ["reprocess", "--since", "soon", "--db", str(tmp_path / "w.duckdb")],
                        terminal_width=40)
    assert got.exit_code == 1 and len(got.output.strip().splitlines()) == 1, got.output
    assert "an age like 24h, 7d" in got.output


def test_run_and_report_since_share_one_syntax() -> None:
    from datetime import UTC, datetime, timedelta

    from flows.ingest import parse_since
    from flows.reports.catalogue import Param

    as_report = Param("since", "timestamp", None, "").convert("7d")
    as_run = parse_since("7d")
    assert as_run is not None and abs(as_run - as_report) < timedelta(seconds=5)
    day = parse_since("24h")
    assert day is not None and abs(datetime.now(UTC) - timedelta(hours=24) - day) < timedelta(seconds=5)
    assert parse_since("2026-03-01") == datetime(2026, 3, 1, tzinfo=UTC) == Param(
        "since", "timestamp", None, "").convert("2026-03-01")


def test_reprocess_since_takes_an_age(tmp_path: Path) -> None:
    Warehouse.open(tmp_path / "w.duckdb")
    got = runner.invoke(app, ["reprocess", "--since", "7d", "--db", str(tmp_path / "w.duckdb")])
    assert got.exit_code == 0 and "re-extracted 0 article(s)" in got.output


def test_extract_refuses_a_pdf_with_one_line(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_text("%PDF-1.7\nNorth Korea supplied rockets to the Wagner Group, officials said.\n")
    got = runner.invoke(app, ["extract", str(pdf)])
    assert got.exit_code == 1
    lines = got.output.strip().splitlines()
    assert len(lines) == 1 and ".pdf files are not supported" in lines[0], got.output


def test_unreachable_prefect_api_is_one_line_and_exit_1(tmp_path: Path) -> None:
    """PREFECT_API_URL pointing at a closed loopback port: one line naming it, exit 1, nothing written."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.demo import LoopbackSite

    with LoopbackSite() as gone:  # closed port: connection refused
        api = gone.url("/api")
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feed]]\nname = "a"\nurl = "https://example.org/rss"\nkind = "news"\n')
    db = tmp_path / "w.duckdb"
    with temporary_settings({PREFECT_API_URL: api}):
        got = runner.invoke(app, ["run", "--feeds", str(feeds), "--db", str(db)])
    assert got.exit_code == 1, got.output
    lines = got.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the Prefect API at " + api), got.output
    assert "cannot be reached" in lines[0] and "PREFECT_API_URL" in lines[0]
    assert not db.exists()


def test_extract_bounds_a_hostile_file_and_says_so(tmp_path: Path) -> None:
    import json

    from tests.helpers.hostile_page import hostile_text

    path = tmp_path / "hostile.txt"
    path.write_text(hostile_text(300_000), encoding="utf-8")
    env = {"SANCTIONS_MONITOR_MAX_CANDIDATES": "30", "SANCTIONS_MONITOR_MAX_FINDINGS": "12"}
    got = runner.invoke(app, ["extract", str(path)], env=env)
    assert got.exit_code == 0, got.output
    notes = [ln for ln in got.stderr.splitlines() if "extraction bounded" in ln]
    assert len(notes) == 1 and "candidate sentences: 30 of " in notes[0]
    findings = [json.loads(ln) for ln in got.stdout.splitlines()]
    assert 0 < len(findings) <= 12 and all(f["file"] == str(path) for f in findings)
