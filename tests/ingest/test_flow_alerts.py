"""Alerts as an operator sees them after a real ingest run (Prefect harness, loopback site and webhook):
one log line per alert in the terminal and the Prefect run log; deliveries, failures with their real
error and retries in the summary and its artifact."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

import pytest

from flows.demo import LoopbackSite
from flows.ingest import FeedConfig, run_ingest
from flows.ingest.summary import to_markdown
from flows.settings import Settings
from flows.warehouse import Warehouse
from tests.helpers.webhook_receiver import WebhookReceiver

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _settings(db: Path, alerts: tuple[str, ...]) -> Settings:
    return Settings.load(env={}, db=db, allow_loopback=True, read_timeout=1.0, total_timeout=2.0, retries=0,
                         backoff=0.01, alerts=alerts, alerts_file=db.with_suffix(".alerts.jsonl"))


def _feeds(site: LoopbackSite) -> list[FeedConfig]:
    return [FeedConfig(name="wire", url=site.url("/wire.xml"), kind="news"),
            FeedConfig(name="mirror", url=site.url("/mirror.xml"), kind="news")]


def _run_log(run_id: str) -> list[str]:
    """Every message of the flow run's log (its task runs' too), read back from the Prefect API."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=5)
    with get_client(sync_client=True) as client:
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[UUID(run_id)])))
    return [entry.message for entry in logs]


@contextmanager
def _terminal() -> Iterator[io.StringIO]:
    """What Prefect's console handlers (the terminal of a `run`) print meanwhile."""
    from prefect.logging.handlers import PrefectConsoleHandler
    from rich.console import Console

    handlers = {h for name in ("prefect.task_runs", "prefect", "")
                for h in logging.getLogger(name).handlers if isinstance(h, PrefectConsoleHandler)}
    assert handlers, "Prefect's console handler is configured"
    out, before = io.StringIO(), {h: h.console for h in handlers}
    for h in handlers:
        h.console = Console(file=out, width=400, markup=False, highlight=False)
    try:
        yield out
    finally:
        for h, console in before.items():
            h.console = console


def test_each_alert_is_one_line_in_the_terminal_and_the_run_log_and_retries_are_counted(
    site: LoopbackSite, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    with WebhookReceiver(fail_first=1) as hook, _terminal() as terminal:
        summary = run_ingest(_settings(db, (hook.url,)), feeds=_feeds(site))
    titles = [t for (t,) in Warehouse.open(db).query(
        "select title from alerts where destination = 'log+file' and status = 'sent'")]
    assert titles and summary.alerts_new == len(titles) == summary.counts.alerts_sent == len(hook.received)
    assert (summary.alert_retries, summary.alert_failures, summary.alert_errors) == (1, 0, [])
    logged = [m for m in _run_log(summary.run_id) if m.startswith("alert: ")]
    assert sorted(m.split(" | ")[0] for m in logged) == sorted(f"alert: {t}" for t in titles)
    shown = [ln for ln in terminal.getvalue().splitlines() if "alert: " in ln]
    assert len(shown) == len(titles) and all(f"alert: {t}" in "\n".join(shown) for t in titles)
    table = to_markdown(summary)
    assert f"| alerts new | {len(titles)} |" in table and "| alert delivery retries | 1 |" in table
    assert "at-least-once to webhooks" in table


def test_failed_deliveries_carry_the_real_error_into_the_summary(site: LoopbackSite, tmp_path: Path) -> None:
    with LoopbackSite() as gone:  # served once, closed now: connection refused
        dead = gone.url("/hook").replace("http://", "json://")
    summary = run_ingest(_settings(tmp_path / "w.duckdb", (dead,)), feeds=_feeds(site))
    assert summary.status == "completed" and summary.alerts_new > 0
    assert summary.alert_failures == summary.alerts_new and summary.counts.alerts_sent == 0
    assert summary.alert_retries == 2 * summary.alerts_new  # the delivery step's two retries in the run
    assert all("Connection refused" in e for e in summary.alert_errors)
    assert "see the apprise log" not in to_markdown(summary)
    assert "Connection refused" in to_markdown(summary)
    assert f"| alert deliveries failed | {summary.alerts_new} |" in to_markdown(summary)
