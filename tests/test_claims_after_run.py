"""after_run: the writer's post-run step refreshes claims, writes the digest, publishes the snapshot."""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.after_run import after_run
from flows.snapshot import open_for_reading
from tests.reports_data import add_article, transfer, warehouse


def test_after_run_refreshes_writes_digest_and_publishes(tmp_path: Path) -> None:
    db = tmp_path / "data" / "w.duckdb"
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
    done = after_run(db, run_id="run-1")
    assert [e.event for e in done.changes.events] == ["new_claim"]
    assert done.digest == tmp_path / "data" / "digest.html"
    assert "Iran → Russia: uav" in done.digest.read_text(encoding="utf-8")
    assert done.snapshot is not None
    with duckdb.connect(str(done.snapshot), read_only=True) as snap:
        assert snap.execute("select label, run_id from claim_changes").fetchall() == [
            ("Iran -> Russia: uav", "run-1")
        ]
    again = after_run(db, run_id="run-2", digest=False, snapshot=False)
    assert again.changes.events == () and again.digest is None and again.snapshot is None
    reader = open_for_reading(db)
    try:
        assert reader.con.execute("select count(*) from claim_events").fetchone() == (1,)
    finally:
        reader.close()
