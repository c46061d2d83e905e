"""Processes of this machine as a run sees them: who holds the warehouse, which children a run started,
and ending them. Read from /proc (Linux); elsewhere a process is known by its PID alone and no
children are found.

A PID is reused after its process ends, so a process is named by (pid, start) where `start` is its
start time in clock ticks since boot: a recorded child is ended only while both still match.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Process:
    """One process: its PID, its start (clock ticks since boot, 0 when unknown) and its command line."""

    pid: int
    start: int = 0
    command: str = ""

    def alive(self) -> bool:
        """True while this very process (same PID and start time) runs and is not a zombie."""
        stat = _stat(self.pid)
        if stat is None:
            return _signal_ok(self.pid) if self.start == 0 else False
        return stat[1] != "Z" and (self.start == 0 or stat[3] == self.start)


def current(pid: int | None = None) -> Process:
    """This process (or `pid`) as a Process, with its start time and command line."""
    pid = os.getpid() if pid is None else pid
    stat = _stat(pid)
    return Process(pid, stat[3] if stat else 0, _command(pid))


def started_at(proc: Process) -> datetime | None:
    """When the process started (UTC), from its start ticks and the boot time; None when unknown."""
    if proc.start == 0:
        return None
    try:
        boot = next(int(line.split()[1]) for line in (PROC / "stat").read_text().splitlines()
                    if line.startswith("btime "))
    except (OSError, StopIteration, ValueError):
        return None
    return datetime.fromtimestamp(boot + proc.start / os.sysconf("SC_CLK_TCK"), UTC)


def descendants(pid: int | None = None) -> list[Process]:
    """Every living process below `pid` (default: this one), children first."""
    parent_of: dict[int, int] = {}
    try:
        entries = [p for p in PROC.iterdir() if p.name.isdigit()]
    except OSError:
        return []
    for entry in entries:
        stat = _stat(int(entry.name))
        if stat is not None and stat[1] != "Z":
            parent_of[int(entry.name)] = stat[2]
    found: list[Process] = []
    frontier = [os.getpid() if pid is None else pid]
    while frontier:
        below = sorted(child for child, parent in parent_of.items() if parent in frontier)
        found.extend(current(child) for child in below)
        frontier = below
    return [p for p in found if p.start]


def end(processes: list[Process], grace: float = 3.0) -> list[Process]:
    """SIGTERM each living process, SIGKILL those still alive after `grace` s; returns those ended."""
    living = [p for p in processes if p.alive()]
    for proc in living:
        _send(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while any(p.alive() for p in living) and time.monotonic() < deadline:
        time.sleep(0.05)  # polling the processes' state with a deadline
    for proc in living:
        if proc.alive():
            _send(proc.pid, signal.SIGKILL)
    return living


def _stat(pid: int) -> tuple[int, str, int, int] | None:
    """(pid, state, ppid, start ticks) from /proc/<pid>/stat, None when there is no such process."""
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rfind(")") + 2:].split()  # the command name in brackets may hold spaces
    try:
        return pid, fields[0], int(fields[1]), int(fields[19])
    except (IndexError, ValueError):
        return None


def _command(pid: int) -> str:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode("utf-8", "replace").strip()[:200]


def _signal_ok(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _send(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)
