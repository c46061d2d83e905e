"""Open a DuckDB file, waiting a bounded time while another process holds its lock.

DuckDB allows one writing process, and a process that has the file open (even read-only) keeps the
others out. The warehouse writes in short windows; if an analyst's read-only session happens to hold
the file at that moment, the writer waits for it (up to `wait` seconds, backing off) instead of
failing the run, then gives up with a clear MonitorError.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
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
