"""`sanctions-monitor eval`: the extraction quality table over the labelled corpus texts.

Registered in flows/cli/__init__.py. Prints per-type precision, recall and F1
at two levels (roles; roles + stance/action), optionally as JSON and with every error listed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extractors.scoring import MICRO, Score
from flows.cli.quality import LABELS_DIR, CorpusMissing, EvalResult, evaluate
from flows.settings import Settings


def eval_cmd(
    labels_dir: Annotated[Path, typer.Option("--labels", help="directory of labels *.jsonl")] = LABELS_DIR,
    corpus: Annotated[Path | None, typer.Option("--corpus", help="corpus root (default: settings)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the table as JSON instead")] = False,
    show_errors: Annotated[bool, typer.Option("--errors", help="list false positives and misses")] = False,
) -> None:
    """Score the extractors against the labelled corpus texts and print the quality table."""
    settings = Settings.load(corpus=corpus)
    console = Console()
    console.width = max(console.width, 100)  # the table stays readable when piped
    try:
        result = evaluate(settings.corpus, labels_dir, settings=settings)
    except CorpusMissing as exc:  # nothing was checked: say so, and do not pass as a success
        Console(stderr=True).print(f"[yellow]not evaluated:[/yellow] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(result_json(result, show_errors), indent=2))
        return
    console.print(render_table(result.rows, result.texts))
    for file, reason in sorted(result.unreadable.items()):
        console.print(f"[red]unreadable[/red] {file}: {reason}")
    if show_errors:
        for miss in result.misses:
            typer.echo(f"{miss.kind:4} {miss.file}  {miss.finding}")


def render_table(rows: list[Score], texts: int) -> Table:
    """The rich table: one line per (level, type), micro totals in bold."""
    table = Table(title=f"Extraction quality over {texts} labelled texts")
    for name in ("level", "type", "pred", "correct", "labels", "found", "P", "R", "F1"):
        left = name in ("level", "type")
        table.add_column(name, justify="left" if left else "right", no_wrap=True, min_width=13 if left else 4)
    for r in rows:
        style = "bold" if r.type == MICRO else None
        table.add_row(r.level, r.type, str(r.predicted), str(r.correct), str(r.labelled), str(r.found),
                      f"{r.precision:.3f}", f"{r.recall:.3f}", f"{r.f1:.3f}", style=style)
    return table


def result_json(result: EvalResult, with_errors: bool = False) -> dict[str, object]:
    """The result as plain JSON-able data."""
    out: dict[str, object] = {"texts": result.texts, "rows": [r.as_dict() for r in result.rows],
                              "unreadable": result.unreadable}
    if with_errors:
        out["errors"] = [vars(m) for m in result.misses]
    return out
