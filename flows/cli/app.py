"""The `sanctions-monitor` Typer app, its shared options, and the commands that write the warehouse:
`run`, `demo`, `reprocess` (each imports Prefect and spaCy only when it runs: `--help` stays quick).

Settings come only from flows/settings.py (`Settings.load(**flags)`). A MonitorError becomes a clear
one-line message and exit code 1 (the traceback only with --debug). Every command is registered in
flows/cli/__init__.py.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
import typer.core
from rich.console import Console
from rich.markup import escape
from typer._click import Context
from typer._click import exceptions as usage  # typer's own copy of click: its usage errors

from extractors.errors import MonitorError
from flows.settings import TIME_SYNTAX, Settings, apply_prefect_defaults
from flows.stopping import on_signals

if TYPE_CHECKING:
    from flows.ingest import RunSummary

apply_prefect_defaults()  # no telemetry, patient ephemeral API start-up; before anything imports prefect



def _value_name(self: typer.core.TyperOption, ctx: Context) -> str | None:
    """The option's value column in --help: its metavar (FILE, N, DATE|AGE ...), nothing for a flag;
    never a Python type name (`<bool>`, `<str>`, `<path>`)."""
    return None if self.is_flag else self.metavar


def _argument_type(self: typer.core.TyperArgument, ctx: Context) -> str | None:
    return None  # the argument's name (or metavar) already says what it takes


typer.core.TyperOption.display_type_rich = _value_name  # type: ignore[method-assign]
typer.core.TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign,assignment]


class OneLineErrors(typer.core.TyperGroup):
    """Every error one line on stderr with exit code 1, the CLI framework's own usage errors (unknown
    option, missing argument, bad value) included. No arguments at all shows the help (exit 0)."""

    def main(
        self, args: Sequence[str] | None = None, prog_name: str | None = None,
        complete_var: str | None = None, standalone_mode: bool = True, windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        call = functools.partial(super().main, args, prog_name, complete_var, standalone_mode=False,
                                 windows_expand_args=windows_expand_args, **extra)
        if not standalone_mode:
            return call()
        try:
            code = call()
        except usage.NoArgsIsHelpError as exc:
            exc.show()
            raise SystemExit(0) from None
        except usage.ClickException as exc:
            hint = ""
            if isinstance(exc, usage.UsageError) and exc.ctx is not None:
                hint = f" (see '{exc.ctx.command_path} --help')"
            _one_line(f"{exc.format_message()}{hint}")
        except typer.Abort:
            _one_line("aborted")
        raise SystemExit(code if isinstance(code, int) else 0)


def _one_line(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(' '.join(message.split()))}", highlight=False, soft_wrap=True)
    raise SystemExit(1)


app = typer.Typer(
    name="sanctions-monitor", cls=OneLineErrors, no_args_is_help=True, pretty_exceptions_enable=False,
    add_completion=False,
    help="Watch news and official feeds for arms transfers, UN Security Council resolution violations and "
    "sanctions; keep every finding with its evidence in DuckDB.",
)
err = Console(stderr=True)
_state = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])
DEMO_DB = Path("data/demo.duckdb")

FeedsOpt = Annotated[Path | None, typer.Option(
    "--feeds", metavar="FILE",
    help="Feeds file (TOML, one feed table per source). Default: feeds.toml of the installation.")]
DbOpt = Annotated[Path | None, typer.Option(
    "--db", metavar="FILE",
    help="DuckDB warehouse file (created if missing). Default: data/warehouse.duckdb or "
    "SANCTIONS_MONITOR_DB.")]
SinceOpt = Annotated[str | None, typer.Option(
    "--since", metavar="WHEN", help=f"Only items published on/after this time: {TIME_SYNTAX}. "
    "Undated items are kept.")]
LimitOpt = Annotated[int | None, typer.Option(
    "--limit", min=0, metavar="N", help="Fetch at most N new articles, newest first.")]
DaskOpt = Annotated[str | None, typer.Option(
    "--dask-address", metavar="tcp://HOST:PORT",
    help="Do the page work on the Dask cluster of this scheduler (or SANCTIONS_MONITOR_DASK_ADDRESS).")]
WorkersOpt = Annotated[int | None, typer.Option(
    "--workers", min=1, metavar="N", help="Do the page work on a local Dask cluster of N processes.")]


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
        _one_line(str(exc))


def guarded(fn: F) -> F:
    """Wrap a command so MonitorError becomes a clear message; typer still sees fn's signature."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _errors(), on_signals():  # SIGTERM/SIGINT end a run within seconds (flows/stopping.py)
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def run_cmd(
    feeds: FeedsOpt = None, db: DbOpt = None, since: SinceOpt = None, limit: LimitOpt = None,
    dask_address: DaskOpt = None, workers: WorkersOpt = None,
) -> None:
    """One ingestion run (a Prefect flow run when PREFECT_API_URL is set or the page work goes to Dask,
    else the same flow in-process, with no Prefect server): poll the feeds, fetch new articles, clean,
    extract findings and load them into DuckDB; prints a summary."""
    from flows.ingest import load_feeds, parse_since, print_summary, run_ingest
    from flows.ingest.scaleout import check_scheduler

    settings = Settings.load(feeds=feeds, db=db, dask_address=dask_address, dask_workers=workers)
    check_scheduler(settings)  # an unreachable scheduler fails here, before Prefect starts
    sources = load_feeds(settings.feeds)  # a bad feeds file or date fails here, before Prefect starts
    after = parse_since(since)
    print_summary(_printed_on_failure(
        lambda: run_ingest(settings, feeds=sources, since=after, limit=limit, show_progress=True)))


def _printed_on_failure(run: Callable[[], RunSummary]) -> RunSummary:
    """The summary of `run()`; when the run failed as a whole its summary is printed before the error
    (one line, exit 1) goes up."""
    from flows.ingest import IngestFailed, print_summary

    try:
        return run()
    except IngestFailed as exc:
        print_summary(exc.summary)
        raise


def demo_cmd(
    db: Annotated[Path, typer.Option("--db", metavar="FILE", help="Warehouse file for the demo.")] = DEMO_DB,
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
        feeds = list(site.feeds)
        summary = _printed_on_failure(lambda: run_ingest(settings, feeds=feeds, show_progress=True))
    print_summary(summary)
    print_stored(Warehouse.open(settings.db))
    print_demo_end(settings.db, alerts_file, summary.digest or digest_path(settings.db))


def serve_demo_cmd(
    port: Annotated[int, typer.Option(
        "--port", min=0, max=65535, metavar="N", help="Port on 127.0.0.1 (0: a free one, printed).")] = 8765,
    write_feeds: Annotated[Path | None, typer.Option(
        "--write-feeds", metavar="FILE",
        help="Also write a feeds file (TOML) pointing at the served site, for a "
        "deployment's `feeds` parameter.")] = None,
) -> None:
    """Serve the bundled demo site on 127.0.0.1 until interrupted (Ctrl-C), for a scheduled deployment to
    ingest. Prints the site's URL; GET /health answers "ok" once it serves. The worker that runs the
    flow needs SANCTIONS_MONITOR_ALLOW_LOOPBACK=1 (the address guard refuses loopback otherwise)."""
    import threading

    from flows.demo import demo_site
    from flows.ingest.sources import write_feeds as write

    with demo_site(port) as site:
        if write_feeds is not None:
            write(site.feeds, write_feeds)
        print(f"demo site serving on {site.base}/ (health: {site.url('/health')})"
              + (f"; feeds file: {write_feeds}" if write_feeds else "") + "; Ctrl-C stops it", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("demo site stopped", flush=True)


def reprocess_cmd(
    since: SinceOpt = None, db: DbOpt = None, dask_address: DaskOpt = None, workers: WorkersOpt = None,
) -> None:
    """Re-extract stored articles whose findings came from an older extractor version (no network),
    replacing their findings in one transaction per batch, then rebuild the claims. --since limits it
    to articles published (else fetched) on or after that date."""
    from flows.claims import refresh_claims
    from flows.ingest import parse_since, reprocess
    from flows.ingest.after_run import publish
    from flows.ingest.scaleout import check_scheduler
    from flows.lists.hooks import after_claims
    from flows.warehouse import Warehouse, writer

    settings = Settings.load(db=db, dask_address=dask_address, dask_workers=workers)
    if not Path(settings.db).is_file():
        raise MonitorError(f"no warehouse at {settings.db}: nothing to reprocess (pass --db)")
    check_scheduler(settings)
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
