"""The `sanctions-monitor` Typer app, its shared options, and the commands that write the warehouse:
`run`, `demo`, `reprocess` (each imports Prefect and spaCy only when it runs: `--help` stays quick).

Settings come only from flows/settings.py (`Settings.load(**flags)`). A MonitorError becomes a clear
one-line message and exit code 1 (the traceback only with --debug). Every command is registered in
flows/cli/__init__.py.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from extractors.errors import MonitorError
from flows.settings import Settings, apply_prefect_defaults

apply_prefect_defaults()  # no telemetry, patient ephemeral API start-up; before anything imports prefect

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


def run_cmd(feeds: FeedsOpt = None, db: DbOpt = None, since: SinceOpt = None, limit: LimitOpt = None) -> None:
    """One ingestion run as a Prefect flow (local ephemeral API unless PREFECT_API_URL is set): poll the
    feeds, fetch new articles, clean, extract findings and load them into DuckDB; prints a summary."""
    from flows.ingest import load_feeds, parse_since, print_summary, run_ingest

    settings = Settings.load(feeds=feeds, db=db)
    sources = load_feeds(settings.feeds)  # a bad feeds file or date fails here, before Prefect starts
    summary = run_ingest(settings, feeds=sources, since=parse_since(since), limit=limit, show_progress=True)
    print_summary(summary)


def demo_cmd(
    db: Annotated[Path, typer.Option("--db", help="Warehouse file for the demo.")] = DEMO_DB,
) -> None:
    """Offline demo: serve the bundled sample site on loopback, run the same ingestion flow against it
    into a fresh ./data/demo.duckdb, then print what was stored (articles, findings by type, examples),
    the daily digest report and the alerts the run would have sent (./data/demo.alerts.jsonl; the HTML
    digest is ./data/demo.digest.html). The demo site gets a new port each time, so the demo warehouse
    is rebuilt on every demo run."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")  # the demo prints its own account
    from flows.demo import demo_site, print_demo_end, print_stored
    from flows.ingest import print_summary, run_ingest
    from flows.reports import digest_path
    from flows.warehouse import Warehouse, snapshot_path

    alerts_file = db.with_name(f"{db.stem}.alerts.jsonl")
    settings = Settings.load(db=db, allow_loopback=True, alerts_file=alerts_file)
    for old in (settings.db, Path(f"{settings.db}.wal"), snapshot_path(settings.db), alerts_file):
        old.unlink(missing_ok=True)
    with demo_site() as site:
        summary = run_ingest(settings, feeds=list(site.feeds), show_progress=True)
    print_summary(summary)
    print_stored(Warehouse.open(settings.db))
    print_demo_end(settings.db, alerts_file, summary.digest or digest_path(settings.db))


def reprocess_cmd(since: SinceOpt = None, db: DbOpt = None) -> None:
    """Re-extract stored articles whose findings came from an older extractor version (no network),
    replacing their findings in one transaction per batch, then rebuild the claims. --since limits it
    to articles published (else fetched) on or after that date."""
    from flows.claims import refresh_claims
    from flows.ingest import parse_since, reprocess
    from flows.ingest.after_run import publish
    from flows.lists.hooks import after_claims
    from flows.warehouse import Warehouse, writer

    settings = Settings.load(db=db)
    if not Path(settings.db).is_file():
        raise MonitorError(f"no warehouse at {settings.db}: nothing to reprocess (pass --db)")
    done = reprocess(Warehouse.open(settings.db), settings, parse_since(since), show_progress=True)
    Console().print(
        f"re-extracted {done.articles} article(s) with {done.version}: {done.mentions} finding(s), "
        f"{done.failures} failure(s), {done.elapsed:.1f} s"
    )
    if done.articles:  # findings changed: rebuild claims (alerts for their events go out next run)
        with writer(settings.db) as con:
            changes = refresh_claims(con)
            after_claims(con)  # flows/lists: fold list-only claim events, reconcile news parties with lists
        Console().print(f"claims rebuilt: {changes.claims} claim(s), {len(changes.events)} new "
                        f"event(s), {len(changes.removed)} no longer supported")
        note = publish(settings)
        if note:
            raise MonitorError(note)
