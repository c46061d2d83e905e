"""`sanctions-monitor report` and `sql` through the real typer app, on a real DuckDB file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.helpers.warehouse_rows import claim_id, digest_scenario, warehouse

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "w.duckdb"
    con = warehouse(path)
    digest_scenario(con)
    con.close()
    return path


def test_report_csv_json_markdown_rows(db: Path) -> None:
    out = runner.invoke(app, ["report", "transfer_claims", "--db", str(db), "--format", "csv"])
    assert out.exit_code == 0, out.output
    table = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["supplier"], r["recipient"], r["status"], r["n_outlets"]) for r in table] == [
        ("North Korea", "Russia", "disputed", "2"),
        ("Belarus", "Russia", "disputed", "1"),
        ("Russia", "Iran", "planned", "1"),
        ("Iran", "Russia", "asserted", "1"),
    ]
    claim = claim_id("arms_transfer", "PRK", "RUS", "missiles")
    out = runner.invoke(app, ["report", "claim_timeline", "--claim", claim, "--db", str(db), "-f", "json"])
    assert out.exit_code == 0, out.output
    assert [(r["stance"], r["outlet"]) for r in json.loads(out.stdout)] == [
        ("asserted", "wire.example"),
        ("asserted", "copies.example"),
        ("denied", "daily.example"),
    ]
    out = runner.invoke(app, ["report", "un_violations", "--db", str(db), "-f", "markdown"])
    assert out.stdout.splitlines()[2].startswith("| DPRK | 1718 | North Korea | 1 | 1 | 0 | 1 |")


def test_report_daily_digest_html_is_the_digest_page(db: Path) -> None:
    out = runner.invoke(app, ["report", "daily_digest", "--hours", "48", "--db", str(db), "--format", "html"])
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("<!doctype html>") and "<svg " in out.stdout
    assert "North Korea → Russia: missiles" in out.stdout


def test_report_list_and_clear_errors(db: Path) -> None:
    out = runner.invoke(app, ["report", "--list"])
    assert out.exit_code == 0 and "claim_timeline" in out.stdout and "--claim (required)" in out.stdout
    out = runner.invoke(app, ["report", "runs", "--claim", "x", "--db", str(db)])
    assert out.exit_code == 1 and "does not take --claim" in out.output
    out = runner.invoke(app, ["report", "claim_timeline", "--db", str(db)])
    assert out.exit_code == 1 and "needs --claim" in out.output
    out = runner.invoke(app, ["report", "daily_digest", "--since", "yesterday", "--db", str(db)])
    assert out.exit_code == 1 and "--since 'yesterday': expected timestamp: 2026-03-01" in out.output
    out = runner.invoke(app, ["report", "claim_timeline", "--claim", "nope", "--db", str(db)])
    assert out.exit_code == 1 and "no claim 'nope'" in out.output


def test_wide_table_becomes_one_record_per_block_on_a_narrow_terminal(db: Path) -> None:
    narrow = runner.invoke(app, ["report", "transfer_claims", "--db", str(db)], env={"COLUMNS": "80"})
    assert narrow.exit_code == 0, narrow.output
    assert "one record per block" in narrow.stdout and "-- 4 --" in narrow.stdout
    lines = narrow.stdout.splitlines()
    first = lines.index(next(line for line in lines if line.startswith("-- 1 --")))
    assert lines[first + 1].split() == ["supplier", "North", "Korea"]  # column name, then its value
    wide = runner.invoke(app, ["report", "transfer_claims", "--db", str(db)], env={"COLUMNS": "400"})
    assert "one record per block" not in wide.stdout and "┃ supplier" in wide.stdout


def test_sql_reads_and_refuses_writes(db: Path) -> None:
    out = runner.invoke(
        app,
        [
            "sql",
            "select type, count(*) as n from claims group by type order by type",
            "--db",
            str(db),
            "--format",
            "csv",
        ],
    )
    assert out.exit_code == 0, out.output
    assert out.stdout == "type,n\narms_transfer,4\nsanction,2\nun_violation,2\n"
    for statement in (
        "delete from claims",
        "create table x (a int)",
        "select 1; drop table claims",
        "copy claims to '/tmp/claims.csv'",
        "attach 'other.duckdb'",
        "explain analyze delete from claims",
    ):
        out = runner.invoke(app, ["sql", statement, "--db", str(db)])
        assert out.exit_code == 1, statement
        assert "only runs read queries" in out.output or "exactly one query" in out.output
    out = runner.invoke(app, ["sql", "select count(*) from claims", "--db", str(db), "-f", "json"])
    assert json.loads(out.stdout) == [{"count_star()": 8}]  # nothing was deleted
    out = runner.invoke(app, ["sql", "select * from no_such_table", "--db", str(db)])
    assert out.exit_code == 1 and "the query failed" in out.output


def test_sql_on_a_never_refreshed_warehouse_uses_temporary_views(tmp_path: Path) -> None:
    path = tmp_path / "fresh.duckdb"
    warehouse(path).close()  # migrated, no claims refresh yet: the views do not exist in the file
    out = runner.invoke(
        app, ["sql", "select count(*) as n from arms_transfers", "--db", str(path), "-f", "csv"]
    )
    assert out.exit_code == 0, out.output
    assert out.stdout == "n\n0\n"
    with duckdb.connect(str(path), read_only=True) as con:  # and nothing was written to the file
        assert con.execute("select count(*) from duckdb_views() where not internal").fetchone() == (0,)


def test_reads_the_published_snapshot_and_says_so(tmp_path: Path) -> None:
    from flows.warehouse import publish_snapshot

    path = tmp_path / "w.duckdb"
    con = warehouse(path)
    digest_scenario(con)
    publish_snapshot(path, con)
    con.execute("delete from claims")  # written after the snapshot: only --live sees it
    con.close()
    out = runner.invoke(app, ["sql", "select count(*) as n from claims", "--db", str(path), "-f", "csv"])
    assert out.exit_code == 0 and out.stdout == "n\n8\n"
    assert "published after the last run" in out.stderr
    out = runner.invoke(
        app, ["sql", "select count(*) as n from claims", "--db", str(path), "--live", "-f", "csv"]
    )
    assert out.exit_code == 0 and out.stdout == "n\n0\n" and out.stderr == ""
