"""`sanctions-monitor demo` end to end: the bundled site on loopback, real Prefect, rows in DuckDB."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.demo import expected


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.usefixtures("prefect_harness")
def test_demo_stores_articles_and_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("SANCTIONS_MONITOR_"):
            monkeypatch.delenv(name)
    got = CliRunner().invoke(app, ["demo"])
    assert got.exit_code == 0, got.output
    db = tmp_path / "data" / "demo.duckdb"
    assert db.is_file()
    con = duckdb.connect(str(db), read_only=True)
    assert _count(con, "select count(*) from articles where status = 'ok'") >= 20
    assert _count(con, "select count(*) from articles where skip_reason = 'not_english'") >= 1
    # every stored article keeps its raw page
    assert _count(con, "select count(*) from articles a left join raw_pages r using (content_hash) "
                       "where a.status = 'ok' and r.content_hash is null") == 0
    # the broken feeds are recorded per source and the run went on
    assert _count(con, "select count(*) from fetch_log where kind = 'feed' and outcome = 'failed'") >= 1
    assert _count(con, "select count(*) from mentions") > 0
    assert _count(con, "select count(distinct type) from mentions") >= 2
    run = con.execute("select status, new_articles, mentions from runs").fetchall()
    assert len(run) == 1
    status, new_articles, mentions = run[0]
    assert status == "completed"
    originals = "select count(*) from articles where status = 'ok' and duplicate_of is null"
    assert new_articles == _count(con, originals)
    assert mentions == _count(con, "select count(*) from mentions")
    assert "articles stored" in got.output and "findings" in got.output and "examples" in got.output
    # the syndicated copies the demo site labels point at their original
    copies = [(e["path"], e["duplicate_of"]) for e in expected() if e.get("duplicate_of")]
    assert copies
    for copy, original in copies:
        pair = con.execute("select c.duplicate_of, o.article_id from articles c, articles o "
                           "where c.url like ? and o.url like ?", ["%" + copy, "%" + original]).fetchall()
        assert len(pair) == 1 and pair[0][0] == pair[0][1], copy
    # the demo ends with the digest report and the alerts it would have sent
    assert "report daily_digest" in got.output and "alerts:" in got.output
    alerts = (tmp_path / "data" / "demo.alerts.jsonl").read_text().splitlines()
    assert len(alerts) == _count(con, "select count(*) from alerts where destination = 'log+file' "
                                      "and status = 'sent'") > 0
    assert _count(con, "select count(*) from claims") > 0
    digest = (tmp_path / "data" / "demo.digest.html").read_text()
    assert "<svg" in digest and "North Korea" in digest
