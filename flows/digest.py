"""The HTML digest: what is new, grouped by kind, with evidence, badges, links and two inline SVG charts.

`render_digest(con)` returns the page; `write_digest(con, path)` writes it (after each run, to
data/digest.html). The page is self-contained (inline CSS and SVG; no JS, no external files).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from flows.digest_svg import KIND_COLOURS, KIND_NAMES, Edge, days_svg, network_svg, party_label
from flows.formats import cell
from flows.reports import parse_time, run_report
from flows.sqlfiles import ensure_views, read_sql

TEMPLATES = Path(__file__).resolve().parent / "templates"
KINDS = ("arms_transfer", "sanction", "un_violation")
PER_KIND = 25  # cards shown per kind; the rest is counted and left to the report


@dataclass
class Digest:
    """Everything the template shows."""

    since: datetime
    until: datetime
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # kind -> daily_digest rows
    changes: list[dict[str, Any]] = field(default_factory=list)
    network: str = ""
    timeline: str = ""
    last_day: date | None = None  # the per-day chart ends here (the latest day with findings)
    feeds: int = 0  # configured feeds
    failing: list[dict[str, Any]] = field(default_factory=list)  # feed_health rows failing at last poll

    @property
    def total(self) -> int:
        """New claims in the window, all kinds."""
        return sum(len(rows) for rows in self.sections.values())


def _records(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cursor = con.execute(read_sql("digest", name), params)
    columns = [d[0] for d in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def collect(
    con: duckdb.DuckDBPyConnection,
    hours: int = 24,
    since: str | datetime | None = None,
    read_only: bool | None = None,
) -> Digest:
    """Query the warehouse for the digest of the window (since, or the last `hours` hours)."""
    ensure_views(con, read_only=read_only)
    until = datetime.now(UTC)
    start = parse_time(since) if isinstance(since, str) else since or until - timedelta(hours=hours)
    digest = Digest(since=start, until=until)
    rows = run_report(con, "daily_digest", {"since": start}, read_only=read_only).records()
    digest.sections = {kind: [r for r in rows if r["type"] == kind] for kind in KINDS}
    digest.changes = _records(con, "changes.sql", {"since": start})
    edges = [
        Edge(
            party_label(r["supplier"], r["supplier_country"]),
            party_label(r["recipient"], r["recipient_country"]),
            tuple(c for c in r["categories"] if c),
            int(r["outlets"] or 0),
            r["status"],
            bool(r["is_new"]),
        )
        for r in _records(con, "network.sql", {"since": start})
    ]
    digest.network = network_svg(edges)
    per_day = _records(con, "per_day.sql", {"until": until})
    counts: dict[tuple[date, str], int] = {(r["day"], r["type"]): int(r["findings"]) for r in per_day}
    digest.last_day = max((day for day, _ in counts), default=until.date())
    digest.timeline = days_svg(counts, digest.last_day)
    health = run_report(con, "feed_health", {}, read_only=read_only).records()
    digest.feeds = len(health)
    digest.failing = [r for r in health if r["last_status"] == "failed"]
    return digest


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = lambda v: cell(v, compact=True)
    env.filters["label"] = lambda v: str(v or "").replace("_", " ")
    return env


def render_digest(
    con: duckdb.DuckDBPyConnection,
    hours: int = 24,
    since: str | datetime | None = None,
    read_only: bool | None = None,
) -> str:
    """The digest page as HTML for the window (since, or the last `hours` hours)."""
    digest = collect(con, hours=hours, since=since, read_only=read_only)
    template = _environment().get_template("digest.html.j2")
    return template.render(
        d=digest,
        per_kind=PER_KIND,
        kinds=KINDS,
        kind_names=KIND_NAMES,
        kind_colours=KIND_COLOURS,
        network=Markup(digest.network),
        timeline=Markup(digest.timeline),  # built by digest_svg, escaped there
    )


def write_digest(con: duckdb.DuckDBPyConnection, path: Path | str, hours: int = 24) -> Path:
    """Render the digest of the last `hours` hours and write it atomically to `path`; returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temp.write_text(render_digest(con, hours=hours), encoding="utf-8")
    os.replace(temp, target)
    return target
