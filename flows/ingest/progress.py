"""Progress display for a run: rich bars on a terminal, nothing at all otherwise.

The flow reports through `RunProgress.stage(name, total)` and `RunProgress.advance(name, n)` whether
or not anything is drawn, so the flow code has no branches for it.
"""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class RunProgress:
    """`with RunProgress(enabled) as p: p.stage("fetch", 40); p.advance("fetch", 10)`."""

    def __init__(self, enabled: bool | None = None, console: Console | None = None) -> None:
        console = console or Console(stderr=True)
        if enabled is None:
            enabled = console.is_terminal and sys.stderr.isatty()
        self.enabled = enabled
        self._bars: dict[str, TaskID] = {}
        self._progress: Progress | None = None
        if enabled:
            self._progress = Progress(
                TextColumn("[bold]{task.description:<8}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=console, transient=False,
            )

    def __enter__(self) -> RunProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def stage(self, name: str, total: int) -> None:
        """Show (or resize) the bar of a stage."""
        if self._progress is None:
            return
        if name in self._bars:
            self._progress.update(self._bars[name], total=total)
        else:
            self._bars[name] = self._progress.add_task(name, total=total)

    def advance(self, name: str, n: int = 1) -> None:
        """Move a stage's bar forward by n."""
        if self._progress is not None and name in self._bars:
            self._progress.advance(self._bars[name], n)
