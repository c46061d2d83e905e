"""Claim events (flows.claims) -> alerts: queue the new ones, deliver what is pending.

`queue_alerts` runs once after the claims refresh (no network: the log, the alerts file, one row per
destination); `deliver_alerts` is the network half, safe to retry (it sends only pending or failed
rows, each alert id at most once per destination).
"""

from __future__ import annotations

import logging
from typing import Any

import duckdb

from extractors.vocabulary import ROLES
from flows.alerts.alert import Alert, Evidence, Party
from flows.alerts.destinations import load_destinations
from flows.alerts.queue import DeliveryReport, deliver, queue
from flows.settings import Settings
from flows.warehouse import read_sql

log = logging.getLogger("sanctions_monitor.alerts")

# The headline of each claim event (flows.claims.EVENTS) in alert titles.
HEADLINES = {
    "new_claim": "New claim",
    "first_denial": "First denial",
    "first_official_confirmation": "First official source",
    "sanction_imposed": "Planned sanction now imposed",
}


def pending_alerts(con: duckdb.DuckDBPyConnection) -> tuple[list[Alert], list[Alert]]:
    """Alerts for claim events never offered to any destination: (to send, folded).

    A claim that is new in this batch of events gets ONE alert; its other events (already denied,
    already officially confirmed) are folded into that alert's title and returned as `folded`, so
    they are recorded but not sent separately. An event found by the same refresh as its claim's
    new-claim event, which a killed run queued without it, is folded too (into the alert already sent).
    """
    cur = con.execute(read_sql("alerts", "pending_events.sql"))
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    new = {r["claim_id"]: r for r in rows if r["event"] == "new_claim"}
    extra: dict[str, list[str]] = {}
    send, folded = [], []
    for row in rows:
        if row["event"] != "new_claim" and row["claim_id"] in new:
            extra.setdefault(row["claim_id"], []).append(HEADLINES.get(row["event"], row["event"]).lower())
            folded.append(_alert(row))
        elif row["event"] != "new_claim" and row["new_claim_detected_at"] == row["detected_at"]:
            folded.append(_alert(row))
    done = {f.alert_id for f in folded}
    for row in rows:
        if row["event_id"] not in done:
            send.append(_alert(row, extra.get(row["claim_id"], [])))
    return send, folded


def _alert(row: dict[str, Any], also: list[str] | None = None) -> Alert:
    finding = str(row["type"]).replace("_", " ")
    notes = f" [{'; '.join(also)}]" if also else ""
    title = f"{HEADLINES.get(row['event'], row['event'])} ({finding}): {row['label']}{notes}"
    evidence = tuple(Evidence(e["sentence"], e["source"], e["url"]) for e in row["evidence"] if e["sentence"])
    return Alert(
        alert_id=row["event_id"], claim_id=row["claim_id"], event=row["event"], finding_type=row["type"],
        title=title, body=_body(row, evidence), countries=frozenset(row["countries"] or ()),
        outlets=int(row["n_outlets"] or 0), confidence=float(row["max_confidence"] or 0.0),
        links=tuple(row["article_urls"] or ())[:5], label=row["label"], status=row["status"],
        parties=_parties(row),
        stances=(int(row["n_asserted"] or 0), int(row["n_denied"] or 0), int(row["n_planned"] or 0)),
        evidence=evidence, run_id=row["run_id"], detected_at=row["detected_at"],
        first_seen=row["first_seen"], last_seen=row["last_seen"],
    )


def _parties(row: dict[str, Any]) -> tuple[Party, ...]:
    named = [(role, row[f"{role}_name"], row[f"{role}_country"]) for role in ROLES.get(row["type"], ())]
    return tuple(Party(role, name, country) for role, name, country in named if name or country)


def _body(row: dict[str, Any], evidence: tuple[Evidence, ...]) -> str:
    lines = [
        f"Status: {row['status']}; outlets: {row['n_outlets']}; asserted {row['n_asserted']}, "
        f"denied {row['n_denied']}, planned {row['n_planned']}.",
    ]
    if row["asserting_sources"]:
        lines.append("Asserted by: " + ", ".join(row["asserting_sources"][:5]))
    if row["denying_sources"]:
        lines.append("Denied by: " + ", ".join(row["denying_sources"][:5]))
    if evidence:
        best = evidence[0]
        who = f" ({best.source})" if best.source else ""
        lines.append(f'Evidence{who}: "{best.sentence}"')
        if best.url:
            lines.append(f"Source: {best.url}")
    return "\n".join(lines)


def queue_alerts(con: duckdb.DuckDBPyConnection, settings: Settings) -> DeliveryReport:
    """Queue an alert for every claim event not offered yet (folding a new claim's other events into it).

    The log and settings.alerts_file receive every new alert, whatever destinations exist.
    """
    alerts, folded = pending_alerts(con)
    report = queue(con, alerts, load_destinations(settings), settings.alerts_file, folded,
                   budget=settings.alert_budget)
    log.info("alerts: %d new, %d queued, %d filtered", len(alerts), report.queued, report.filtered)
    return report


def deliver_alerts(con: duckdb.DuckDBPyConnection, settings: Settings) -> DeliveryReport:
    """Send every pending or failed alert row to its destination (the only step that needs the network)."""
    report = deliver(con, load_destinations(settings))
    log.info("alerts: %d sent, %d failed", report.sent, report.failed)
    return report
