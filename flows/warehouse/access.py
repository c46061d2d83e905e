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

One run holds the warehouse at a time (`hold_run`): an exclusive lock on `<db>.run.lock` for as long as
the run lasts, released by the kernel when its process ends, even by SIGKILL. Both waits (the run
lock, a write window) go through one loop, `_wait_for`, which says what it waits for, who holds it and
for how long it has waited.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb

from extractors.errors import MonitorError
from flows import processes
from flows.processes import Process

LOCK_WAIT = 60.0  # seconds a write window waits for another process to let go of the file
RUN_WAIT = 60.0  # seconds a run waits for another run to let go of the warehouse (setting run_wait)
SAY_EVERY = 5.0  # seconds between two "waiting for the warehouse lock" lines
_PID = re.compile(r"\(PID (\d+)\)")  # how DuckDB names the process holding a file's lock
T = TypeVar("T")
Say = Callable[[str], None]
log = logging.getLogger(__name__)


def is_lock_error(exc: duckdb.Error) -> bool:
    """True when DuckDB refused the file because another process holds its lock."""
    text = str(exc).lower()
    return "lock" in text or "being used by another process" in text


def connect_waiting(
    path: Path, wait: float = LOCK_WAIT, read_only: bool = False, say: Say | None = None
) -> duckdb.DuckDBPyConnection:
    """duckdb.connect(path), retried with backoff while the file is locked by another process, saying
    so (`say`, default: a warning on this module's logger) with the holder's PID and the time waited."""
    refused: list[duckdb.Error] = []

    def attempt() -> duckdb.DuckDBPyConnection | None:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise MonitorError(f"cannot open the warehouse {path}: {exc}") from exc
            refused[:] = [exc]
            return None

    def holder() -> str:
        found = _PID.search(str(refused[-1])) if refused else None
        return describe(processes.current(int(found.group(1)))) if found else "another process"

    def give_up(held_by: str) -> MonitorError:
        return MonitorError(
            f"the warehouse {path} stayed locked by another process ({held_by}) for {wait:.0f} s; close "
            f"other sessions on it (analysts can read the published snapshot instead): {refused[-1]}")

    return _wait_for(attempt, holder, give_up, wait, say)


def describe(proc: Process, started: str | None = None) -> str:
    """`PID n, started at t` for a message (t: the run's start if given, else the process's)."""
    if started is None:
        at = processes.started_at(proc)
        started = f"{at:%Y-%m-%d %H:%M:%S} UTC" if at else "an unknown time"
    return f"PID {proc.pid}, started at {started}"


def _wait_for(
    attempt: Callable[[], T | None], holder: Callable[[], str], give_up: Callable[[str], MonitorError],
    wait: float, say: Say | None, quiet: float = 1.0,
) -> T:
    """The one lock wait: `attempt()` until it returns something, backing off (0.05 s doubling to 1 s),
    saying after `quiet` s and then every SAY_EVERY s "waiting for the warehouse lock (held by ...)"
    with the time waited; `give_up(holder)` is raised once `wait` s have passed."""
    tell = say or log.warning
    started = time.monotonic()
    deadline = started + wait
    pause, next_say, said = 0.05, started + quiet, False
    while True:
        got = attempt()
        now = time.monotonic()
        if got is not None:
            if said:
                tell(f"the warehouse lock is free after {now - started:.1f} s of waiting")
            return got
        if now >= next_say:
            said = True
            tell(f"waiting for the warehouse lock (held by {holder()}): {now - started:.0f} s so far, "
                 f"giving up after {wait:.0f} s")
            next_say = now + SAY_EVERY
        if now >= deadline:
            raise give_up(holder())
        time.sleep(min(pause, deadline - now))  # backing off while another process holds the lock
        pause = min(pause * 2, 1.0)


@contextmanager
def writer(path: Path, wait: float = LOCK_WAIT) -> Iterator[duckdb.DuckDBPyConnection]:
    """`with writer(db) as con:` a connection opened with `connect_waiting`, closed afterwards."""
    con = connect_waiting(path, wait)
    try:
        yield con
    finally:
        con.close()


def run_lock_path(db_path: Path | str) -> Path:
    """`<db>.run.lock` next to the warehouse: the run lock's file (it names the holding run)."""
    db = Path(db_path)
    return db.with_name(db.name + ".run.lock")


class RunLock:
    """The warehouse held by one run: `hold_run(db)` ... `release()`.

    The file records the holder (PID, process start, the run's start) and the processes it had started
    (`children`, e.g. Prefect's temporary API server); `release()` empties it. A record found on
    acquiring therefore belongs to a run whose process died without releasing (SIGKILL, power loss):
    its children still alive are ended (`cleaned` names them).
    """

    def __init__(self, db: Path, handle: int, cleaned: list[Process]) -> None:
        self.db = db
        self._handle: int | None = handle
        self.cleaned = cleaned

    def record(self, run_id: str) -> None:
        """Write the holder record: this process, the run, now, and this process's children now."""
        me = processes.current()
        record = {
            "pid": me.pid, "start": me.start, "run_id": run_id,
            "started_at": f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC",
            "children": [[c.pid, c.start, c.command] for c in processes.descendants()],
        }
        self._write(json.dumps(record).encode())

    def release(self) -> None:
        """Empty the record and let go of the lock (idempotent)."""
        if self._handle is None:
            return
        try:
            self._write(b"")
        finally:
            os.close(self._handle)  # closing the descriptor releases the flock
            self._handle = None

    def _write(self, data: bytes) -> None:
        assert self._handle is not None, "the run lock was released"
        os.ftruncate(self._handle, 0)
        os.pwrite(self._handle, data, 0)
        os.fsync(self._handle)


def hold_run(db_path: Path | str, wait: float = RUN_WAIT, say: Say | None = None) -> RunLock:
    """Take the warehouse for one run, waiting at most `wait` s for a run holding it (saying so), then
    raising MonitorError "a run (PID n, started at t) holds <db>". Ends what a killed holder left."""
    db = Path(db_path)
    path = run_lock_path(db)
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise MonitorError(f"cannot create the run lock {path}: {exc}") from exc

    def attempt() -> int | None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        return handle

    def holder() -> str:
        record = _Holder.read(handle)
        return describe(Process(record.pid), record.started_at) if record else "a run that is starting"

    def give_up(held_by: str) -> MonitorError:
        os.close(handle)
        return MonitorError(f"a run ({held_by}) holds {db}; waited {wait:.0f} s for it (set "
                            "SANCTIONS_MONITOR_RUN_WAIT to wait longer)")

    _wait_for(attempt, holder, give_up, wait, say, quiet=0.0)
    left = _Holder.read(handle)
    cleaned = processes.end([p for p in left.children if p.alive()]) if left else []
    for proc in cleaned:
        assert left is not None
        (say or log.warning)(f"ended process {proc.pid} ({proc.command[:80]}) left by run {left.run_id} "
                             f"(PID {left.pid}), which ended without finishing")
    return RunLock(db, handle, cleaned)


@dataclass(frozen=True)
class _Holder:
    """The record in the run lock file."""

    pid: int
    run_id: str
    started_at: str
    children: list[Process]

    @classmethod
    def read(cls, handle: int) -> _Holder | None:
        """The record, None when the file is empty or unreadable (no holder, or one still writing)."""
        try:
            got = json.loads(os.pread(handle, 1 << 20, 0) or b"null")
            return cls(int(got["pid"]), str(got["run_id"]), str(got["started_at"]),
                       [Process(int(p), int(s), str(c)) for p, s, c in got["children"]])
        except (OSError, ValueError, TypeError, KeyError):
            return None


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
