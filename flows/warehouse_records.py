"""Small records the warehouse hands out and takes in (re-exported by flows.warehouse)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class FeedState:
    """Conditional-GET state kept per feed."""

    etag: str | None = None
    last_modified: str | None = None
    last_status: str | None = None


@dataclass(frozen=True)
class StoredText:
    """A stored article's text, as `reprocess` needs it (no network)."""

    article_id: str
    title: str | None
    text: str


@dataclass
class RunCounts:
    """The counters of a run, named as the `runs` columns."""

    feeds_polled: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    items_seen: int = 0
    new_articles: int = 0
    duplicates: int = 0
    page_failures: int = 0
    mentions: int = 0
    alerts_sent: int = 0


def now_utc() -> datetime:
    return datetime.now(UTC)
