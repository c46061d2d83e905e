"""Records of the I/O stages (what a poll or a page fetch produced), shared by tasks and the warehouse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from extractors.records import FeedItem, ParsedFeed


@dataclass(frozen=True)
class FeedConfig:
    """One source from feeds.toml."""

    name: str
    url: str
    kind: str  # news | official
    language: str = "en"
    confirmed: bool = True  # URL taken from the publisher's own documentation
    note: str | None = None


@dataclass
class FetchAttempt:
    """One HTTP attempt as it goes into fetch_log."""

    kind: str  # feed | page | robots
    source: str | None
    url: str
    fetched_at: datetime
    outcome: str  # ok | not_modified | malformed | failed | skipped
    final_url: str | None = None
    status_code: int | None = None
    error: str | None = None  # short tag: timeout, http_500, too_large, robots, blocked_address, ...
    detail: str | None = None
    bytes: int | None = None
    elapsed_ms: float | None = None
    items: int | None = None


@dataclass
class PollResult:
    """A feed poll: the attempt, the parsed feed (None on 304 or failure) and the new validators."""

    feed: FeedConfig
    attempt: FetchAttempt
    parsed: ParsedFeed | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class PageResult:
    """A page fetch: the attempt and, when it succeeded, the raw body (not yet parsed)."""

    item: FeedItem
    attempt: FetchAttempt
    body: bytes | None = None
    content_type: str | None = None
    encoding: str | None = None  # charset from the HTTP header, if any
    final_url: str | None = None
