"""The DuckDB warehouse: the store, its rows, the schema and SQL files, access across processes.

`Warehouse.open(path)` gives a migrated file whose methods are short write transactions (bulk loads
through Arrow); `writer(path)` is a bare connection that waits out another process's lock;
`open_for_reading` is how analysts read (the snapshot published after each run, unless `--live`).
Every SQL file lives under flows/warehouse/sql/ (package data): migrations, views, the claims
refresh, reports, digest and alert queries.
"""

from flows.warehouse.access import (
    Reader,
    connect_waiting,
    is_lock_error,
    open_for_reading,
    publish_snapshot,
    snapshot_path,
    writer,
)
from flows.warehouse.rows import ArticleRow, FeedState, StoredText
from flows.warehouse.schema import apply_views, ensure_views, migrate, read_sql, sql_path
from flows.warehouse.store import Warehouse, now_utc

__all__ = [
    "ArticleRow", "FeedState", "Reader", "StoredText", "Warehouse", "apply_views", "connect_waiting",
    "ensure_views", "is_lock_error", "migrate", "now_utc", "open_for_reading", "publish_snapshot",
    "read_sql", "snapshot_path", "sql_path", "writer",
]
