"""`sanctions-monitor extract PATH... [--format jsonl|table]`: findings of local files, no Prefect, no DB.

Each file is read by extractors.extract_files (.txt as is; .html/.html.gz cleaned as the pipeline
cleans pages). One JSON object per finding (the mention contract plus "file" = the path as given), or
a table. A file that cannot be used (missing, empty, binary, too large, badly encoded, not English) gets
one line on stderr with its reason and the batch goes on; the exit code is 1 only when no file at all
could be read. spaCy is imported only after the arguments are parsed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from extractors.errors import InputError, MonitorError
from flows.settings import Settings


def _cell(party: Any) -> str:
    if not party:
        return "-"
    return f"{party['name']} ({party['country'] or '?'})"


def _summary(row: dict[str, Any]) -> tuple[str, str, str]:
    if row["type"] == "arms_transfer":
        what = f"{_cell(row['supplier'])} -> {_cell(row['recipient'])}: {', '.join(row['weapons'])}"
        return row["stance"], what, row["weapon_category"] or "-"
    if row["type"] == "sanction":
        targets = ", ".join(_cell(t) for t in row["targets"])
        return row["action"] or "-", f"{_cell(row['authority'])} on {targets}", row["measure"] or "-"
    return row.get("stance") or "-", _cell(row.get("violator")), ", ".join(row.get("resolutions") or [])


def _print_table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("file", "type", "stance/action", "finding", "category", "source", "conf")
    for row in rows:
        stance, what, cat = _summary(row)
        table.add_row(
            row["file"], row["type"], stance, what, cat, _cell(row["source"]), f"{row['confidence']:.2f}"
        )
    Console().print(table)


def extract_cmd(
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH",
        help="text (.txt) or HTML (.html, .htm, optionally .gz) files; others are refused")],
    fmt: Annotated[str, typer.Option(
        "--format", metavar="FORMAT", help="jsonl (one finding per line) or table")] = "jsonl",
) -> None:
    """Print the findings (arms transfers, sanctions, UN violations) of local files."""
    if fmt not in ("jsonl", "table"):
        raise typer.BadParameter("--format must be jsonl or table")
    from extractors.extract_files import check_type, read_article
    from extractors.pipeline import extract_bounded

    settings = Settings.load()
    nlp = None
    rows: list[dict[str, Any]] = []
    read = 0
    for path in paths:
        try:
            check_type(path)  # before the model loads: a PDF is refused at once
            if nlp is None:
                nlp = settings.load_nlp()
            article = read_article(path)
            done = extract_bounded(article.text, title=article.title, nlp=nlp, bounds=settings.bounds())
            found = done.mentions
            if done.limit:
                print(f"{path}: extraction bounded: {done.limit}", file=sys.stderr)
        except InputError as exc:
            print(f"{path}: skipped ({exc.reason}): {exc}", file=sys.stderr)
            continue
        except (MonitorError, OSError) as exc:
            print(f"{path}: failed: {exc}", file=sys.stderr)
            continue
        read += 1
        for mention in found:
            row = {**mention.to_json(), "file": str(path)}
            if fmt == "jsonl":
                print(json.dumps(row, ensure_ascii=False), flush=True)
            else:
                rows.append(row)
    if fmt == "table":
        _print_table(rows)
    if read == 0:
        raise typer.Exit(1)
