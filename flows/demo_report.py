"""The end of `sanctions-monitor demo`: the daily digest report and the alerts the run would have sent."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from flows.reports import run_report
from flows.snapshot import open_for_reading

DIGEST_COLUMNS = ("type", "label", "status", "n_asserted", "n_denied", "source")


def digest_table(db: Path, limit: int = 25) -> Table:
    """The `daily_digest` report (claims first detected in the last 24 hours), a few columns wide."""
    reader = open_for_reading(db)
    try:
        result = run_report(reader.con, "daily_digest", {})
    finally:
        reader.close()
    table = Table(title=f"report daily_digest: {len(result.rows)} new claim(s) (showing {limit})")
    for name in DIGEST_COLUMNS:
        table.add_column(name.replace("n_", ""), overflow="fold")
    for record in result.records()[:limit]:
        table.add_row(*(str(record.get(c) if record.get(c) is not None else "") for c in DIGEST_COLUMNS))
    return table


def alerts_table(alerts_file: Path, limit: int = 25) -> Table:
    """The alerts written to the alerts file (what a configured destination would have received)."""
    lines = alerts_file.read_text(encoding="utf-8").splitlines() if alerts_file.exists() else []
    alerts = [json.loads(line) for line in lines if line.strip()]
    table = Table(title=f"alerts: {len(alerts)} (showing {min(limit, len(alerts))}; all in {alerts_file})")
    table.add_column("event")
    table.add_column("alert", overflow="fold")
    for alert in alerts[:limit]:
        table.add_row(str(alert.get("event", "")), str(alert.get("title", "")))
    return table


def print_demo_end(db: Path, alerts_file: Path, digest: Path | None, console: Console | None = None) -> None:
    """Digest report, alerts, and where the HTML digest is."""
    console = console or Console()
    console.print(digest_table(db))
    console.print(alerts_table(alerts_file))
    if digest is not None:
        console.print(f"HTML digest: {digest}  (open it in a browser)")
    console.print(f"Query it: sanctions-monitor report --list --db {db}; "
                  f'sanctions-monitor sql "select * from claim_overview" --db {db}')
