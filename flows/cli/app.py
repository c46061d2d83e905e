"""The `sanctions-monitor` Typer app: the shared options, and errors as one clear line.

Settings come only from flows/settings.py (`Settings.load(**flags)`). A MonitorError becomes a clear
one-line message and exit code 1 (the traceback only with --debug). The commands live next to this
module and are registered in flows/cli/__init__.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from extractors.errors import MonitorError
from flows.settings import apply_prefect_defaults

apply_prefect_defaults()  # no telemetry, patient ephemeral API start-up; before anything imports prefect

app = typer.Typer(
    name="sanctions-monitor", no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
    help="Watch news and official feeds for arms transfers, UN Security Council resolution violations and "
    "sanctions; keep every finding with its evidence in DuckDB.",
)
err = Console(stderr=True)
_state = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])

FeedsOpt = Annotated[Path | None, typer.Option(
    "--feeds", help="Feeds file (TOML, one feed table per source). Default: feeds.toml of the installation.")]
DbOpt = Annotated[Path | None, typer.Option(
    "--db", help="DuckDB warehouse file (created if missing). Default: data/warehouse.duckdb or "
    "SANCTIONS_MONITOR_DB.")]
SinceOpt = Annotated[str | None, typer.Option(
    "--since", help="Only items published on/after this date (2026-03-01 or 2026-03-01T12:00, UTC). "
    "Undated items are kept.")]
LimitOpt = Annotated[int | None, typer.Option(
    "--limit", min=0, help="Fetch at most N new articles, newest first.")]


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")] = False,
) -> None:
    """sanctions-monitor: feeds -> articles -> findings -> DuckDB."""
    _state["debug"] = debug


@contextmanager
def _errors() -> Iterator[None]:
    """MonitorError -> one line on stderr and exit 1 (re-raised with --debug)."""
    try:
        yield
    except MonitorError as exc:
        if _state["debug"]:
            raise
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None


def guarded(fn: F) -> F:
    """Wrap a command so MonitorError becomes a clear message; typer still sees fn's signature."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _errors():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
