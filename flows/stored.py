"""What a warehouse holds, for people: articles by status and findings by type with a few examples.

Used at the end of `sanctions-monitor demo` (and handy after a `run`). Read-only queries, values bound.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from flows.warehouse import Warehouse

EXAMPLES_PER_TYPE = 3
_EXAMPLE_SQL = """
select type, coalesce(stance, action) as how,
    coalesce(supplier_name, authority_name, violator_name) as actor,
    coalesce(recipient_name, nullif(array_to_string(list_transform(targets, lambda t: t.name), ', '), ''),
             'resolution ' || nullif(array_to_string(resolutions, ', '), '')) as other,
    coalesce(weapon_category, measure, regime) as what, sentence
from (
    select *, row_number() over (partition by type order by confidence desc, mention_id) as rank
    from mentions
) where rank <= ? order by type, rank"""


def articles_table(wh: Warehouse) -> Table:
    """Articles by status (and skip reason)."""
    table = Table(title="articles stored")
    for name in ("status", "reason", "articles", "syndicated copies"):
        table.add_column(name, justify="right" if name in ("articles", "syndicated copies") else "left")
    for status, reason, n, dups in wh.query(
        "select status, coalesce(skip_reason, ''), count(*), count(duplicate_of) from articles "
        "group by all order by status, 2"
    ):
        table.add_row(status, reason, str(n), str(dups))
    return table


def mentions_table(wh: Warehouse) -> Table:
    """Findings per type, by stance/action."""
    table = Table(title="findings (mentions) by type")
    for name in ("type", "stance / action", "mentions", "articles"):
        table.add_column(name, justify="right" if name in ("mentions", "articles") else "left")
    for kind, how, n, articles in wh.query(
        "select type, coalesce(stance, action, '-'), count(*), count(distinct article_id) from mentions "
        "group by all order by type, 2"
    ):
        table.add_row(kind, how, str(n), str(articles))
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
