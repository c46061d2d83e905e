"""The post-load step of a run: claims + digest (flows.after_run), then alerts."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from flows.after_run import after_run
from flows.alert_events import run_alerts
from flows.alerts import DeliveryReport
from flows.claims import ClaimChanges
from flows.duckdb_lock import connect_waiting
from flows.settings import Settings

log = logging.getLogger("sanctions_monitor")


@dataclass(frozen=True)
class AfterLoad:
    """The claim changes, the alert deliveries and the digest a run wrote."""

    changes: ClaimChanges
    alerts: DeliveryReport
    digest: Path | None


def digest_path(db: Path) -> Path:
    """`data/warehouse.duckdb` -> `data/digest.html`; `data/demo.duckdb` -> `data/demo.digest.html`."""
    name = "digest.html" if db.stem == "warehouse" else f"{db.stem}.digest.html"
    return db.with_name(name)


def after_load(settings: Settings, run_id: str, digest_hours: int = 24) -> AfterLoad:
    """Refresh claims and write the digest, then deliver alerts for the claim events.

    Claims are committed before any alert is sent, so a crash in between only delays alerts to the
    next run (their ids are stable), never repeats them. The reader snapshot is not published here:
    the ingest flow publishes it after writing the run's row, so readers see the finished run.
    """
    db = Path(settings.db)
    done = after_run(db, run_id=run_id, digest_path=digest_path(db), hours=digest_hours, snapshot=False)
    con = connect_waiting(db)
    try:
        delivered = run_alerts(con, settings)
    finally:
        con.close()
    log.info("claims: %d (%d events), alerts sent: %d, digest: %s", done.changes.claims,
             len(done.changes.events), delivered.sent, done.digest)
    return AfterLoad(done.changes, delivered, done.digest)
