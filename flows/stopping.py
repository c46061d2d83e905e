"""How a process running a flow ends on SIGTERM or SIGINT: within seconds, its run rows closed, no
child process left (issue 10 #4).

The first signal does what it always did (Prefect's SIGTERM bridge raises in the flow, SIGINT raises
KeyboardInterrupt; with no handler at all SIGTERM becomes SystemExit, so that `atexit` still stops
Prefect's temporary API server) and starts a watchdog. Unwinding normally closes the run row and
stops the server. When it does not finish within STOP_GRACE seconds (Ctrl-C reaches the whole process
group, so Prefect's temporary server dies first and every API call of the unwinding is retried against
a dead server), or at a second signal, the watchdog closes the rows of the runs still open itself,
ends this process's children and exits with 128 + the signal number.

`on_signals()` wraps a command (the CLI); `arm(key, close)` / `disarm(key)` bracket one run (the run
row's opening and closing): they re-wrap the handlers Prefect installs inside a flow and register
`close(reason)`, which the watchdog calls for a run still open.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from flows import processes

STOP_GRACE = 5.0  # seconds the normal unwinding gets before the watchdog ends the process
SIGNALS = (signal.SIGTERM, signal.SIGINT)
Handler = Callable[[int, FrameType | None], Any] | int | None
log = logging.getLogger(__name__)

_open: dict[str, Callable[[str], None]] = {}  # run key -> close(reason), for the runs now open
_saved: dict[str, dict[int, Handler]] = {}  # run key -> the handlers arm() wrapped
_now = threading.Event()  # set by a second signal: the watchdog acts at once
_watching: list[threading.Thread] = []
_delegating: list[int] = []  # non-empty while a wrapper calls the handler it wraps (main thread only)


@contextmanager
def on_signals() -> Iterator[None]:
    """Within the block, SIGTERM/SIGINT end the process as described above (main thread only)."""
    saved = _wrap()
    try:
        yield
    finally:
        _restore(saved)


def arm(key: str, close: Callable[[str], None]) -> None:
    """A run is open: the watchdog calls `close(reason)` if the process must end before it closes."""
    _open[key] = close
    _saved[key] = _wrap()


def disarm(key: str) -> None:
    """The run `key` has closed its row (idempotent)."""
    _open.pop(key, None)
    _restore(_saved.pop(key, {}))


def _wrap() -> dict[int, Handler]:
    """Wrap the current handlers of SIGNALS; returns the ones replaced ({} off the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    saved: dict[int, Handler] = {}
    for sig in SIGNALS:
        previous = signal.getsignal(sig)
        signal.signal(sig, _handler(previous))
        saved[sig] = previous
    return saved


def _restore(saved: dict[int, Handler]) -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    for sig, previous in saved.items():
        signal.signal(sig, previous if previous is not None else signal.SIG_DFL)


def _handler(previous: Handler) -> Callable[[int, FrameType | None], None]:
    def handle(signum: int, frame: FrameType | None) -> None:
        if not _delegating:  # an outer wrapper of ours already counted this signal
            _start_watchdog(signum)
        if callable(previous):
            _delegating.append(signum)
            try:
                previous(signum, frame)
            finally:
                _delegating.pop()
        elif previous == signal.SIG_IGN:
            return
        elif signum == signal.SIGINT:
            raise KeyboardInterrupt
        else:
            raise SystemExit(128 + signum)

    return handle


def _start_watchdog(signum: int) -> None:
    if _watching:  # a second signal: end now
        _now.set()
        return
    watchdog = threading.Thread(target=_watch, args=(signum,), name="stop-watchdog", daemon=True)
    _watching.append(watchdog)
    watchdog.start()


def _watch(signum: int) -> None:
    _now.wait(STOP_GRACE)  # the normal unwinding's time; the process usually exits before
    name = signal.Signals(signum).name
    for key, close in list(_open.items()):
        try:
            close(f"stopped by {name}: the process ended before the run could close its row")
        except Exception as exc:  # the next run marks it abandoned; ending the process matters more
            log.warning("could not close run %s: %s", key, exc)
    processes.end(processes.descendants(), grace=2.0)
    os._exit(128 + signum)
