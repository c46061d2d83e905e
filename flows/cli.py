"""The `sanctions-monitor` command line: run, demo, reprocess, plus the other areas' commands.

Settings come only from flows/settings.py (`Settings.load(**flags)`). A MonitorError becomes a clear
one-line message and exit code 1 (the traceback only with --debug).
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from extractors.errors import MonitorError
from flows.prefect_env import apply_defaults

apply_defaults()  # no telemetry, patient ephemeral API start-up; before anything imports prefect

app = typer.Typer(
    name="sanctions-monitor", no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
    help="Watch news and official feeds for arms transfers, UN Security Council resolution violations and "
    "sanctions; keep every finding with its evidence in DuckDB.",
)
err = Console(stderr=True)
_state = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])
DEMO_DB = Path("data/demo.duckdb")

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


@app.command()
@guarded
def run(feeds: FeedsOpt = None, db: DbOpt = None, since: SinceOpt = None, limit: LimitOpt = None) -> None:
    """One ingestion run as a Prefect flow (local ephemeral API unless PREFECT_API_URL is set): poll the
    feeds, fetch new articles, clean, extract findings and load them into DuckDB; prints a summary."""
    from flows.feeds_config import load_feeds
    from flows.ingest import run_ingest
    from flows.ingest_steps import parse_since
    from flows.settings import Settings
    from flows.summary import print_summary

    settings = Settings.load(feeds=feeds, db=db)
    sources = load_feeds(settings.feeds)  # a bad feeds file or date fails here, before Prefect starts
    summary = run_ingest(settings, feeds=sources, since=parse_since(since), limit=limit, show_progress=True)
    print_summary(summary)


@app.command()
@guarded
def demo(
    db: Annotated[Path, typer.Option("--db", help="Warehouse file for the demo.")] = DEMO_DB,
) -> None:
    """Offline demo: serve the bundled sample site on loopback, run the same ingestion flow against it
    into a fresh ./data/demo.duckdb, then print what was stored (articles, findings by type, examples),
    the daily digest report and the alerts the run would have sent (./data/demo.alerts.jsonl; the HTML
    digest is ./data/demo.digest.html). The demo site gets a new port each time, so the demo warehouse
    is rebuilt on every demo run."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")  # the demo prints its own account
    from flows.after_load import digest_path
    from flows.demo import demo_site
    from flows.demo_report import print_demo_end
    from flows.ingest import run_ingest
    from flows.settings import Settings
    from flows.snapshot import snapshot_path
    from flows.stored import print_stored
    from flows.summary import print_summary
    from flows.warehouse import Warehouse

    alerts_file = db.with_name(f"{db.stem}.alerts.jsonl")
    settings = Settings.load(db=db, allow_loopback=True, alerts_file=alerts_file)
    for old in (settings.db, Path(f"{settings.db}.wal"), snapshot_path(settings.db), alerts_file):
        old.unlink(missing_ok=True)
    with demo_site() as site:
        summary = run_ingest(settings, feeds=list(site.feeds), show_progress=True)
    print_summary(summary)
    print_stored(Warehouse.open(settings.db))
    print_demo_end(settings.db, alerts_file, digest_path(settings.db))


@app.command()
@guarded
def reprocess(since: SinceOpt = None, db: DbOpt = None) -> None:
    """Re-extract stored articles whose findings came from an older extractor version (no network),
    replacing their findings in one transaction per batch, then rebuild the claims. --since limits it
    to articles published (else fetched) on or after that date."""
    from flows.ingest_steps import parse_since
    from flows.reprocess import reprocess as do_reprocess
    from flows.settings import Settings
    from flows.warehouse import Warehouse

    settings = Settings.load(db=db)
    if not Path(settings.db).is_file():
        raise MonitorError(f"no warehouse at {settings.db}: nothing to reprocess (pass --db)")
    started: datetime | None = parse_since(since)
    done = do_reprocess(Warehouse.open(settings.db), started, show_progress=True)
    Console().print(
        f"re-extracted {done.articles} article(s) with {done.version}: {done.mentions} finding(s), "
        f"{done.failures} failure(s), {done.elapsed:.1f} s"
    )
    if done.articles:  # findings changed: rebuild claims (alerts for their events go out next run)
        from flows.after_run import after_run

        after = after_run(settings.db, digest=False, snapshot=settings.snapshot)
        Console().print(f"claims rebuilt: {after.changes.claims} claim(s), {len(after.changes.events)} new "
                        f"event(s), {len(after.changes.removed)} no longer supported")


# Commands implemented in their own modules (each imports its heavy dependencies lazily).
PLUGINS: tuple[tuple[str, str, str], ...] = (
    ("flows.cli_extract", "extract_cmd", "extract"),
    ("flows.cli_reports", "report_cmd", "report"),
    ("flows.cli_reports", "sql_cmd", "sql"),
    ("flows.eval_cmd", "eval_cmd", "eval"),
)
for _module, _attr, _command in PLUGINS:
    app.command(_command)(guarded(getattr(importlib.import_module(_module), _attr)))
app.add_typer(importlib.import_module("flows.cli_lists").lists_app)  # lists refresh | diff | match


if __name__ == "__main__":
    app()
