"""The Prefect flow `lists`: refresh every enabled list, then claims, alerts and reconciliation.

One task per list (coarse: download, store raw, parse, diff, load), then one post-load task in the
process that holds the warehouse: list changes -> mentions -> claims -> alerts (grouped per list,
programme and change), reconciliation of news parties, the reader snapshot.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from extractors.errors import MonitorError
from flows.alerts import deliver_alerts, load_destinations, queue, queue_alerts
from flows.claims import refresh_claims
from flows.lists import claims_link
from flows.lists.config import ListConfig, load_lists
from flows.lists.hooks import after_claims
from flows.lists.refresh import Outcome, refresh_list
from flows.settings import Settings, apply_prefect_defaults
from flows.warehouse import Warehouse, connect_waiting, publish_snapshot


@dataclass
class ListsSummary:
    """What one run of the lists flow did."""

    run_id: str
    outcomes: list[Outcome] = field(default_factory=list)
    mentions: int = 0
    claim_events: int = 0
    alerts: int = 0  # grouped list alerts made by this run
    alerts_sent: int = 0  # deliveries to configured destinations (list and news alerts)
    reconciled: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


@task(name="refresh-list", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def refresh_task(config: ListConfig, wh: Warehouse, settings: Settings, run_id: str) -> Outcome:
    """Download, store raw, parse, diff and load one list (a bad file leaves the current version)."""
    started = time.perf_counter()
    outcome = refresh_list(config, wh, settings, run_id)
    logger = get_run_logger()
    if outcome.status == "failed":
        logger.warning("list %s failed: %s", config.name, outcome.error)
    else:
        changes = outcome.diff.summary() if outcome.diff else {}
        logger.info(
            "list %s: %s (%d entities) %s",
            config.name,
            outcome.status,
            outcome.entities,
            {k: changes.get(k) for k in ("added", "removed", "changed")} if changes else "",
        )
    return Outcome(**{**vars(outcome), "seconds": time.perf_counter() - started})


@task(name="lists-after-load", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def after_load_task(
    outcomes: list[Outcome], configs: dict[str, ListConfig], settings: Settings, summary: ListsSummary
) -> None:
    """Changes -> mentions -> claims; grouped list alerts; news-claim alerts; reconciliation."""
    con = connect_waiting(Path(settings.db))
    try:
        now = claims_link.now()
        alerts = []
        con.begin()
        for o in outcomes:
            if o.diff is not None and o.version_id is not None:
                summary.mentions += claims_link.load_mentions(
                    con, configs[o.list_name], o.version_id, o.diff, now
                )
                alerts += claims_link.grouped_alerts(configs[o.list_name], o.version_id, o.diff)
        con.commit()
        changes = refresh_claims(con, run_id=summary.run_id)
        summary.claim_events = len(changes.events)
        summary.reconciled = after_claims(con)  # folds list-only claim events before any alert is queued
        queue(con, alerts, load_destinations(settings), settings.alerts_file)
        summary.alerts = len(alerts)
        queue_alerts(con, settings)  # news-claim events of this refresh
        summary.alerts_sent = deliver_alerts(con, settings).sent
    finally:
        con.close()


@flow(name="lists", description="Refresh the official sanctions lists, record their changes, reconcile news.")
def lists(
    lists: str | None = None,
    db: str | None = None,
    only: list[str] | None = None,
    settings: Settings | None = None,
    configs: list[ListConfig] | None = None,
) -> ListsSummary:
    """One refresh of every enabled list in `lists` (a lists.toml path; deployments pass it) or of
    `configs`; `only` keeps the named lists. Failures of one list are recorded and the run goes on."""
    settings = settings if settings is not None else Settings.load()
    if db is not None:
        settings = settings.replace(db=Path(db))
    chosen = configs if configs is not None else load_lists(lists)
    chosen = [c for c in chosen if (c.name in only if only else c.enabled)]
    if only and len(chosen) != len(set(only)):
        raise MonitorError(f"unknown list(s): {', '.join(sorted(set(only) - {c.name for c in chosen}))}")
    wh = Warehouse.open(settings.db)
    summary = ListsSummary(run_id=_run_id())
    wh.start_run(summary.run_id, "lists", settings.run_wait, get_run_logger().warning)
    status, error = "failed", None
    try:
        summary.outcomes = [refresh_task(c, wh, settings, summary.run_id) for c in chosen]
        after_load_task(summary.outcomes, {c.name: c for c in chosen}, settings, summary)
        status = "completed"
    except BaseException as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
        raise
    finally:
        from flows.ingest.summary import RunCounts

        counts = RunCounts(  # the runs table's columns, read for lists: polled, not modified, failed
            feeds_polled=len(chosen),
            feeds_failed=len(summary.failed),
            feeds_not_modified=sum(o.status in ("not_modified", "unchanged") for o in summary.outcomes),
            mentions=summary.mentions,
            alerts_sent=summary.alerts_sent,
        )
        wh.finish_run(
            summary.run_id, status, counts, {o.list_name: o.seconds for o in summary.outcomes}, error
        )
        if settings.snapshot:
            try:
                publish_snapshot(settings.db)
            except MonitorError as exc:
                summary.notes.append(f"snapshot not published: {exc}")
    return summary


def _run_id() -> str:
    from prefect.runtime import flow_run

    return str(flow_run.id or uuid.uuid4())


def run_lists(
    settings: Settings,
    *,
    lists_file: Path | None = None,
    only: list[str] | None = None,
    configs: list[ListConfig] | None = None,
) -> ListsSummary:
    """Run the flow (local ephemeral Prefect API unless PREFECT_API_URL is set)."""
    apply_prefect_defaults()
    return lists(lists=str(lists_file) if lists_file else None, only=only, settings=settings, configs=configs)
