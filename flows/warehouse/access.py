"""Access to the warehouse file across processes: writers wait out a lock, readers read a snapshot.

DuckDB lets one process write a database file, and while a process holds the file (even read-only)
no other process can open it. The warehouse writes in short windows; `connect_waiting` / `writer`
open the file for a write window, waiting (bounded, backing off) while another process holds it,
then give up with a clear MonitorError.

Readers never block a run: after each run the writer publishes a consistent copy,
`<db>.snapshot.duckdb`: the schema and every table's rows (but the raw page bodies, see NO_DATA) into
a temporary file inside one transaction, then `os.replace` (atomic: a reader sees the old copy or the
new one, never half of either). `open_for_reading` reads the snapshot when one exists, and the live
file read-only only when there is no snapshot yet, or when asked (`live=True`: the live file if
free, else the snapshot, with a note saying so).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from extractors.errors import MonitorError

LOCK_WAIT = 60.0  # seconds a write window waits for another process to let go of the file


def is_lock_error(exc: duckdb.Error) -> bool:
    """True when DuckDB refused the file because another process holds its lock."""
    text = str(exc).lower()
    return "lock" in text or "being used by another process" in text


def connect_waiting(
    path: Path, wait: float = LOCK_WAIT, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """duckdb.connect(path), retried with backoff while the file is locked by another process."""
    deadline = time.monotonic() + wait
    pause = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise MonitorError(f"cannot open the warehouse {path}: {exc}") from exc
            if time.monotonic() + pause > deadline:
                raise MonitorError(
                    f"the warehouse {path} stayed locked by another process for {wait:.0f} s; close other "
                    f"sessions on it (analysts can read the published snapshot instead): {exc}"
                ) from exc
        time.sleep(pause)  # backing off while another process holds the file, not a synchronisation
        pause = min(pause * 2, 1.0)


@contextmanager
def writer(path: Path, wait: float = LOCK_WAIT) -> Iterator[duckdb.DuckDBPyConnection]:
    """`with writer(db) as con:` a connection opened with `connect_waiting`, closed afterwards."""
    con = connect_waiting(path, wait)
    try:
        yield con
    finally:
        con.close()


# Tables whose rows stay out of the snapshot (the table is there, empty): raw page bodies are most of the
# warehouse's bytes, analysts read the cleaned text and the findings, and `reprocess` reads the warehouse.
NO_DATA = frozenset({"raw_pages"})


@dataclass
class Reader:
    """A read-only connection and where it reads from."""

    con: duckdb.DuckDBPyConnection
    path: Path  # the file actually opened
    snapshot: bool  # True when the live warehouse was locked and the published snapshot is read
    note: str | None  # a sentence for the analyst when reading the snapshot

    def close(self) -> None:
        """Close the connection."""
        self.con.close()


def snapshot_path(db_path: Path | str) -> Path:
    """`<db>.snapshot.duckdb` next to the warehouse (`data/w.duckdb` -> `data/w.duckdb.snapshot.duckdb`)."""
    db = Path(db_path)
    return db.with_name(db.name + ".snapshot.duckdb")


def publish_snapshot(db_path: Path | str, con: duckdb.DuckDBPyConnection | None = None) -> Path:
    """Copy the warehouse to its snapshot path consistently and atomically; returns the snapshot path.

    Call it from the writing process (pass its connection as `con`, or none: the file is opened here).
    The copy is one transaction of `con`, so rows written by other transactions meanwhile are either
    wholly in it or not at all.
    """
    db = Path(db_path)
    target = snapshot_path(db)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temp.unlink(missing_ok=True)
    own = con is None
    connection = connect_waiting(db) if con is None else con
    try:
        row = connection.execute("select current_database()").fetchone()
        connection.execute("attach ? as sm_snapshot", [str(temp)])
        try:
            _copy(connection, row[0] if row else db.stem)
        finally:
            connection.execute("detach sm_snapshot")
        os.replace(temp, target)
    except duckdb.Error as exc:
        temp.unlink(missing_ok=True)
        raise MonitorError(f"could not publish a snapshot of {db} to {target}: {exc}") from exc
    finally:
        if own:
            connection.close()
    return target


def _copy(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Schema, then the rows of every table but those in NO_DATA, into `sm_snapshot`, in one transaction
    (like `attach`, it needs a connection with no transaction open)."""
    quoted = source.replace('"', '""')  # an identifier, not a value
    con.execute("begin")
    try:
        con.execute(f'copy from database "{quoted}" to sm_snapshot (schema)')
        tables = con.execute(
            "select table_name from duckdb_tables() where database_name = ? and schema_name = 'main' "
            "order by table_name", [source],
        ).fetchall()
        for (table,) in tables:
            if table not in NO_DATA:
                name = table.replace('"', '""')
                con.execute(f'insert into sm_snapshot.main."{name}" select * from "{quoted}".main."{name}"')
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def open_for_reading(db_path: Path | str, live: bool = False) -> Reader:
    """A read-only connection to the warehouse for analysts, with a note saying what is read.

    Default: the snapshot published after the last run if there is one (never blocks a writer), else
    the live file. `live=True`: the live file if no writer holds it, else the snapshot. Raises
    MonitorError when nothing can be read (no warehouse; or locked with no snapshot yet).
    """
    db = Path(db_path)
    if not db.exists():
        raise MonitorError(f"no warehouse at {db}{_others(db)}")
    snap = snapshot_path(db)
    if snap.exists() and not live:
        return _snapshot(
            snap,
            f"reading the snapshot published after the last run ({_age(snap)}); "
            "--live reads the warehouse itself (a run cannot write while you read)",
        )
    try:
        return Reader(duckdb.connect(str(db), read_only=True), db, False, None)
    except duckdb.Error as exc:
        if not is_lock_error(exc):
            raise MonitorError(f"cannot open {db} read-only: {exc}") from exc
        locked = exc
    if not snap.exists():
        raise MonitorError(
            f"{db} is being written by another process and no snapshot has been published yet "
            f"({snap}); try again when the run ends. DuckDB said: {locked}"
        )
    return _snapshot(
        snap,
        f"{db} is being written by a run right now; reading the snapshot published "
        f"after the last run ({_age(snap)})",
    )


def _others(db: Path) -> str:
    """The hint after 'no warehouse at X': the warehouses next to it (the demo writes demo.duckdb)."""
    near = sorted(
        str(p) for p in db.parent.glob("*.duckdb") if not p.name.endswith(".snapshot.duckdb")
    ) if db.parent.is_dir() else []
    if near:
        return f"; found {', '.join(near)}: pass --db {near[0]} (or set SANCTIONS_MONITOR_DB)"
    return " (run `sanctions-monitor run` first, or pass --db; `demo` writes data/demo.duckdb)"


def _snapshot(snap: Path, note: str) -> Reader:
    try:
        return Reader(duckdb.connect(str(snap), read_only=True), snap, True, note)
    except duckdb.Error as exc:
        raise MonitorError(f"cannot open the snapshot {snap}: {exc}") from exc


def _age(path: Path) -> str:
    published = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return f"{path}, {published:%Y-%m-%d %H:%M} UTC"
