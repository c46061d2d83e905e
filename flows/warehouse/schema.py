"""The warehouse schema and its SQL files (flows/warehouse/sql/, package data).

Files: `sql_path` / `read_sql` find and read them, the same way in a checkout and an installed wheel.
Views come in layers, as dbt's: `staging/` (one view per finding type over the raw tables),
`intermediate/` (the generic projection over the staging views), `marts/` (claims and articles for
analysts); each layer reads only the layers before it, so they are applied in that order.

Migrations: migrations/NNN_name.sql applied once each, in order, recorded. Each file runs in its own
transaction and is recorded in `schema_migrations(name, applied_at)` in that same transaction, so a
file is either fully applied and recorded or not at all. A gap (a pending file numbered below one
already applied, so it would run out of order), a duplicate number, or a recorded name that no file
carries is a structural surprise: StructureError, nothing applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from extractors.errors import StructureError
from flows.settings import package_path


def sql_path(*parts: str) -> Path:
    """Path of a file under flows/warehouse/sql/ (found the same way in a checkout and a wheel)."""
    return package_path("warehouse", "sql", *parts)


def read_sql(*parts: str) -> str:
    """The text of `sql/<parts>`; a missing file is a structural error."""
    path = sql_path(*parts)
    if not path.is_file():
        raise StructureError(f"SQL file {path} is missing")
    return path.read_text(encoding="utf-8")


VIEW_LAYERS = ("staging", "intermediate", "marts")


def view_files() -> list[Path]:
    """The views of every layer, layer by layer (VIEW_LAYERS), in name order within a layer."""
    return [path for layer in VIEW_LAYERS for path in sorted(sql_path(layer).glob("*.sql"))]


def missing_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the views (view_files) that this connection cannot see (persistent or temporary)."""
    present = {
        r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()
    }
    return [p.stem for p in view_files() if p.stem not in present]


def apply_views(con: duckdb.DuckDBPyConnection, temporary: bool = False) -> list[str]:
    """(Re)create every view, layer by layer; `temporary` makes them session-only (read-only connections).

    Each file holds one `create or replace view <file stem> as ...` statement.
    """
    names = []
    for path in view_files():
        sql = path.read_text(encoding="utf-8")
        marker = "create or replace view"
        if marker not in sql:
            raise StructureError(f"{path.name} must contain one '{marker} {path.stem} as ...' statement")
        if temporary:
            sql = sql.replace(marker, "create or replace temp view", 1)
        con.execute(sql)
        names.append(path.stem)
    return names


def is_read_only(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection's database was opened read-only."""
    row = con.execute(
        "select readonly from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    return bool(row and row[0])


def ensure_views(con: duckdb.DuckDBPyConnection, read_only: bool | None = None) -> None:
    """Make sure the analyst views exist: persistent on a writable connection, temporary otherwise.

    `read_only=None` asks the connection itself.
    """
    if missing_views(con):
        apply_views(con, temporary=is_read_only(con) if read_only is None else read_only)


_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_TABLE = """create table if not exists schema_migrations (
    name       varchar primary key,
    applied_at timestamptz not null default current_timestamp
)"""


@dataclass(frozen=True)
class Migration:
    """One migration file: its number, its file name (the recorded name) and its path."""

    number: int
    name: str
    path: Path


def discover(directory: Path | None = None) -> list[Migration]:
    """The migration files in number order; a duplicate number or a badly named .sql file is an error.

    Numbers may skip (each area owns a range: warehouse 003-009, reports 010-019, alerts 020-029).
    """
    directory = directory if directory is not None else sql_path("migrations")
    found: list[Migration] = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if match is None:
            raise StructureError(f"migration file {path.name!r} is not named NNN_name.sql")
        found.append(Migration(int(match.group(1)), path.name, path))
    for before, after in zip(found, found[1:], strict=False):
        if before.number == after.number:
            raise StructureError(f"migrations share number {after.number:03d}: {before.name} {after.name}")
    return found


def applied(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names recorded in schema_migrations (creating the table if this is a fresh database)."""
    con.execute(_TABLE)
    return [row[0] for row in con.execute("select name from schema_migrations order by name").fetchall()]


def pending(con: duckdb.DuckDBPyConnection, migrations: list[Migration]) -> list[Migration]:
    """Migrations not yet applied; a recorded name with no file, or applied out of order, is an error."""
    done = applied(con)
    known = {m.name for m in migrations}
    unknown = sorted(set(done) - known)
    if unknown:
        raise StructureError(
            f"the warehouse records migration(s) this code does not have: {', '.join(unknown)} "
            "(a newer version wrote it, or a file was renamed)"
        )
    todo = [m for m in migrations if m.name not in done]
    highest = max((m.number for m in migrations if m.name in done), default=0)
    below = [m.name for m in todo if m.number < highest]
    if below:
        raise StructureError(
            f"migration gap: {', '.join(below)} would run after the already applied {highest:03d}_*.sql "
            "(files must be added above the last applied number; rebuild a development database)"
        )
    return todo


def migrate(con: duckdb.DuckDBPyConnection, directory: Path | None = None) -> list[str]:
    """Apply every pending migration, one transaction per file; returns the names applied now."""
    todo = pending(con, discover(directory))
    for migration in todo:
        sql = migration.path.read_text(encoding="utf-8")
        con.begin()
        try:
            con.execute(sql)
            con.execute("insert into schema_migrations (name) values (?)", [migration.name])
        except duckdb.Error as exc:
            con.rollback()
            raise StructureError(f"migration {migration.name} failed: {exc}") from exc
        con.commit()
    return [m.name for m in todo]
