"""Alerts from claim events: new claim, first denial; once per destination, across runs.

Each `run_alerts` below is what a run's post-run step does: queue the new events, then deliver."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from flows.alerts import DeliveryReport, deliver_alerts, queue_alerts
from flows.claims import refresh_claims
from flows.settings import Settings
from tests.helpers.warehouse_rows import add_article, transfer, warehouse
from tests.helpers.webhook_receiver import WebhookReceiver


def run_alerts(con: duckdb.DuckDBPyConnection, settings: Settings) -> DeliveryReport:
    queue_alerts(con, settings)
    return deliver_alerts(con, settings)


def test_new_claim_then_first_denial_each_alerted_once(tmp_path: Path) -> None:
    con = warehouse(tmp_path / "w.duckdb")
    add_article(con, "a1", "https://wire.example/a1", "wire", 0)
    transfer(con, "a1", "Pyongyang shipped rockets to the Wagner Group, a US spokesman said.",
             source=("John Kirby", "person"), recipient=("Wagner Group", "RUS", "group"))
    with WebhookReceiver(fail_first=1) as hook:
        settings = Settings.load(env={}, alerts=(hook.url,), alerts_file=tmp_path / "alerts.jsonl")
        refresh_claims(con, run_id="r1")
        first = run_alerts(con, settings)
        assert (first.sent, first.failed) == (0, 1)  # the receiver fails the first time
        refresh_claims(con, run_id="r2")
        assert run_alerts(con, settings).sent == 1  # retried on the next run
        add_article(con, "a2", "https://daily.example/a2", "daily", 1)
        transfer(con, "a2", "North Korea said the report of rockets for Wagner was false.", stance="denied",
                 source=("North Korean foreign ministry", "organisation"),
                 recipient=("Wagner Group", "RUS", "group"))
        refresh_claims(con, run_id="r3")
        assert run_alerts(con, settings).sent == 1
        refresh_claims(con, run_id="r4")
        assert run_alerts(con, settings).sent == 0  # nothing new: nothing sent
    events = [p["event"] for p in hook.received]
    assert events == ["new_claim", "first_denial"]
    new, denial = hook.received
    assert new["title"].startswith("New claim (arms transfer)") and "wagner" in new["title"].lower()
    assert "John Kirby" in new["message"] and "https://wire.example/a1" in new["message"]
    assert "Denied by: North Korean foreign ministry" in denial["message"]
    assert new["alert_id"] != denial["alert_id"]
    filed = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert [f["event"] for f in filed] == ["new_claim", "first_denial"]
    rows = con.execute("select destination, status, attempts from alerts order by created_at, destination")
    assert [r for r in rows.fetchall() if r[0] != "log+file"] == [
        (f"json-{_h(hook.url)}", "sent", 2), (f"json-{_h(hook.url)}", "sent", 1)]


def _h(url: str) -> str:
    import hashlib

    return hashlib.sha256(url.encode()).hexdigest()[:8]


def test_a_claim_new_and_denied_in_one_run_is_one_alert(tmp_path: Path) -> None:
    con = warehouse(tmp_path / "w.duckdb")
    add_article(con, "a1", "https://wire.example/a1", "wire", 0)
    transfer(con, "a1", "Iran sent drones to Russia, Kyiv said.", category="drones",
             supplier=("Iran", "IRN", "state"), source=("Volodymyr Zelensky", "person"))
    transfer(con, "a1", "Tehran denied sending any drones to Russia.", stance="denied", start=50,
             category="drones", supplier=("Iran", "IRN", "state"),
             source=("Iranian foreign ministry", "organisation"))
    with WebhookReceiver() as hook:
        settings = Settings.load(env={}, alerts=(hook.url,), alerts_file=tmp_path / "alerts.jsonl")
        refresh_claims(con)
        assert run_alerts(con, settings).sent == 1
        refresh_claims(con)
        assert run_alerts(con, settings).sent == 0
    (only,) = hook.received
    assert only["event"] == "new_claim" and "[first denial]" in only["title"]
    statuses = dict(con.execute("select event, status from alerts where destination = 'log+file'").fetchall())
    assert statuses == {"new_claim": "sent", "first_denial": "folded"}


def test_every_claim_event_has_a_headline_and_every_finding_type_a_colour() -> None:
    from extractors.vocabulary import FINDING_TYPES
    from flows.alerts.events import HEADLINES
    from flows.claims import EVENTS
    from flows.reports.charts import TYPE_COLOURS

    assert set(HEADLINES) == set(EVENTS)
    assert tuple(TYPE_COLOURS) == FINDING_TYPES and len(set(TYPE_COLOURS.values())) == len(FINDING_TYPES)
