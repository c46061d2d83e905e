"""Report results as text: a rich table, CSV, JSON lines-free JSON, Markdown or a plain HTML table."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table

from extractors.errors import InputError
from flows.reports.catalogue import ReportResult
from flows.settings import REPORT_FORMATS

FORMATS = REPORT_FORMATS  # the one list lives in flows.settings (the CLI reads it without this package)


def cell(value: Any, compact: bool = False) -> str:
    """One value as text: lists joined by ', ', times ISO (compact: 'YYYY-MM-DD HH:MM'), None empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        when: datetime = value.astimezone(UTC) if value.tzinfo else value  # session time zone may differ
        return when.strftime("%Y-%m-%d %H:%M") if compact else when.isoformat(timespec="seconds")
    if isinstance(value, list | tuple):
        return ", ".join(cell(v, compact) for v in value)
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


# A text cell starting with one of these is a formula to a spreadsheet (CSV injection): it gets a
# leading apostrophe, which spreadsheets hide and treat as "this is text". Numbers are left alone.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """`cell(value)` for a CSV file: text that a spreadsheet would run as a formula is neutralised."""
    text = cell(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def rich_table(result: ReportResult, title: str | None = None) -> Table:
    """The result as a rich Table (for a terminal)."""
    table = Table(title=title or result.name, show_lines=False)
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*(cell(v, compact=True) for v in row))
    return table


def render(result: ReportResult, fmt: str, width: int = 200) -> str:
    """The result in one of FORMATS as a string (`table` is rendered by rich at `width` columns)."""
    if fmt == "table":
        console = Console(file=io.StringIO(), width=width, color_system=None)
        console.print(rich_table(result))
        out = console.file
        return out.getvalue() if isinstance(out, io.StringIO) else ""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([csv_cell(v) for v in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps(result.records(), default=_json_default, ensure_ascii=False, indent=1) + "\n"
    if fmt == "markdown":
        names = " | ".join(map(markdown_cell, result.columns))
        head = f"| {names} |\n|" + "---|" * len(result.columns) + "\n"
        body = "".join(
            "| " + " | ".join(markdown_cell(cell(v, True)) for v in row) + " |\n" for row in result.rows
        )
        return head + body
    if fmt == "html":
        return html_table(result)
    raise InputError("bad_format", f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def markdown_cell(text: str) -> str:
    """Text as one markdown table cell that renders as the same text: no raw HTML (`<`, `>`, `&` become
    entities), no line break, `|` escaped."""
    return " ".join(html.escape(text, quote=False).split()).replace("|", "\\|")


def html_table(result: ReportResult) -> str:
    """A small self-contained HTML page with the result as a table (no external CSS or JS)."""
    esc = html.escape
    head = "".join(f"<th>{esc(c)}</th>" for c in result.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(cell(v, True))}</td>" for v in row) + "</tr>\n" for row in result.rows
    )
    style = (
        "body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}th{background:#f3f3f3}"
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(result.name)}</title>"
        f"<style>{style}</style></head><body><h1>{esc(result.name)}</h1>"
        f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table></body></html>\n"
    )
