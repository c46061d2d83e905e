"""What every run does once its articles are loaded: claims, alerts, the digest, the reader snapshot."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from flows.alert_events import run_alerts
from flows.alerts import DeliveryReport
from flows.claims import ClaimChanges, refresh_claims
from flows.digest import write_digest
from flows.settings import Settings
from flows.snapshot import publish_snapshot
from flows.warehouse import Warehouse

log = logging.getLogger("sanctions_monitor")


@dataclass(frozen=True)
class AfterLoad:
    """The claim changes, the alert deliveries and the files a run published."""

    changes: ClaimChanges
    alerts: DeliveryReport
    digest: Path
    snapshot: Path | None


def digest_path(db: Path) -> Path:
    """`data/warehouse.duckdb` -> `data/digest.html`; `data/demo.duckdb` -> `data/demo.digest.html`."""
    name = "digest.html" if db.stem == "warehouse" else f"{db.stem}.digest.html"
    return db.with_name(name)


def after_load(wh: Warehouse, settings: Settings, run_id: str, digest_hours: int = 24) -> AfterLoad:
    """Refresh claims, alert on their changes, write the digest, then publish the reader snapshot.

    Claims and alerts write the warehouse in short transactions; the snapshot comes last so analysts
    reading it during the next run see this run's complete state.
    """
    with wh.connect() as con:
        changes = refresh_claims(con, run_id=run_id)
        delivered = run_alerts(con, settings)
        digest = write_digest(con, digest_path(Path(settings.db)), hours=digest_hours)
        snapshot = publish_snapshot(settings.db, con) if settings.snapshot else None
    log.info("claims: %d (%d events); digest %s", changes.claims, len(changes.events), digest)
    return AfterLoad(changes, delivered, digest, snapshot)
