"""A real `sanctions-monitor run` process signalled once it has begun fetching (a slow loopback server
holds its pages): SIGTERM, Ctrl-C to its process group and SIGKILL. The first two end it with its run
row closed and every child process gone; after SIGKILL the next run ends any orphans and marks the dead
run abandoned (issue 10 #4). A one-off run (no PREFECT_API_URL) starts no Prefect server, so it may have
no child at all; whatever children it has are checked."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from flows import processes
from flows.ingest.summary import RunCounts
from flows.warehouse import Warehouse
from tests.helpers.run_process import NewsSite, start_run, until


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT to the group", "SIGKILL"])
def test_a_signalled_run_ends_with_its_row_closed_and_no_process_left(tmp_path: Path, how: str) -> None:
    site = NewsSite(6, hold=threading.Event())
    db, log = tmp_path / "w.duckdb", tmp_path / "run.log"
    proc = start_run(site.feeds_file(tmp_path / "feeds.toml"), db, log)
    try:
        until(lambda: site.pages_asked() > 0 or proc.poll() is not None, "the run asks for a page", 600)
        assert proc.poll() is None, log.read_text()
        children = processes.descendants(proc.pid)
        sig = signal.SIGKILL if how == "SIGKILL" else signal.SIGINT if "SIGINT" in how else signal.SIGTERM
        if "group" in how:
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)
        code = proc.wait(60)
    finally:
        site.stop()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    output = log.read_text(errors="replace")
    wh = Warehouse(db)
    if sig == signal.SIGKILL:
        assert wh.query("select status from runs") == [("running",)]
        if children:
            assert any(c.alive() for c in children)  # the debris the next run must clear
        wh.start_run("next", "ingest")
        try:
            until(lambda: not any(c.alive() for c in children), "the orphans ended", 10)
        finally:
            wh.finish_run("next", "completed", RunCounts(), {})
        assert dict(wh.query("select status, count(*) from runs group by status")) == {
            "abandoned": 1, "completed": 1}
        return
    assert code == 128 + sig, output
    assert wh.query("select status from runs") == [("failed",)], output
    until(lambda: not any(c.alive() for c in children), f"no child left after {how}", 10)
