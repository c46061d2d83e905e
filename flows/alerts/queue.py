"""The alert queue: one row per (alert, destination) in `alerts`, delivered at most once per destination.

Protocol per (alert, destination) row in `alerts`:
  pending -> sending (committed BEFORE the network call) -> sent | failed.
A `failed` row is retried on the next run. A row still `sending` at the start of a run means the
process died between the send and the record: for destinations that carry the stable `alert_id`
(webhooks: payload + X-Alert-Id header) it is resent with the same id so the receiver can drop the
repeat; for the others (chat, mail) it is marked `unknown` and NOT resent — at most once.
Past a destination's per-run budget, new rows are `summarised` (one summary alert stands for them), and
the built-in `log+file` row goes sending -> sent around the alerts-file line (flows/alerts/alerts_file.py).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from flows.alerts.alert import Alert
from flows.alerts.alerts_file import LOG_AND_FILE, write_pending_lines
from flows.alerts.budget import split_by_budget, summary_alert
from flows.alerts.destinations import Destination
from flows.alerts.send import DeliveryError, send


@dataclass
class DeliveryReport:
    """What one delivery pass did."""

    queued: int = 0
    sent: int = 0
    failed: int = 0
    filtered: int = 0
    unknown: int = 0
    retried: int = 0  # sends of a row that had failed before (in this run or an earlier one)
    errors: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)  # the log line of each alert seen for the first time
    summarised: int = 0  # rows past a destination's budget, sent inside one summary alert instead
    budget_notes: list[str] = field(default_factory=list)  # one line per destination over its budget


def queue(con: duckdb.DuckDBPyConnection, alerts: list[Alert], destinations: list[Destination],
          alerts_file: Path, folded: list[Alert] | None = None, budget: int | None = None) -> DeliveryReport:
    """Record new (alert, destination) rows and the `folded` events in one transaction; an alert already
    recorded for a destination is skipped. Past `budget` new alerts for one destination, the rest are
    `summarised` in one summary alert to it (flows/alerts/budget.py). Then every alert seen for the first
    time is logged (one line) and appended to `alerts_file` (after its row is committed: see
    flows/alerts/alerts_file.py).
    """
    report = DeliveryReport()
    write_pending_lines(con, alerts_file, interrupted=True)  # lines a killed run did not write
    now = datetime.now(UTC)
    ids = [a.alert_id for a in alerts]
    known = {r[0] for r in con.execute(
        "select distinct alert_id from alerts where alert_id in (select unnest(?))", [ids]).fetchall()}
    wanted: dict[str, list[Alert]] = {}
    con.begin()
    try:
        for alert in alerts:
            targets = [(d.name, _status(d, alert)) for d in destinations]
            if alert.alert_id not in known:
                report.new.append(alert.log_line())
                targets.append((LOG_AND_FILE, "sending"))
            for dest_name, status in targets:
                if _insert(con, alert, dest_name, status, now):
                    report.filtered += status == "filtered"
                    if status == "pending":
                        wanted.setdefault(dest_name, []).append(alert)
        for dest_name, queued in wanted.items():
            report.queued += _apply_budget(con, dest_name, queued, budget, report, now)
        record_folded(con, folded or [], now)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    for line in report.new:
        _logger().info(line)
    for line in report.budget_notes:
        _logger().warning(line)
    write_pending_lines(con, alerts_file, interrupted=False)
    return report


def _apply_budget(con: duckdb.DuckDBPyConnection, destination: str, queued: list[Alert], budget: int | None,
                  report: DeliveryReport, now: datetime) -> int:
    """Keep the first `budget` rows pending, mark the rest `summarised` and queue their summary alert;
    returns the rows that will be sent."""
    alone, held = split_by_budget(queued, budget)
    if not held or budget is None:
        return len(alone)
    con.execute("update alerts set status = 'summarised' where destination = ? "
                "and alert_id in (select unnest(?))", [destination, [a.alert_id for a in held]])
    _insert(con, summary_alert(destination, held, budget), destination, "pending", now)
    report.summarised += len(held)
    report.budget_notes.append(f"alert budget: {destination} gets {len(alone)} alerts and one summary of "
                               f"{len(held)} more (SANCTIONS_MONITOR_ALERT_BUDGET={budget})")
    return len(alone) + 1


def record_folded(con: duckdb.DuckDBPyConnection, alerts: list[Alert], now: datetime | None = None) -> None:
    """Record events folded into another alert (status `folded`), so they are never offered again."""
    for alert in alerts:
        _insert(con, alert, LOG_AND_FILE, "folded", now or datetime.now(UTC))


def _insert(con: duckdb.DuckDBPyConnection, alert: Alert, destination: str, status: str,
            now: datetime) -> bool:
    """One (alert, destination) row unless it exists; True when it was inserted now."""
    return bool(con.execute(
        """insert into alerts (alert_id, destination, claim_id, event, kind, title, body, payload,
                               status, attempts, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
           on conflict do nothing returning alert_id""",
        [alert.alert_id, destination, alert.claim_id, alert.event, alert.finding_type, alert.title,
         alert.body, json.dumps(alert.payload()), status, now, now],
    ).fetchall())


def _status(dest: Destination, alert: Alert) -> str:
    wanted = dest.wants(alert.finding_type, set(alert.countries), alert.outlets, alert.confidence)
    return "pending" if wanted else "filtered"


def deliver(con: duckdb.DuckDBPyConnection, destinations: list[Destination],
            report: DeliveryReport | None = None) -> DeliveryReport:
    """Send every pending or failed row to its destination, recording each outcome."""
    report = report or DeliveryReport()
    by_name = {d.name: d for d in destinations}
    _settle_interrupted(con, by_name, report)
    rows = con.execute(
        """select alert_id, destination, title, body, payload, status from alerts
           where status in ('pending', 'failed') order by created_at, alert_id"""
    ).fetchall()
    for alert_id, dest_name, title, body, payload, status in rows:
        dest = by_name.get(dest_name)
        if dest is None:
            continue  # destination removed from the configuration: keep the row, send nothing
        report.retried += status == "failed"
        _mark(con, alert_id, dest_name, "sending", attempt=True)
        try:
            send(dest, alert_id, title, body, _as_dict(payload))
        except DeliveryError as exc:
            _mark(con, alert_id, dest_name, "failed", error=str(exc))
            report.failed += 1
            report.errors.append(str(exc))
            continue
        _mark(con, alert_id, dest_name, "sent")
        report.sent += 1
    return report


def _settle_interrupted(con: duckdb.DuckDBPyConnection, by_name: dict[str, Destination],
                        report: DeliveryReport) -> None:
    rows = con.execute("select alert_id, destination from alerts where status = 'sending' "
                       "and destination <> ?", [LOG_AND_FILE]).fetchall()
    for alert_id, dest_name in rows:
        dest = by_name.get(dest_name)
        if dest is not None and dest.carries_alert_id:
            _mark(con, alert_id, dest_name, "failed", error="interrupted; resent with the same alert_id")
        else:
            _mark(con, alert_id, dest_name, "unknown", error="interrupted between send and record")
            report.unknown += 1


def _mark(con: duckdb.DuckDBPyConnection, alert_id: str, dest: str, status: str, *,
          attempt: bool = False, error: str | None = None) -> None:
    now = datetime.now(UTC)
    con.execute(
        """update alerts set status = ?, attempts = attempts + ?,
                  last_error = case when ? = 'sent' then null else coalesce(?, last_error) end,
                  updated_at = ?, sent_at = case when ? = 'sent' then ? else sent_at end
           where alert_id = ? and destination = ?""",
        [status, int(attempt), status, error, now, status, now, alert_id, dest],
    )


def _logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    """The Prefect run logger inside a flow or task run (the run log and the terminal), else the one-off
    run's console logger (flows.orchestration)."""
    from flows.orchestration import get_run_logger

    return get_run_logger()


def _as_dict(payload: Any) -> dict[str, Any]:
    return dict(json.loads(payload)) if isinstance(payload, str) else dict(payload)
