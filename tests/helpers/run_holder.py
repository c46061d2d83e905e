"""A real second process holding the warehouse's run lock (as a run does), for the lock and CLI tests.

`start_holder(db)` returns the process once it holds the lock (it says so on stdout); `let_go(proc)`
makes it release and exit. With `child=True` it first starts a long-lived child process, as a run
starts Prefect's temporary API server, and prints the child's PID.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent

HOLDER = """
import subprocess, sys
from flows.warehouse.access import hold_run
sleeper = [sys.executable, "-c", "import time; time.sleep(600)"]
child = subprocess.Popen(sleeper) if sys.argv[2] == "child" else None
lock = hold_run(sys.argv[1], 5)
lock.record("r-first")
print(f"holding {child.pid if child else 0}", flush=True)
sys.stdin.readline()
lock.release()
"""


def start_holder(db: Path, child: bool = False) -> tuple[subprocess.Popen[str], int]:
    """The holding process and its child's PID (0 without a child)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), "child" if child else "none"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line.startswith("holding "), line
    return proc, int(line.split()[1])


def let_go(proc: subprocess.Popen[str]) -> None:
    """Tell the holder to release the lock, and wait for it to exit."""
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()
    assert proc.wait(30) == 0
