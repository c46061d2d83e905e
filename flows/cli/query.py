"""`sanctions-monitor report` and `sanctions-monitor sql`: analysts' read-only access to the warehouse.

Both open the warehouse read-only (or, while a run holds it, the snapshot published after the last run)
and never write. Registered in flows/cli/__init__.py.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extractors.errors import InputError
from flows.settings import REPORT_FORMATS as FORMATS
from flows.settings import TIME_SYNTAX, Settings

if TYPE_CHECKING:  # the warehouse, DuckDB and the report renderers load when a command runs, so that
    import duckdb  # `extract` and `--help` do not pay for them

    from flows.reports import ReportResult
    from flows.warehouse import Reader

READ_STATEMENTS = {"SELECT"}  # not EXPLAIN: EXPLAIN ANALYZE runs its statement

DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db", metavar="FILE",
        help="DuckDB warehouse (default: data/warehouse.duckdb or SANCTIONS_MONITOR_DB); read-only."
    ),
]
LiveOpt = Annotated[
    bool,
    typer.Option(
        "--live",
        help="Read the warehouse itself instead of the snapshot published after the last run "
        "(a run cannot write while you read; falls back to the snapshot while a run holds it).",
    ),
]
FormatOpt = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT", help=f"Output: {' | '.join(FORMATS)}.")]


def _open(db: Path | None, live: bool) -> Reader:
    from flows.warehouse import open_for_reading

    reader = open_for_reading(Settings.load(db=db).db, live=live)
    if reader.note:
        Console(stderr=True).print(f"[yellow]note:[/] {reader.note}", highlight=False, soft_wrap=True)
    return reader


def _emit(result: ReportResult, fmt: str) -> None:
    from flows.reports import render, rich_table

    if fmt not in FORMATS:
        raise InputError("bad_format", f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt != "table":
        typer.echo(render(result, fmt), nl=False)
        return
    console = Console()
    title = f"{result.name} ({len(result.rows)} rows)"
    if fits(result, console.width):
        console.print(rich_table(result, title=title))
    else:
        console.print(f"[bold]{escape(title)}[/]  [dim]one record per block (too wide for {console.width} "
                      "columns); --format csv|json for tools[/]", highlight=False)
        console.print(records_view(result), highlight=False)


def fits(result: ReportResult, width: int) -> bool:
    """Whether a table of these columns is readable in `width` characters (each column keeps at least
    its header, up to 12 characters, plus borders); wider results are shown one record per block."""
    need = sum(min(max(len(c), 6), 12) + 3 for c in result.columns) + 1
    return need <= width


def records_view(result: ReportResult) -> Table:
    from flows.reports import cell

    """A wide result one record per block (`column  value` lines), readable at 80 columns."""
    view = Table.grid(padding=(0, 2))
    view.add_column(style="bold", no_wrap=True)
    view.add_column(overflow="fold")
    for number, row in enumerate(result.rows, start=1):
        if number > 1:
            view.add_row("", "")
        view.add_row(f"[dim]-- {number} --[/]", "")
        for column, value in zip(result.columns, row, strict=True):
            view.add_row(escape(column), escape(cell(value, compact=True)))
    return view


def report_cmd(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Report name (see --list).")] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="WHEN", help=f"Start of the window: {TIME_SYNTAX}.")
    ] = None,
    hours: Annotated[int | None, typer.Option(
        "--hours", min=1, metavar="N", help="Look-back window in hours.")] = None,
    claim: Annotated[str | None, typer.Option(
        "--claim", metavar="CLAIM_ID", help="A claim id (claim_timeline).")] = None,
    fmt: FormatOpt = "table",
    db: DbOpt = None,
    live: LiveOpt = False,
    list_: Annotated[bool, typer.Option("--list", help="List the reports and their parameters.")] = False,
) -> None:
    """Run one SQL report from sql/reports/ with bound parameters (`--list` shows them all)."""
    if list_ or name is None:
        _print_list()
        return
    from flows.reports import render_digest, run_report

    params = {"since": since, "hours": hours, "claim_id": claim}
    reader = _open(db, live)
    try:
        if name == "daily_digest" and fmt == "html":
            typer.echo(render_digest(reader.con, hours=hours or 24, since=since, read_only=True), nl=False)
            return
        result = run_report(reader.con, name, params)
        if name == "claim_timeline" and not result.rows:
            _check_claim(reader.con, claim)
        _emit(result, fmt)
    finally:
        reader.close()


def _check_claim(con: duckdb.DuckDBPyConnection, claim: str | None) -> None:
    """An unknown claim id is an error, not an empty timeline."""
    found = con.execute("select count(*) from claims where claim_id = ?", [claim]).fetchone()
    if not found or not found[0]:
        raise InputError(
            "unknown_claim", f"no claim {claim!r} in this warehouse (claim ids: report daily_digest, "
            "or sql \"select claim_id, label from claim_overview\")"
        )


def _print_list() -> None:
    from flows.reports import list_reports
    from flows.reports.catalogue import flag

    console = Console()
    console.print(
        "[bold]Reports[/] (sanctions-monitor report NAME [--format table|csv|json|markdown|html]):\n"
    )
    for r in list_reports():
        params = ", ".join(f"{flag(p.name)} ({p.default or 'optional'}): {p.help}" for p in r.params)
        console.print(f"[bold cyan]{r.name}[/]  {r.description}", highlight=False)
        console.print(f"    {r.row}", highlight=False, style="dim")
        console.print(f"    parameters: {params or 'none'}\n", highlight=False)


def check_read_only(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Refuse anything but one read query (SELECT, WITH ... SELECT, FROM, VALUES, SHOW, DESCRIBE)."""
    import duckdb

    try:
        statements = con.extract_statements(query)
    except duckdb.Error as exc:
        raise InputError("bad_sql", f"cannot parse the query: {exc}") from exc
    if len(statements) != 1:
        raise InputError("bad_sql", f"give exactly one query (got {len(statements)} statements)")
    kind = statements[0].type.name
    if kind not in READ_STATEMENTS:
        raise InputError(
            "not_read_only",
            f"`sql` only runs read queries (SELECT ...), not {kind} statements. "
            "The warehouse is written only by runs.",
        )


def sql_cmd(
    query: Annotated[
        str, typer.Argument(
            metavar="QUERY", help='One read query, e.g. "SELECT * FROM claim_overview LIMIT 5".')
    ],
    db: DbOpt = None,
    live: LiveOpt = False,
    fmt: FormatOpt = "table",
) -> None:
    """Run one read-only SQL query on the warehouse (views: arms_transfers, sanctions, un_violations, ...)."""
    from flows.warehouse import ensure_views

    settings = Settings.load(db=db)
    reader = _open(db, live)
    try:
        check_read_only(reader.con, query)
        ensure_views(reader.con, read_only=True)
        confine(reader.con)
        result = run_capped(reader.con, query, settings.sql_max_rows, settings.sql_timeout)
        _emit(result, fmt)
    finally:
        reader.close()


# The warehouse is already attached: nothing else is read. No files (read_csv, read_text, glob,
# read_blob), no URLs, no extension installed or loaded on demand, and no setting changed afterwards.
CONFINE = (
    "SET enable_progress_bar = false",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET enable_external_access = false",
    "SET lock_configuration = true",
)


def confine(con: duckdb.DuckDBPyConnection) -> None:
    """Lock an analyst's connection to the attached warehouse (no files, network or extensions)."""
    for statement in CONFINE:
        con.execute(statement)


def run_capped(con: duckdb.DuckDBPyConnection, query: str, max_rows: int, timeout: float) -> ReportResult:
    """Run `query`, streaming at most `max_rows` rows; interrupted after `timeout` seconds.

    Rows past the cap are never computed when the plan streams; a note on stderr says the result was cut.
    """
    import duckdb

    from flows.reports import ReportResult

    timer = threading.Timer(timeout, con.interrupt)
    timer.start()
    try:
        cursor = con.execute(query)
        rows = cursor.fetchmany(max_rows + 1)
    except duckdb.InterruptException as exc:
        raise InputError(
            "sql_timeout", f"the query ran longer than {timeout:g} s (SANCTIONS_MONITOR_SQL_TIMEOUT)"
        ) from exc
    except duckdb.Error as exc:
        raise InputError("bad_sql", f"the query failed: {exc}") from exc
    finally:
        timer.cancel()
    if len(rows) > max_rows:
        rows = rows[:max_rows]
        Console(stderr=True).print(
            f"[yellow]note:[/] only the first {max_rows} rows are shown (SANCTIONS_MONITOR_SQL_MAX_ROWS); "
            "add a LIMIT or an aggregate", highlight=False, soft_wrap=True)
    return ReportResult("sql", [d[0] for d in cursor.description or []], rows)
