"""The README's file names and commands say what the code does (issue 9: an operator pasting it)."""

from __future__ import annotations

import re
from pathlib import Path

from flows.cli.app import DEMO_DB
from flows.reports import digest_path
from flows.settings import Settings

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return README.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_readme_names_the_files_the_demo_and_the_schedule_write() -> None:
    demo = _section("What the demo does")
    assert f"`{digest_path(DEMO_DB)}`" in demo
    assert f"`{DEMO_DB.with_name(DEMO_DB.stem + '.alerts.jsonl')}`" in demo  # as demo_cmd names it
    assert "`data/alerts.jsonl`" not in demo
    default_db = Settings.load(env={}).db
    assert f"`{digest_path(default_db, 'weekly')}`" in _section("Schedule it (operators)")
    assert f"`{digest_path(default_db, 'weekly')}`" in _section("Query it (analysts)")


def test_every_query_line_reads_the_demo_warehouse() -> None:
    block = re.search(r"```sh\n(.*?)```", _section("Query it (analysts)"), re.S)
    assert block is not None
    lines = block.group(1).splitlines()
    assert lines[0] == f"DB={DEMO_DB}"
    commands = [ln for ln in lines if ln.startswith("sanctions-monitor ")]
    assert len(commands) >= 5
    for line in commands:
        assert line == "sanctions-monitor report --list" or "--db $DB" in line, line


def test_the_mention_contract_names_the_offset_columns(con: object) -> None:
    import duckdb

    assert isinstance(con, duckdb.DuckDBPyConnection)
    columns = {row[0] for row in con.execute("describe mentions").fetchall()}
    assert {"start_offset", "end_offset"} <= columns
    assert "`start_offset`/`end_offset`" in _section("The mention contract")
