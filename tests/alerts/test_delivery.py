"""Alert delivery to a real webhook receiver on loopback, recorded in a real DuckDB file."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from flows.alerts import Alert, Destination, deliver, load_destinations, queue
from flows.settings import Settings
from tests.helpers.webhook_receiver import WebhookReceiver


def _alert(claim: str = "c1", event: str = "new_claim", finding_type: str = "arms_transfer",
           countries: frozenset[str] = frozenset({"PRK", "RUS"}), outlets: int = 2) -> Alert:
    return Alert(alert_id=f"{claim}-{event}", claim_id=claim, event=event, finding_type=finding_type,
                 title=f"{event}: North Korea -> Wagner Group (missiles)", body="evidence sentence",
                 countries=countries, outlets=outlets, confidence=0.8, links=("http://example.test/a",))


def _statuses(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple[str, int]]:
    rows = con.execute("select alert_id, destination, status, attempts from alerts").fetchall()
    return {(a, d): (s, n) for a, d, s, n in rows}


def test_failed_delivery_is_retried_next_run_and_sent_once(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    with WebhookReceiver(fail_first=1) as hook:
        dest = Destination(name="hook", url=hook.url)
        queue(con, [_alert()], [dest], tmp_path / "alerts.jsonl")
        first = deliver(con, [dest])
        assert (first.sent, first.failed) == (0, 1)
        assert _statuses(con)[("c1-new_claim", "hook")] == ("failed", 1)
        error = "select last_error from alerts where destination = 'hook'"
        assert "error=500" in str(con.execute(error).fetchone())  # the real error, kept while it is failed
        # next run: the same alert is queued again (no new row) and the failed one is retried
        queue(con, [_alert()], [dest], tmp_path / "alerts.jsonl")
        second = deliver(con, [dest])
        assert (second.sent, second.failed) == (1, 0)
        assert con.execute(error).fetchone() == (None,)  # sent: the old error is cleared
        # a third run sends nothing more
        queue(con, [_alert()], [dest], tmp_path / "alerts.jsonl")
        assert deliver(con, [dest]).sent == 0
    assert len(hook.received) == 1
    payload = hook.received[0]
    assert payload["alert_id"] == "c1-new_claim" == payload["_header_alert_id"]
    assert payload["title"].startswith("new_claim: North Korea")
    assert payload["countries"] == ["PRK", "RUS"] and payload["outlets"] == 2
    assert _statuses(con)[("c1-new_claim", "hook")] == ("sent", 2)
    lines = (tmp_path / "alerts.jsonl").read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["alert_id"] == "c1-new_claim"


def test_filters_per_destination(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    with WebhookReceiver() as all_hook, WebhookReceiver() as sanctions_hook:
        dests = [Destination(name="all", url=all_hook.url),
                 Destination(name="sanctions-prk", url=sanctions_hook.url, countries=frozenset({"PRK"}),
                             finding_types=frozenset({"sanction"}), min_outlets=2)]
        alerts = [_alert("c1"), _alert("c2", finding_type="sanction"),
                  _alert("c3", finding_type="sanction", outlets=1), _alert("c4", finding_type="sanction",
                                                                  countries=frozenset({"IRN"}))]
        report = queue(con, alerts, dests, tmp_path / "alerts.jsonl")
        assert (report.queued, report.filtered) == (5, 3)
        deliver(con, dests)
    assert sorted(p["claim_id"] for p in all_hook.received) == ["c1", "c2", "c3", "c4"]
    assert [p["claim_id"] for p in sanctions_hook.received] == ["c2"]


def test_crash_between_send_and_record(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    """A row left 'sending' is resent with the same id to webhooks, never resent to id-less targets."""
    with WebhookReceiver() as hook:
        dests = [Destination(name="hook", url=hook.url), Destination(name="mail", url="mailto://x:y@z.test")]
        queue(con, [_alert()], dests, tmp_path / "alerts.jsonl")
        con.execute("update alerts set status = 'sending', attempts = 1 where destination != 'log+file'")
        report = deliver(con, dests)
    assert report.unknown == 1 and report.sent == 1
    assert _statuses(con)[("c1-new_claim", "mail")][0] == "unknown"
    assert [p["alert_id"] for p in hook.received] == ["c1-new_claim"]


def test_destinations_from_settings_and_toml(tmp_path: Path) -> None:
    cfg = tmp_path / "alerts.toml"
    cfg.write_text('[[destination]]\nname = "desk"\nurl = "json://127.0.0.1:9/x"\nkinds = ["sanction"]\n'
                   'countries = ["prk"]\nmin_outlets = 2\n')
    dests = load_destinations(Settings.load(env={}, alerts=("json://127.0.0.1:9/y",), alerts_config=cfg))
    assert [d.name for d in dests][1] == "desk"
    assert dests[1].countries == frozenset({"PRK"}) and dests[1].min_outlets == 2
    cfg.write_text('[[destination]]\nurl = "json://x"\nkinds = ["weather"]\n')
    with pytest.raises(Exception, match="unknown kind"):
        load_destinations(Settings.load(env={}, alerts_config=cfg))


def test_prefect_notification_block_destination(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, prefect_harness: None
) -> None:
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    with WebhookReceiver() as hook:
        CustomWebhookNotificationBlock(
            name="desk", url=hook.http_url, json_data={"title": "{{subject}}", "message": "{{body}}"}
        ).save("desk", overwrite=True)
        dest = Destination(name="desk-block", url="block:custom-webhook/desk")
        queue(con, [_alert()], [dest], tmp_path / "alerts.jsonl")
        assert deliver(con, [dest]).sent == 1
    assert hook.received[0]["title"].startswith("new_claim: North Korea")
    assert "alert id: c1-new_claim" in hook.received[0]["message"]
