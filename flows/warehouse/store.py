"""The DuckDB warehouse: short write transactions, bulk loads through Arrow, values always bound.

A connection is opened for each transaction and closed right after, so the file is held only for
short write windows. Every bulk write is `INSERT INTO t (cols) SELECT cols FROM <arrow table>`.
"""

from __future__ import annotations

import functools
import gzip
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from extractors.errors import MonitorError
from extractors.records import Mention
from flows import stopping
from flows.net.http import FetchAttempt
from flows.warehouse import rows
from flows.warehouse.access import LOCK_WAIT, RUN_WAIT, RunLock, Say, connect_waiting, hold_run, writer
from flows.warehouse.rows import ArticleRow, FeedState, StoredText
from flows.warehouse.schema import migrate

if TYPE_CHECKING:  # the ingest package writes through the warehouse, not the other way round
    from flows.ingest.fetch import PageResult
    from flows.ingest.poll import PollResult
    from flows.ingest.summary import RunCounts


def now_utc() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


class Warehouse:
    """`Warehouse.open(path)`: a migrated DuckDB file; each method is one short transaction."""

    def __init__(self, path: Path, lock_wait: float = LOCK_WAIT) -> None:
        self.path = path
        self.lock_wait = lock_wait  # how long a write window waits for another process's lock
        self._lock = threading.Lock()
        self._run: RunLock | None = None  # held from start_run to finish_run
        self._run_id: str | None = None

    @classmethod
    def open(cls, path: Path | str) -> Warehouse:
        """Create the parent directory and the file if needed, and apply pending migrations."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise MonitorError(f"cannot create the directory of the warehouse {path}: {exc}") from exc
        with writer(path) as con:
            migrate(con)
        return cls(path)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for reads (closed afterwards)."""
        with self._lock:
            con = connect_waiting(self.path, self.lock_wait)
            try:
                yield con
            finally:
                con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction: committed on success, rolled back on any error."""
        with self.connect() as con:
            con.begin()
            try:
                yield con
            except BaseException:
                con.rollback()
                raise
            con.commit()

    # -- feeds and fetch_log -------------------------------------------------------------------

    def feed_states(self) -> dict[str, FeedState]:
        """Conditional-GET state of every known feed, by name."""
        with self.connect() as con:
            got = con.execute("select name, etag, last_modified, last_status from feeds").fetchall()
        return {name: FeedState(etag, lm, st) for name, etag, lm, st in got}

    def record_polls(self, polls: list[PollResult], run_id: str | None) -> None:
        """Upsert each polled feed's config and state, and log every attempt, in one transaction.

        The feed's new validators (ETag, Last-Modified) are NOT stored here: `save_validators` stores
        them once the run has processed that feed's items, so an interrupted or --limit'ed run never
        turns unfetched items into a 304 next time.
        """
        with self.transaction() as con:
            for p in polls:
                ok = p.attempt.outcome in ("ok", "malformed", "not_modified")
                con.execute(rows.UPSERT_FEED, [
                    p.feed.name, p.feed.url, p.feed.kind, p.feed.language, None, None,
                    p.attempt.fetched_at, p.attempt.fetched_at if ok else None, p.attempt.outcome,
                ])
            _insert(con, "fetch_log", rows.fetch_log_table([p.attempt for p in polls], run_id))

    def save_validators(self, polls: list[PollResult]) -> None:
        """Store the ETag/Last-Modified of feeds whose items were all processed (next poll may be a 304)."""
        with self.transaction() as con:
            for p in polls:
                if p.etag is not None or p.last_modified is not None:
                    con.execute("update feeds set etag = ?, last_modified = ? where name = ?",
                                [p.etag, p.last_modified, p.feed.name])

    def store_pages(
        self, pages: list[PageResult], run_id: str | None, extra_attempts: list[FetchAttempt] | None = None
    ) -> dict[str, str]:
        """Save raw bodies (gzip, keyed by sha256) and log the attempts (plus e.g. robots.txt ones) in
        one transaction; returns {item url: content hash}."""
        table = rows.raw_table(pages)
        attempts = [p.attempt for p in pages] + list(extra_attempts or [])
        with self.transaction() as con:
            _insert(con, "raw_pages", table, conflict="on conflict do nothing")
            _insert(con, "fetch_log", rows.fetch_log_table(attempts, run_id))
        return {p.item.url: rows.content_hash(p.body) for p in pages if p.body is not None}

    def raw_body(self, content_hash: str) -> bytes:
        """The stored raw body for a hash, decompressed."""
        with self.connect() as con:
            got = con.execute(
                "select body, compression from raw_pages where content_hash = ?", [content_hash]
            ).fetchone()
        if got is None:
            raise MonitorError(f"no raw page with hash {content_hash}")
        body, compression = got
        return gzip.decompress(body) if compression == "gzip" else bytes(body)

    # -- articles and mentions -----------------------------------------------------------------

    def known_urls(self, urls: list[str]) -> set[str]:
        """Which of these (canonical) URLs already have an article row."""
        if not urls:
            return set()
        with self.connect() as con:
            got = con.execute("select url from articles where url in (select unnest(?))", [urls]).fetchall()
        return {u for (u,) in got}

    def dedup_candidates(self) -> list[tuple[str, str, int]]:
        """(article_id, text_hash, simhash) of stored originals, for syndication detection."""
        with self.connect() as con:
            return [
                (a, t, int(s)) for a, t, s in con.execute(
                    "select article_id, text_hash, simhash from articles where status = 'ok' "
                    "and duplicate_of is null and text_hash is not null and simhash is not null "
                    "order by fetched_at, article_id"
                ).fetchall()
            ]

    def load_batch(self, articles: list[ArticleRow], found: dict[str, list[Mention]]) -> None:
        """Upsert articles and replace the mentions of the extracted ones, in one transaction."""
        now = now_utc()
        with self.transaction() as con:
            if articles:
                _insert(con, "articles", rows.article_table(articles, now), conflict=rows.ARTICLE_CONFLICT)
            _replace_mentions(con, found, now)

    def replace_mentions(self, found: dict[str, list[Mention]], version: str,
                         limits: dict[str, str] | None = None) -> None:
        """Replace these articles' findings and mark them extracted with `version`, in one transaction;
        `limits`: the bound that cut an article's extraction short (articles.extract_limit; else null)."""
        now = now_utc()
        with self.transaction() as con:
            _replace_mentions(con, found, now)
            con.execute(
                "update articles set extracted_with = ?, extracted_at = ?, extract_limit = null "
                "where article_id in (select unnest(?))", [version, now, list(found)],
            )
            for article, limit in (limits or {}).items():
                con.execute("update articles set extract_limit = ? where article_id = ?", [limit, article])

    def articles_needing_extraction(self, version: str, since: datetime | None = None) -> list[StoredText]:
        """Stored English articles not extracted with `version` (optionally published/fetched >= since)."""
        with self.connect() as con:
            got = con.execute(
                "select article_id, title, text from articles where status = 'ok' and text is not null "
                "and (extracted_with is null or extracted_with <> ?) "
                "and (cast(? as timestamptz) is null or coalesce(published_at, fetched_at) >= ?) "
                "order by fetched_at, article_id", [version, since, since],
            ).fetchall()
        return [StoredText(a, t, x) for a, t, x in got]

    # -- runs ----------------------------------------------------------------------------------

    def start_run(self, run_id: str, flow: str, wait: float = RUN_WAIT, say: Say | None = None) -> None:
        """Take the warehouse for this run (`hold_run`: waits at most `wait` s for a run holding it,
        saying so, and ends what a killed run left behind), then insert the run's row with status
        running. Holding the lock, a row still 'running' belongs to a process that died (killed, power
        loss): it is marked abandoned."""
        if self._run is None:
            self._run = hold_run(self.path, wait, say)
        try:
            self._run.record(run_id)
            with self.transaction() as con:
                con.execute("update runs set status = 'abandoned', finished_at = ?, "
                            "error = coalesce(error, 'the process ended without finishing the run') "
                            "where status = 'running'", [now_utc()])
                con.execute(
                    "insert into runs (run_id, flow, started_at, status) values (?, ?, ?, 'running')",
                    [run_id, flow, now_utc()],
                )
        except BaseException:
            self.release_run()
            raise
        self._run_id = run_id
        stopping.arm(run_id, functools.partial(_close_stopped, self.path, run_id))

    def finish_run(
        self, run_id: str, status: str, counts: RunCounts, stage_seconds: dict[str, float],
        error: str | None = None,
    ) -> None:
        """Close the run's row: status, counts, per-stage seconds (JSON) and the error if any; then let
        go of the warehouse."""
        columns = counts.columns()
        assignments = ", ".join(f"{n} = ?" for n in columns)  # names from the dataclass, not from input
        try:
            with self.transaction() as con:
                con.execute(
                    f"update runs set finished_at = ?, status = ?, error = ?, stage_seconds = ?, "
                    f"{assignments} where run_id = ?",
                    [now_utc(), status, error, _json(stage_seconds), *columns.values(), run_id],
                )
        finally:
            self.release_run()

    def release_run(self) -> None:
        """Let go of the warehouse taken by start_run (finish_run does it; idempotent)."""
        if self._run_id is not None:
            stopping.disarm(self._run_id)
            self._run_id = None
        if self._run is not None:
            self._run.release()
            self._run = None

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """A read query with bound parameters (tests, the demo's printout)."""
        with self.connect() as con:
            return con.execute(sql, params or []).fetchall()


def _close_stopped(path: Path, run_id: str, reason: str) -> None:
    """Close a run's row from the stop watchdog (flows/stopping.py): its own short connection, not the
    Warehouse's lock, which the interrupted main thread may hold."""
    con = connect_waiting(path, 2.0)
    try:
        con.execute("update runs set status = 'failed', finished_at = ?, error = ? "
                    "where run_id = ? and status = 'running'", [now_utc(), reason, run_id])
    finally:
        con.close()


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table, conflict: str = "") -> None:
    """INSERT INTO table (cols) SELECT cols FROM the Arrow table (table names come from code)."""
    if data.num_rows == 0:
        return
    cols = rows.columns(data.schema)
    con.register("arrow_rows", data)
    try:
        con.execute(f"insert into {table} ({cols}) select {cols} from arrow_rows {conflict}")
    finally:
        with suppress(duckdb.Error):  # fails on an aborted transaction; the connection closes anyway
            con.unregister("arrow_rows")


def _replace_mentions(con: duckdb.DuckDBPyConnection, found: dict[str, list[Mention]], now: datetime) -> None:
    if not found:
        return
    con.execute("delete from mentions where article_id in (select unnest(?))", [list(found)])
    _insert(con, "mentions", rows.mention_table(found, now))


def _json(values: dict[str, float]) -> str:
    return json.dumps({k: round(v, 4) for k, v in values.items()}, sort_keys=True)
