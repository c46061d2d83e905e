"""The typed alert JSON (README "Alerts"), as a real webhook receiver on loopback parses it."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from flows.alerts import deliver_alerts, queue_alerts
from flows.claims import refresh_claims
from flows.settings import Settings
from tests.helpers.warehouse_rows import add_article, sanction, transfer, warehouse
from tests.helpers.webhook_receiver import WebhookReceiver


def test_webhook_and_file_get_typed_fields(tmp_path: Path) -> None:
    con = warehouse(tmp_path / "w.duckdb")
    add_article(con, "a1", "https://wire.example/a1", "wire", 0)
    add_article(con, "a2", "https://daily.example/a2", "daily", 1)
    transfer(con, "a1", "Pyongyang shipped rockets to the Wagner Group, a US spokesman said.",
             source=("John Kirby", "person"), recipient=("Wagner Group", "RUS", "group"))
    transfer(con, "a2", "Rockets from North Korea reached Wagner fighters, officials said.",
             recipient=("Wagner Group", "RUS", "group"))
    add_article(con, "a3", "https://copy.example/a3", "daily", 2, duplicate_of="a1")  # syndicated copy
    transfer(con, "a3", "Pyongyang shipped rockets to the Wagner Group, a US spokesman said.",
             source=("John Kirby", "person"), recipient=("Wagner Group", "RUS", "group"))
    sanction(con, "a2", "The United States froze the assets of Bank X.", "imposed", start=80,
             targets=[("Bank X", "IRN", "organisation")])
    refresh_claims(con, run_id="run-42")
    with WebhookReceiver() as hook:
        settings = Settings.load(env={}, alerts=(hook.url,), alerts_file=tmp_path / "alerts.jsonl")
        queue_alerts(con, settings)
        assert deliver_alerts(con, settings).sent == 2
    by_kind = {p["kind"]: p for p in hook.received}
    arms = by_kind["arms_transfer"]
    assert arms["countries"] == ["PRK", "RUS"] and arms["outlets"] == 2
    assert isinstance(arms["confidence"], float) and 0 < arms["confidence"] <= 1
    assert arms["mentions"] == {"asserted": 2, "denied": 0, "planned": 0}
    assert arms["parties"] == [{"role": "supplier", "name": "North Korea", "country": "PRK"},
                               {"role": "recipient", "name": "Wagner Group", "country": "RUS"}]
    assert arms["label"] and arms["label"] in arms["title"] and arms["status"] == "asserted"
    assert arms["run_id"] == "run-42" and arms["event"] == "new_claim"
    assert {"https://daily.example/a2", "https://wire.example/a1"} <= set(arms["links"])
    sentences = [e["sentence"] for e in arms["evidence"]]
    assert len(sentences) == len(set(sentences)) == 2  # the copy's sentence is not evidence twice
    assert {e["url"] for e in arms["evidence"]} <= set(arms["links"])
    assert {e["source"] for e in arms["evidence"]} == {"John Kirby", None}
    for when in ("detected_at", "first_seen", "last_seen"):
        assert datetime.fromisoformat(arms[when]).utcoffset() is not None
    assert arms["first_seen"] < arms["last_seen"]
    bank = by_kind["sanction"]
    assert [(p["role"], p["country"]) for p in bank["parties"]] == [("authority", "USA"), ("target", "IRN")]
    assert bank["status"] == "imposed" and bank["alert_id"] == bank["_header_alert_id"]
    # the alerts file and the table hold the same typed payload
    filed = {r["alert_id"]: r for r in map(json.loads, (tmp_path / "alerts.jsonl").read_text().splitlines())}
    assert filed[arms["alert_id"]]["parties"] == arms["parties"]
    assert filed[arms["alert_id"]]["outlets"] == 2
    stored = con.execute("select payload from alerts where alert_id = ? and destination = 'log+file'",
                         [arms["alert_id"]]).fetchone()
    assert stored is not None and json.loads(stored[0])["evidence"] == arms["evidence"]


def test_the_readme_schema_names_every_payload_field() -> None:
    from flows.alerts import Alert

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    schema = readme.split("**What a receiver gets.**", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    fields = set(Alert("i", "c", "new_claim", "sanction", "t", "b").payload())
    named = set(re.findall(r'"(\w+)":', schema))
    assert fields <= named and named - fields <= {"role", "name", "country", "asserted", "denied",
                                                  "planned", "sentence", "source", "url"}
