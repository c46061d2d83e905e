"""`run`, `demo` and `reprocess`: the commands that write the warehouse.

Each imports the ingest machinery (Prefect, spaCy) only when it runs, so `--help` stays quick.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from extractors.errors import MonitorError
from flows.cli.app import DbOpt, FeedsOpt, LimitOpt, SinceOpt
from flows.settings import Settings

DEMO_DB = Path("data/demo.duckdb")


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
        Console().print(f"claims rebuilt: {changes.claims} claim(s), {len(changes.events)} new "
                        f"event(s), {len(changes.removed)} no longer supported")
        note = publish(settings)
        if note:
            raise MonitorError(note)
