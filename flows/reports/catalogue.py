"""The report catalogue: one query per file in flows/warehouse/sql/reports/, run with bound parameters.

A report file starts with a comment header: the first line says what the report shows, the second
what one row means, then one `-- @param NAME TYPE DEFAULT HELP` line per parameter (TYPE is integer,
timestamp or varchar; DEFAULT is a value, `null`, or `required`). Only declared parameters are bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from extractors.errors import InputError, StructureError
from flows.warehouse import ensure_views, sql_path

_PARAM = re.compile(r"^--\s*@param\s+(\w+)\s+(integer|timestamp|varchar)\s+(\S+)\s*(.*)$")
_RELATIVE = re.compile(r"^(\d+)\s*([hdw])$")
EXPECTED = {"timestamp": "timestamp: 2026-03-01, 2026-03-01T12:00 (UTC) or an age like 24h, 7d, 2w"}
_FLAGS = {"claim_id": "--claim"}  # command-line flag of a parameter, where it differs from --NAME


def flag(name: str) -> str:
    """The `report` command's flag for a parameter (`claim_id` -> `--claim`)."""
    return _FLAGS.get(name, f"--{name}")


@dataclass(frozen=True)
class Param:
    """One declared report parameter."""

    name: str
    type: str  # integer | timestamp | varchar
    default: str | None  # None = null; "required" = must be given
    help: str

    def convert(self, value: Any) -> Any:
        """A flag value (usually a string) as the declared type; bad input is an InputError."""
        if value is None or not isinstance(value, str):
            return value
        try:
            if self.type == "integer":
                return int(value)
            if self.type == "timestamp":
                return parse_time(value)
        except ValueError as exc:
            expected = EXPECTED.get(self.type, self.type)
            raise InputError(
                "bad_parameter", f"{flag(self.name)} {value!r}: expected {expected} ({exc})"
            ) from exc
        return value


@dataclass(frozen=True)
class Report:
    """One sql/reports/*.sql file and what its header declares."""

    name: str
    description: str  # what the report shows
    row: str  # what one row means
    params: tuple[Param, ...]
    path: Path


@dataclass(frozen=True)
class ReportResult:
    """Column names and rows of one report run."""

    name: str
    columns: list[str]
    rows: list[tuple[Any, ...]]

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def parse_time(text: str) -> datetime:
    """ISO date/time (naive = UTC) or a relative age like `24h`, `7d`, `2w` (that long before now)."""
    match = _RELATIVE.match(text.strip())
    if match:
        unit = {"h": "hours", "d": "days", "w": "weeks"}[match.group(2)]
        return datetime.now(UTC) - timedelta(**{unit: int(match.group(1))})
    parsed = datetime.fromisoformat(text.strip())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_header(path: Path) -> Report:
    """The header of one report file; a file without a description line is a structural error."""
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    header = []
    for line in lines:
        if not line.startswith("--"):
            break
        header.append(line)
    prose = [ln[2:].strip() for ln in header if "@param" not in ln]
    if len(prose) < 2:
        raise StructureError(f"{path.name}: the header must say what the report shows and what one row means")
    params = []
    for line in header:
        match = _PARAM.match(line)
        if match:
            name, type_, default, help_ = match.groups()
            params.append(Param(name, type_, None if default == "null" else default, help_))
        elif "@param" in line:
            raise StructureError(f"{path.name}: cannot read parameter line {line!r}")
    return Report(path.stem, prose[0], prose[1], tuple(params), path)


def list_reports() -> list[Report]:
    """Every report in sql/reports/, by name."""
    return [parse_header(p) for p in sorted(sql_path("reports").glob("*.sql"))]


def get_report(name: str) -> Report:
    """The report called `name`; an unknown name is an InputError that lists the known ones."""
    reports = {r.name: r for r in list_reports()}
    if name not in reports:
        raise InputError("unknown_report", f"no report {name!r}; known reports: {', '.join(sorted(reports))}")
    return reports[name]


def bind(report: Report, given: dict[str, Any]) -> dict[str, Any]:
    """The parameters to bind: declared ones only, given values converted, defaults filled in."""
    given = {k: v for k, v in given.items() if v is not None}
    declared = {p.name: p for p in report.params}
    extra = sorted(set(given) - set(declared))
    if extra:
        takes = ", ".join(flag(p) for p in declared) or "no parameters"
        raise InputError(
            "bad_parameter",
            f"report {report.name} does not take {', '.join(flag(e) for e in extra)} (it takes {takes})",
        )
    values: dict[str, Any] = {}
    for p in report.params:
        if p.name in given:
            values[p.name] = p.convert(given[p.name])
        elif p.default == "required":
            raise InputError("missing_parameter", f"report {report.name} needs {flag(p.name)}: {p.help}")
        else:
            values[p.name] = p.convert(p.default)
    return values


def run_report(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, Any] | None = None,
    read_only: bool | None = None,
) -> ReportResult:
    """Run one report with bound parameters (views are created as temporary ones if the file lacks them)."""
    report = get_report(name)
    values = bind(report, params or {})
    ensure_views(con, read_only=read_only)
    cursor = con.execute(report.path.read_text(encoding="utf-8"), values)
    columns = [d[0] for d in cursor.description or []]
    return ReportResult(report.name, columns, cursor.fetchall())
