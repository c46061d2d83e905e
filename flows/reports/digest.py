"""The HTML digest: what is new, by finding type, with evidence, badges, links and two inline SVG charts.

`render_digest(con)` returns the page; `write_digest(con, path)` writes it (after each run, to
`digest_path(db)`). The page is self-contained (inline CSS and SVG; no JS, no external files); its
template is package data (flows/reports/templates/).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from extractors.vocabulary import FINDING_TITLES, FINDING_TYPES
from flows.reports.catalogue import run_report
from flows.reports.charts import TYPE_COLOURS, Edge, days_svg, network_svg, party_label
from flows.reports.formats import cell
from flows.settings import parse_time
from flows.warehouse import ensure_views, read_sql

PER_TYPE = 25  # cards shown per finding type; the rest is counted and left to the report
EVIDENCE_PER_CLAIM = 5  # distinct sentences shown in a claim's card


def digest_path(db: Path | str, period: str = "") -> Path:
    """Where the digest of a warehouse goes: `data/warehouse.duckdb` -> `data/digest.html`,
    `data/demo.duckdb` -> `data/demo.digest.html`; a `period` ("weekly") prefixes the page name."""
    db = Path(db)
    page = f"{period}-digest.html" if period else "digest.html"
    return db.with_name(page if db.stem == "warehouse" else f"{db.stem}.{page}")


@dataclass
class Digest:
    """Everything the template shows."""

    since: datetime
    until: datetime
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # type -> daily_digest rows
    changes: list[dict[str, Any]] = field(default_factory=list)
    network: str = ""
    timeline: str = ""
    feeds: int = 0  # configured feeds
    failing: list[dict[str, Any]] = field(default_factory=list)  # feed_health rows failing at last poll

    @property
    def total(self) -> int:
        """New claims in the window, all finding types."""
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
    evidence = grouped_evidence(_records(con, "evidence.sql", {"since": start}))
    official = {r["claim_id"]: r["official_sources"] for r in _records(con, "official.sql", {"since": start})}
    for row in rows:
        row["evidence"] = evidence.get(row["claim_id"], [])
        row["official_sources"] = [s for s in official.get(row["claim_id"]) or [] if not is_host_name(s)]
    digest.sections = {ftype: [r for r in rows if r["type"] == ftype] for ftype in FINDING_TYPES}
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
    per_day = _records(con, "per_day.sql", {"since": start, "until": until})
    counts: dict[tuple[date, str], int] = {(r["day"], r["type"]): int(r["findings"]) for r in per_day}
    digest.timeline = days_svg(counts, start.date(), until.date())
    health = run_report(con, "feed_health", {}, read_only=read_only).records()
    digest.feeds = len(health)
    digest.failing = [r for r in health if r["last_status"] == "failed"]
    return digest


def grouped_evidence(
    rows: list[dict[str, Any]], per_claim: int = EVIDENCE_PER_CLAIM
) -> dict[str, list[dict[str, Any]]]:
    """Evidence rows (best first) grouped by claim, each distinct sentence once (the first, best, row of
    it, with how many articles repeat it), at most `per_claim` a claim."""
    grouped: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        sentences = grouped.setdefault(row["claim_id"], {})
        key = " ".join(str(row["sentence"]).split()).casefold()
        if key in sentences:
            sentences[key]["repeats"] += 1
        else:
            sentences[key] = dict(row, repeats=1, outlet=_outlet(row))
    return {claim: list(sentences.values())[:per_claim] for claim, sentences in grouped.items()}


def is_host_name(text: str | None) -> bool:
    """True for a host name or address rather than a party: an IP address (loopback, private or any
    other), localhost, or a dotted lower-case name such as www.example.org."""
    value = (text or "").strip().strip("[]").lower()
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        pass
    return value == "localhost" or value.endswith(".localhost") or (
        "." in value and " " not in value and value == (text or "").strip())


def _outlet(row: dict[str, Any]) -> str:
    """The outlet to show for an evidence row: its host, or the feed's name when the host is only an
    address (a loopback or private site says nothing about who published it)."""
    outlet = str(row.get("outlet") or "")
    try:
        ipaddress.ip_address(outlet.strip("[]"))
    except ValueError:
        return outlet if outlet != "localhost" else str(row.get("feed_name") or outlet)
    return str(row.get("feed_name") or outlet)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("flows.reports", "templates"),
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
        per_type=PER_TYPE,
        finding_types=FINDING_TYPES,
        type_titles=FINDING_TITLES,
        type_colours=TYPE_COLOURS,
        network=Markup(digest.network),
        timeline=Markup(digest.timeline),  # built by reports.charts, escaped there
    )


def write_digest(con: duckdb.DuckDBPyConnection, path: Path | str, hours: int = 24) -> Path:
    """Render the digest of the last `hours` hours and write it atomically to `path`; returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temp.write_text(render_digest(con, hours=hours), encoding="utf-8")
    os.replace(temp, target)
    return target
