"""The demo's account of what it did: what the warehouse holds (articles by status, findings by type,
a few examples), the daily digest report and the alerts the run would have sent. Read-only queries,
values bound; handy after a `run` too.
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from flows.reports import run_report
from flows.warehouse import Warehouse, open_for_reading

EXAMPLES_PER_TYPE = 3
# The most confident findings of each type, in the generic shape of the `findings` view (a sanction's
# targets and a violation's resolutions, one row each there, are joined back into one line).
_EXAMPLE_SQL = """
with per_mention as (
    select type, mention_id, any_value(how) as how, any_value(actor) as actor,
           array_to_string(list_sort(list_distinct(list(counterpart))), ', ') as counterpart,
           array_to_string(list_sort(list_distinct(list(what))), ', ') as what,
           any_value(sentence) as sentence, any_value(confidence) as confidence
    from findings
    group by type, mention_id
)
select type, how, actor, nullif(counterpart, ''), nullif(what, ''), sentence from (
    select *, row_number() over (partition by type order by confidence desc, mention_id) as rank
    from per_mention
) where rank <= ? order by type, rank"""


def articles_table(wh: Warehouse) -> Table:
    """Articles by status (and skip reason)."""
    return _counts(wh, "articles stored", ("status", "reason", "articles", "syndicated copies"),
                   "select status, coalesce(skip_reason, ''), count(*), count(duplicate_of) from articles "
                   "group by all order by status, 2")


def mentions_table(wh: Warehouse) -> Table:
    """Findings per type, by stance/action."""
    return _counts(wh, "findings (mentions) by type", ("type", "stance / action", "mentions", "articles"),
                   "select type, coalesce(stance, action, '-'), count(*), count(distinct article_id) "
                   "from mentions group by all order by type, 2")


def _counts(wh: Warehouse, title: str, columns: tuple[str, str, str, str], sql: str) -> Table:
    """A table of two labels and two counts per row (the counts right-aligned)."""
    table = Table(title=title)
    for index, name in enumerate(columns):
        table.add_column(name, justify="right" if index >= 2 else "left")
    for row in wh.query(sql):
        table.add_row(*(str(value) for value in row))
    return table


def print_examples(wh: Warehouse, console: Console, per_type: int = EXAMPLES_PER_TYPE) -> None:
    """The most confident findings of each type, one heading line each and the evidence below it."""
    console.print("[bold]examples[/]")
    for kind, how, actor, other, what, sentence in wh.query(_EXAMPLE_SQL, [per_type]):
        evidence = sentence if len(sentence) <= 300 else sentence[:297] + "..."
        pair = f"{actor or '?'} -> {other}" if other else (actor or "?")
        console.print(f"- {kind} ({how or '-'}): {pair}" + (f" [{what}]" if what else ""),
                      highlight=False, markup=False)
        console.print(f"    \"{evidence}\"", highlight=False, markup=False)


def print_stored(wh: Warehouse, console: Console | None = None) -> None:
    """Print articles by status, findings by type and a few examples."""
    console = console or Console()
    console.print(articles_table(wh))
    console.print(mentions_table(wh))
    if wh.query("select count(*) from mentions")[0][0]:
        print_examples(wh, console)
    else:
        console.print("no findings stored.")


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
