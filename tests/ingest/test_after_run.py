"""The post-run step: claims refreshed, the digest written to the one digest path, alerts queued, then
the snapshot published; a second pass over the same mentions changes nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.ingest.after_run import after_run, publish
from flows.reports import digest_path
from flows.settings import Settings
from flows.warehouse import open_for_reading, snapshot_path
from tests.helpers.warehouse_rows import add_article, transfer, warehouse


def test_after_run_refreshes_writes_digest_queues_and_publishes(tmp_path: Path) -> None:
    db = tmp_path / "data" / "warehouse.duckdb"
    db.parent.mkdir()
    con = warehouse(db)
    add_article(con, "a1", "https://wire.example/a1", "wire", 0, title="Drones for Moscow")
    transfer(
        con,
        "a1",
        "Tehran handed combat drones to Moscow, two officials said.",
        category="uav",
        supplier=("Iran", "IRN", "state"),
    )
    con.close()
    settings = Settings.load(env={}, db=db, alerts_file=tmp_path / "alerts.jsonl")
    done = after_run(settings, run_id="run-1")
    assert [e.event for e in done.changes.events] == ["new_claim"]
    assert done.digest == tmp_path / "data" / "digest.html" == digest_path(db)
    assert "Iran → Russia: uav" in done.digest.read_text(encoding="utf-8")
    assert done.notes == [] and len((tmp_path / "alerts.jsonl").read_text().splitlines()) == 1
    assert publish(settings) is None
    with duckdb.connect(str(snapshot_path(db)), read_only=True) as snap:
        assert snap.execute("select label, run_id from claim_changes").fetchall() == [
            ("Iran -> Russia: uav", "run-1")
        ]
    again = after_run(settings, run_id="run-2")
    assert again.changes.events == ()
    assert len((tmp_path / "alerts.jsonl").read_text().splitlines()) == 1  # queued once, ever
    reader = open_for_reading(db)
    try:
        assert reader.con.execute("select count(*) from claim_events").fetchone() == (1,)
    finally:
        reader.close()


def test_one_digest_path_per_warehouse() -> None:
    assert digest_path(Path("data/warehouse.duckdb")) == Path("data/digest.html")
    assert digest_path(Path("data/demo.duckdb")) == Path("data/demo.digest.html")
    assert digest_path(Path("data/warehouse.duckdb"), "weekly") == Path("data/weekly-digest.html")


def test_snapshot_setting_off_publishes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    warehouse(db).close()
    assert publish(Settings.load(env={}, db=db, snapshot=False)) is None
    assert not snapshot_path(db).exists()
