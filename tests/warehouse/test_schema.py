"""The migration runner against real DuckDB files: once each, in order, gaps and strangers refused."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from extractors.errors import StructureError
from flows.warehouse import Warehouse, sql_path
from flows.warehouse.schema import discover, migrate


def _names(db: Path) -> list[str]:
    con = duckdb.connect(str(db))
    try:
        return [r[0] for r in con.execute("select name from schema_migrations order by name").fetchall()]
    finally:
        con.close()


def test_open_applies_every_migration_once(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "dir" / "w.duckdb"
    Warehouse.open(db)
    files = [m.name for m in discover()]
    assert files[:2] == ["001_ingest.sql", "002_mentions.sql"]
    assert _names(db) == files
    con = duckdb.connect(str(db))
    try:
        assert migrate(con) == []  # second time: nothing to do
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    finally:
        con.close()
    assert {"feeds", "fetch_log", "raw_pages", "articles", "runs", "mentions"} <= tables
    Warehouse.open(db)
    assert _names(db) == files


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    sql = "select count(*) from information_schema.tables where table_name = ?"
    got = con.execute(sql, [name]).fetchone()
    return got == (1,)


def _write(directory: Path, name: str, sql: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(sql, encoding="utf-8")


def test_new_file_is_applied_in_its_own_transaction(tmp_path: Path) -> None:
    mig = tmp_path / "migrations"
    _write(mig, "001_a.sql", "create table a (x integer);")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert migrate(con, mig) == ["001_a.sql"]
    _write(mig, "002_b.sql", "create table b (y integer); insert into b values (1);")
    _write(mig, "003_broken.sql", "create table c (z integer); select * from no_such_table;")
    with pytest.raises(StructureError, match="003_broken.sql"):
        migrate(con, mig)
    # 002 committed, 003 rolled back entirely (its table does not exist, it is not recorded)
    assert con.execute("select count(*) from b").fetchone() == (1,)
    assert not _has_table(con, "c")
    assert [r[0] for r in con.execute("select name from schema_migrations order by name").fetchall()] == [
        "001_a.sql", "002_b.sql"]


def test_gap_below_applied_is_refused(tmp_path: Path) -> None:
    mig = tmp_path / "migrations"
    _write(mig, "001_a.sql", "create table a (x integer);")
    _write(mig, "003_c.sql", "create table c (x integer);")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert migrate(con, mig) == ["001_a.sql", "003_c.sql"]  # ranges may skip numbers
    _write(mig, "002_b.sql", "create table b (x integer);")
    with pytest.raises(StructureError, match="gap"):
        migrate(con, mig)
    assert not _has_table(con, "b")


def test_duplicate_number_is_refused(tmp_path: Path) -> None:
    mig = tmp_path / "migrations"
    _write(mig, "001_a.sql", "create table a (x integer);")
    _write(mig, "001_b.sql", "create table b (x integer);")
    with pytest.raises(StructureError, match="share number 001"):
        discover(mig)


def test_unknown_recorded_name_is_refused(tmp_path: Path) -> None:
    mig = tmp_path / "migrations"
    _write(mig, "001_a.sql", "create table a (x integer);")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con, mig)
    (mig / "001_a.sql").rename(mig / "001_renamed.sql")
    with pytest.raises(StructureError, match="001_a.sql"):
        migrate(con, mig)


def test_badly_named_file_is_refused(tmp_path: Path) -> None:
    mig = tmp_path / "migrations"
    _write(mig, "1_a.sql", "select 1;")
    with pytest.raises(StructureError, match="NNN_name"):
        discover(mig)


def test_sql_dir_is_found_in_the_checkout() -> None:
    assert (sql_path("migrations") / "001_ingest.sql").is_file()
