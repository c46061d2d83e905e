"""The SQL files (flows/warehouse/sql/, package data): find and read them, apply the analyst views.

Migrations, views, the claims refresh, reports, the digest and alert queries keep their SQL there
(lower-case CTE chains, parameters bound); this module only finds and reads those files. Views come
in layers, as dbt's: `staging/` (one view per finding type over the raw tables), `intermediate/`
(the generic projection over the staging views), `marts/` (claims and articles for analysts); each
layer reads only the layers before it, so they are applied in that order.
"""

from __future__ import annotations

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
