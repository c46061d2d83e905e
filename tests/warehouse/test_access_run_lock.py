"""One run holds the warehouse (flows/warehouse/access.py `hold_run`): a second run waits, saying who
holds it and for how long, then gives up with one clear line; a killed holder's children are ended.

The holder is a real second process; coordination is by its stdout/stdin and by polling with a deadline.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from extractors.errors import MonitorError
from flows.processes import current
from flows.warehouse import Warehouse
from flows.warehouse.access import connect_waiting, hold_run, run_lock_path
from tests.helpers.run_holder import let_go, start_holder

FILE_HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("holding", flush=True)
sys.stdin.readline()
"""


Holder = Callable[..., tuple[subprocess.Popen[str], int]]


@pytest.fixture()
def holder() -> Iterator[Holder]:
    """start(db, child=False): a process holding the run lock (tests/helpers/run_holder.py), killed
    at the end if still there; start(db, file=True): a process with the DuckDB file open instead."""
    started: list[subprocess.Popen[str]] = []

    def start(db: Path, child: bool = False, file: bool = False) -> tuple[subprocess.Popen[str], int]:
        if file:
            proc = subprocess.Popen([sys.executable, "-c", FILE_HOLDER, str(db)], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True)
            assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
            got = proc, 0
        else:
            got = start_holder(db, child)
        started.append(got[0])
        return got

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(30)


def _until(check: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.02)  # polling a condition with a deadline


def test_a_second_run_waits_saying_who_holds_it_then_gives_up(tmp_path: Path, holder: Holder) -> None:
    wh = Warehouse.open(tmp_path / "w.duckdb")
    proc, _ = holder(wh.path)
    said: list[str] = []
    with pytest.raises(MonitorError) as failed:
        wh.start_run("r-second", "ingest", wait=1.5, say=said.append)
    message = str(failed.value)
    assert re.match(rf"a run \(PID {proc.pid}, started at \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC\) holds "
                    rf"{re.escape(str(wh.path))}", message), message
    assert said and said[0].startswith(f"waiting for the warehouse lock (held by PID {proc.pid}, started at ")
    assert re.search(r": \d+ s so far, giving up after 2 s$", said[0]), said
    assert wh.query("select count(*) from runs") == [(0,)]  # nothing done, nothing marked abandoned
    let_go(proc)


def test_a_waiting_run_goes_on_once_the_holder_lets_go(tmp_path: Path, holder: Holder) -> None:
    wh = Warehouse.open(tmp_path / "w.duckdb")
    proc, _ = holder(wh.path)
    said: list[str] = []
    second = threading.Thread(target=lambda: wh.start_run("r-second", "ingest", wait=60, say=said.append))
    second.start()
    _until(lambda: any(s.startswith("waiting for the warehouse lock") for s in said), "a waiting line")
    let_go(proc)
    second.join(60)
    assert any(s.startswith("the warehouse lock is free after ") for s in said), said
    assert wh.query("select run_id, status from runs") == [("r-second", "running")]
    assert run_lock_path(wh.path).read_text().startswith("{")  # the record names the holding run
    from flows.ingest.summary import RunCounts

    wh.finish_run("r-second", "completed", RunCounts(), {})
    assert run_lock_path(wh.path).read_text() == ""  # released: no record left for the next run


def test_a_write_window_waiting_for_the_file_names_the_process_holding_it(
        tmp_path: Path, holder: Holder) -> None:
    wh = Warehouse.open(tmp_path / "w.duckdb")
    proc, _ = holder(wh.path, file=True)
    said: list[str] = []
    got: list[object] = []
    window = threading.Thread(target=lambda: got.append(connect_waiting(wh.path, 60, say=said.append)))
    window.start()
    _until(lambda: bool(said), "a waiting line")
    assert said[0].startswith(f"waiting for the warehouse lock (held by PID {proc.pid}, started at "), said
    let_go(proc)
    window.join(60)
    assert len(got) == 1 and said[-1].startswith("the warehouse lock is free after ")


def test_the_next_run_ends_the_children_a_killed_run_left(tmp_path: Path, holder: Holder) -> None:
    db = tmp_path / "w.duckdb"
    proc, pid = holder(db, child=True)
    child = current(pid)
    assert child.alive() and child.start
    os.kill(proc.pid, signal.SIGKILL)  # the holder dies without letting go; its child lives on
    proc.wait(30)
    assert child.alive()
    said: list[str] = []
    lock = hold_run(db, 10, say=said.append)
    try:
        assert [p.pid for p in lock.cleaned] == [child.pid]
        _until(lambda: not child.alive(), "the orphan ended", 10)
        assert said == [f"ended process {child.pid} ({child.command}) left by run r-first (PID {proc.pid}), "
                        "which ended without finishing"]
    finally:
        lock.release()


def test_reprocess_holds_the_warehouse_like_a_run(tmp_path: Path, holder: Holder) -> None:
    from flows.ingest import reprocess
    from flows.settings import Settings

    wh = Warehouse.open(tmp_path / "w.duckdb")
    settings = Settings.load(db=wh.path).replace(run_wait=1.0)
    proc, _ = holder(wh.path)
    with pytest.raises(MonitorError, match=rf"a run \(PID {proc.pid}, started at .*\) holds "):
        reprocess(wh, settings)
    let_go(proc)
    proc.wait(30)
    assert reprocess(wh, settings).articles == 0  # the lock free: it runs (nothing to re-extract)
    assert run_lock_path(wh.path).read_text() == ""  # and lets go
