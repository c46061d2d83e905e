"""The one post-run step of an ingestion run: claims, digest, alerts, snapshot, in that order.

1. `after_run(settings, run_id)`: refresh the claims (one transaction, committed before anything
   else), fold list-only claim events and reconcile news parties with the official lists
   (`flows.lists.hooks.after_claims`), write the digest to `digest_path(settings.db)`, queue alerts for
   the new claim events (the log, the alerts file, one row per destination). Nothing here touches the network.
2. `deliver(settings)`: send every pending or failed alert row. This is the only network step, so
   the flow retries this call alone; alert ids are stable, so a retry never sends a delivered alert again.
3. `publish(settings)`: the readers' snapshot, last, once the run's row is written (readers then see
   the finished run).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from extractors.errors import MonitorError
from flows.alerts import DeliveryReport, DeliveryTally, attempts, deliver_alerts, queue_alerts, tally
from flows.claims import ClaimChanges, refresh_claims
from flows.lists.hooks import after_claims
from flows.reports import digest_path, write_digest
from flows.settings import Settings
from flows.warehouse import publish_snapshot, writer

log = logging.getLogger("sanctions_monitor")
DIGEST_HOURS = 24


@dataclass
class AfterRun:
    """What the post-run step did: the claim changes, the digest written, the alerts queued."""

    changes: ClaimChanges
    digest: Path | None
    queued: DeliveryReport
    notes: list[str] = field(default_factory=list)  # what went wrong without stopping the step


def after_run(settings: Settings, run_id: str | None) -> AfterRun:
    """Refresh claims, write the digest, queue alerts. A digest that cannot be written is a note, not
    an error: the claims are committed and the alerts still queued."""
    with writer(settings.db) as con:
        changes = refresh_claims(con, run_id=run_id)
        after_claims(con)  # flows/lists: fold list-only claim events, reconcile news parties with the lists
        digest, note = _digest(con, settings.db)
        queued = queue_alerts(con, settings)
    log.info("claims: %d (%d events), alerts queued: %d, digest: %s", changes.claims, len(changes.events),
             queued.queued, digest)
    return AfterRun(changes, digest, queued, [note] if note else [])


def _digest(con: duckdb.DuckDBPyConnection, db: Path) -> tuple[Path | None, str | None]:
    try:
        return write_digest(con, digest_path(db), hours=DIGEST_HOURS), None
    except (OSError, MonitorError) as exc:
        return None, f"digest not written: {exc}"


def deliver(settings: Settings) -> DeliveryReport:
    """Deliver every pending or failed alert row (the network step; safe to call again)."""
    with writer(settings.db) as con:
        return deliver_alerts(con, settings)


def delivery_attempts(settings: Settings) -> dict[tuple[str, str], int]:
    """Attempts recorded so far per (alert, destination): take before the delivery, for `delivery_tally`."""
    with writer(settings.db) as con:
        return attempts(con)


def delivery_tally(settings: Settings, since: datetime, before: dict[tuple[str, str], int]) -> DeliveryTally:
    """What the delivery since `since` did (all tries of this run's delivery together)."""
    with writer(settings.db) as con:
        return tally(con, since, before)


def publish(settings: Settings) -> str | None:
    """Publish the readers' snapshot unless settings.snapshot is off; returns a note when it failed."""
    if not settings.snapshot:
        return None
    try:
        publish_snapshot(settings.db)
    except MonitorError as exc:
        return f"snapshot not published: {exc}"
    return None
