"""Analysts read while a run writes: a writer PROCESS holds the warehouse, this process reads.

Coordination is by a pipe (the writer says what it published) and a stop file; nothing sleeps.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from extractors.errors import MonitorError
from flows.warehouse import migrate, open_for_reading, publish_snapshot, snapshot_path

REPO = Path(__file__).resolve().parent.parent
BATCH = 10

WRITER = """
import sys
from pathlib import Path
import duckdb
from flows.warehouse import migrate
from flows.warehouse import publish_snapshot

db, stop = sys.argv[1], Path(sys.argv[2])
con = duckdb.connect(db)
migrate(con)
batch = 0
while not stop.exists():
    batch += 1
    con.begin()
    for i in range(BATCH):  # one batch = one transaction of BATCH rows
        con.execute("insert into runs (run_id, flow, started_at, status) "
                    "values (?, 'writer', now(), 'running')", [f"{batch}-{i}"])
    con.commit()
    if batch % 2 == 0:
        publish_snapshot(db, con)
        print(f"published {batch}", flush=True)
    else:
        print(f"wrote {batch}", flush=True)
publish_snapshot(db, con)  # as a run does when it ends
total = con.execute("select count(*) from runs").fetchone()[0]
con.close()
print(f"closed {total}", flush=True)
""".replace("BATCH", str(BATCH))

WRITE_ONE = """
import sys
import duckdb
con = duckdb.connect(sys.argv[1])
con.execute("insert into runs (run_id, flow, started_at, status) values ('w', 'f', now(), 'running')")
"""


def count_runs(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("select count(*) from runs").fetchone()
    assert row is not None
    return int(row[0])


def test_reader_gets_consistent_snapshot_while_another_process_writes(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(stop)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    try:
        seen: list[int] = []
        while len(seen) < 5:
            line = writer.stdout.readline()
            assert line, f"writer ended early: {writer.stderr.read() if writer.stderr else ''}"
            word, number = line.split()
            if word != "published":
                continue
            live_first = open_for_reading(db, live=True)  # the writer holds the lock: the snapshot
            try:
                assert live_first.snapshot and live_first.note and "being written" in live_first.note
            finally:
                live_first.close()
            reader = open_for_reading(db)  # default: the snapshot, which never blocks the writer
            try:
                assert reader.snapshot and reader.path == snapshot_path(db)
                assert reader.note is not None and "published after the last run" in reader.note
                rows = count_runs(reader.con)
            finally:
                reader.close()
            assert rows % BATCH == 0, "a snapshot must never hold half a transaction"
            assert rows >= int(number) * BATCH, "the snapshot holds at least what was published before"
            assert not seen or rows >= seen[-1]
            seen.append(rows)
        stop.touch()
        out, err = writer.communicate(timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0, err
    total = int(out.strip().splitlines()[-1].split()[1])
    for live in (False, True):  # writer gone: the final snapshot, or the live file without a note
        reader = open_for_reading(db, live=live)
        try:
            assert reader.snapshot is not live and (reader.note is None) is live
            assert count_runs(reader.con) == total
        finally:
            reader.close()
    assert sorted(p.name for p in tmp_path.iterdir() if ".tmp" in p.name) == []


def test_locked_without_snapshot_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb,sys; c=duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()",
            str(db),
        ],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(MonitorError, match="no snapshot has been published yet"):
            open_for_reading(db)
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)


def test_missing_warehouse_and_same_process_publish(tmp_path: Path) -> None:
    with pytest.raises(MonitorError, match="no warehouse"):
        open_for_reading(tmp_path / "absent.duckdb")
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    migrate(con)
    con.execute("insert into runs (run_id, flow, started_at, status) values ('r1', 'f', now(), 'completed')")
    con.close()
    with pytest.raises(MonitorError, match="pass --db .*w.duckdb"):  # the hint names the one next to it
        open_for_reading(tmp_path / "absent.duckdb")
    snap = publish_snapshot(db)  # no connection given: opened and closed here
    with duckdb.connect(str(snap), read_only=True) as copy:
        assert copy.execute("select run_id, status from runs").fetchall() == [("r1", "completed")]
        tables = {r[0] for r in copy.execute("select table_name from duckdb_tables()").fetchall()}
        assert {"claims", "mentions", "schema_migrations"} <= tables


def test_snapshot_has_every_row_but_the_raw_bodies(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    migrate(con)
    con.execute(
        "insert into raw_pages (content_hash, url, body, compression, bytes, fetched_at) "
        "values ('h1', 'https://x.example/a', 'abc'::blob, 'gzip', 3, now())"
    )
    con.execute(
        "insert into articles (article_id, url, status, content_hash, fetched_at, updated_at) "
        "values ('a1', 'https://x.example/a', 'ok', 'h1', now(), now())"
    )
    con.execute("insert into runs (run_id, flow, started_at, status) values ('r1', 'f', now(), 'completed')")
    snap = publish_snapshot(db, con)
    con.close()
    with duckdb.connect(str(snap), read_only=True) as copy:
        assert copy.execute("select article_id, content_hash from articles").fetchall() == [("a1", "h1")]
        assert copy.execute("select run_id from runs").fetchall() == [("r1",)]
        assert copy.execute("select count(*) from raw_pages").fetchone() == (0,)  # table kept, empty
        assert copy.execute("select outlet_of('https://www.x.example/a')").fetchone() == ("x.example",)


def test_reading_the_snapshot_never_blocks_a_writer_process(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    migrate(con)
    publish_snapshot(db, con)
    con.close()
    write = [sys.executable, "-c", WRITE_ONE, str(db)]
    reader = open_for_reading(db)
    try:
        assert reader.snapshot
        assert subprocess.run(write, cwd=REPO, capture_output=True, text=True).returncode == 0
    finally:
        reader.close()
    live = open_for_reading(db, live=True)  # why the default is the snapshot: a live reader locks writers out
    try:
        assert not live.snapshot
        blocked = subprocess.run(write, cwd=REPO, capture_output=True, text=True)
        assert blocked.returncode != 0 and "lock" in blocked.stderr.lower()
    finally:
        live.close()
