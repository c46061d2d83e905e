"""The per-run alert budget per destination: a flood of claims reaches a destination as `budget` alerts
plus one summary naming the rest (never silently lost), at a real webhook receiver on loopback."""

from __future__ import annotations

import json
from pathlib import Path

from flows.alerts import deliver_alerts, queue_alerts
from flows.claims import refresh_claims
from flows.settings import Settings
from tests.helpers.warehouse_rows import add_article, transfer, warehouse
from tests.helpers.webhook_receiver import WebhookReceiver

STATES = [("Iran", "IRN"), ("Belarus", "BLR"), ("Syria", "SYR"), ("Cuba", "CUB"), ("Libya", "LBY"),
          ("Sudan", "SDN"), ("Eritrea", "ERI")]


def test_past_the_budget_one_summary_alert_names_the_rest(tmp_path: Path) -> None:
    con = warehouse(tmp_path / "w.duckdb")
    add_article(con, "a1", "https://wire.example/a1", "wire", 0)
    for i, (name, code) in enumerate(STATES):
        transfer(con, "a1", f"{name} sent drones to Russia, officials said.", start=i * 100,
                 category="drones", supplier=(name, code, "state"))
    refresh_claims(con, run_id="r1")
    with WebhookReceiver() as hook:
        settings = Settings.load(env={}, alerts=(hook.url,), alerts_file=tmp_path / "alerts.jsonl",
                                 alert_budget=3)
        report = queue_alerts(con, settings)
        assert (report.queued, report.summarised, len(report.new)) == (4, 4, 7)
        assert deliver_alerts(con, settings).sent == 4
        refresh_claims(con, run_id="r2")
        assert queue_alerts(con, settings).queued == 0 and deliver_alerts(con, settings).sent == 0
    alone = [p for p in hook.received if p["event"] == "new_claim"]
    (summary,) = [p for p in hook.received if p["event"] == "alert_budget"]
    assert len(alone) == 3 and summary["title"].startswith("4 more alerts this run (4 arms transfer)")
    held = {r[0] for r in con.execute("select alert_id from alerts where status = 'summarised'").fetchall()}
    assert len(held) == 4 and set(summary["covers"]) == held
    assert held.isdisjoint(p["alert_id"] for p in alone)
    assert len([line for line in summary["message"].splitlines() if line.startswith("- ")]) == 4
    filed = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert len(filed) == 7  # the file and the log still get every alert
