"""Alerts when a run dies at the worst moment: the states a kill leaves behind, in a real DuckDB file,
then the next run (queue + deliver to a real webhook receiver on loopback)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from flows.alerts import Destination, deliver, deliver_alerts, pending_alerts, queue, queue_alerts
from flows.claims import refresh_claims
from flows.settings import Settings
from tests.helpers.warehouse_rows import add_article, transfer, warehouse
from tests.helpers.webhook_receiver import WebhookReceiver


def _claim_new_and_official_at_once(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = warehouse(tmp_path / "w.duckdb")
    add_article(con, "a1", "https://gov.example/a1", "mod", 0)  # an official feed: first official source
    transfer(con, "a1", "The ministry confirmed that rockets were shipped to Russia.",
             source=("Ministry of Defence", "organisation"))
    events = refresh_claims(con, run_id="r1").events
    assert sorted(e.event for e in events) == ["first_official_confirmation", "new_claim"]
    return con


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_the_file_line_follows_the_committed_row_and_is_never_written_twice(tmp_path: Path) -> None:
    con = _claim_new_and_official_at_once(tmp_path)
    alerts_file = tmp_path / "alerts.jsonl"
    settings = Settings.load(env={}, alerts_file=alerts_file)
    queue_alerts(con, settings)
    (line,) = _lines(alerts_file)
    assert con.execute("select status from alerts where alert_id = ? and destination = 'log+file'",
                       [line["alert_id"]]).fetchone() == ("sent",)
    # killed after the line was written, before its row was marked: the next run does not repeat it
    con.execute("update alerts set status = 'sending' where destination = 'log+file' and status = 'sent'")
    queue_alerts(con, settings)
    assert _lines(alerts_file) == [line]
    # killed after the commit, before the line was written: the next run writes it, once
    con.execute("update alerts set status = 'sending' where destination = 'log+file' and status = 'sent'")
    alerts_file.write_text("")
    queue_alerts(con, settings)
    queue_alerts(con, settings)
    assert _lines(alerts_file) == [line]
    assert con.execute("select count(*) from alerts where status = 'sending'").fetchone() == (0,)


def test_a_first_official_source_stays_folded_after_a_kill_between_the_two(tmp_path: Path) -> None:
    con = _claim_new_and_official_at_once(tmp_path)
    with WebhookReceiver() as hook:
        dest = Destination(name="hook", url=hook.url)
        to_send, folded = pending_alerts(con)
        assert [a.event for a in to_send] == ["new_claim"] and [a.event for a in folded] == [
            "first_official_confirmation"]
        # a run that queued the new claim and was killed before it recorded the folded event
        queue(con, to_send, [dest], tmp_path / "alerts.jsonl")
        con.execute("delete from alerts where event = 'first_official_confirmation'")
        assert deliver(con, [dest]).sent == 1
        # the next run: the official source is folded into the alert already sent, not a second alert
        settings = Settings.load(env={}, alerts=(hook.url,), alerts_file=tmp_path / "alerts.jsonl")
        report = queue_alerts(con, settings)
        assert report.new == [] and deliver_alerts(con, settings).sent == 0
    assert [p["event"] for p in hook.received] == ["new_claim"]
    assert "[first official source]" in hook.received[0]["title"]
    folded = con.execute("select status from alerts where event = 'first_official_confirmation'").fetchall()
    assert folded == [("folded",)]


def test_the_attempt_is_recorded_before_the_send(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    con = _claim_new_and_official_at_once(tmp_path)
    seen: list[tuple[str, int]] = []

    def look(payload: dict[str, Any]) -> None:  # runs while the sender waits: the row must say so already
        reader = con.cursor()
        row = reader.execute("select status, attempts from alerts where alert_id = ? "
                             "and destination = 'hook'", [payload["alert_id"]]).fetchone()
        assert row is not None
        seen.append((str(row[0]), int(row[1])))

    with WebhookReceiver(on_post=look) as hook:
        dest = Destination(name="hook", url=hook.url)
        to_send, folded = pending_alerts(con)
        queue(con, to_send, [dest], tmp_path / "alerts.jsonl", folded)
        assert deliver(con, [dest]).sent == 1
    assert seen == [("sending", 1)] and db.exists()
