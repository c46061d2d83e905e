"""Poll feeds: conditional GET, parse, and one FetchAttempt per feed (never an exception).

`poll_feeds` is the synchronous entry point used by the flow; it polls every feed concurrently
(bounded by settings.concurrency) so one slow feed does not hold up the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from extractors.errors import InputError
from extractors.feeds import parse_feed
from extractors.records import ParsedFeed
from flows.ingest.sources import FeedConfig
from flows.net import FetchAttempt, FetchResult, guarded_get, make_client
from flows.settings import Settings
from flows.warehouse import FeedState

log = logging.getLogger(__name__)
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, */*;q=0.5"
)


@dataclass
class PollResult:
    """A feed poll: the attempt, the parsed feed (None on 304 or failure) and the new validators."""

    feed: FeedConfig
    attempt: FetchAttempt
    parsed: ParsedFeed | None = None
    etag: str | None = None
    last_modified: str | None = None


async def poll_feed(
    client: httpx.AsyncClient,
    feed: FeedConfig,
    settings: Settings,
    etag: str | None = None,
    last_modified: str | None = None,
) -> PollResult:
    """Fetch and parse one feed. Outcome ok | not_modified | malformed | failed; never raises."""
    headers = {"Accept": FEED_ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    fetched_at = datetime.now(UTC)
    got = await guarded_get(client, feed.url, settings, headers=headers, max_bytes=settings.max_feed_bytes)
    attempt = _attempt(feed, got, fetched_at)
    result = PollResult(feed=feed, attempt=attempt, etag=etag, last_modified=last_modified)
    if got.error is not None:
        return result
    if got.status_code == 304:
        attempt.outcome, attempt.items = "not_modified", 0
        return result
    _parse_into(result, got)
    return result


def poll_feeds(
    feeds: list[FeedConfig], settings: Settings, states: Mapping[str, FeedState] | None = None
) -> list[PollResult]:
    """Poll every feed concurrently (bounded); results in the order of `feeds`.

    Synchronous (runs its own event loop): from async code, call `poll_feed` with `make_client` instead.
    """
    return asyncio.run(_poll_all(feeds, settings, states or {}))


async def _poll_all(
    feeds: list[FeedConfig], settings: Settings, states: Mapping[str, FeedState]
) -> list[PollResult]:
    gate = asyncio.Semaphore(max(1, settings.concurrency))

    async def one(client: httpx.AsyncClient, feed: FeedConfig) -> PollResult:
        state = states.get(feed.name, FeedState())
        async with gate:
            return await poll_feed(client, feed, settings, state.etag, state.last_modified)

    async with make_client(settings) as client:
        return list(await asyncio.gather(*(one(client, feed) for feed in feeds)))


def _attempt(feed: FeedConfig, got: FetchResult, fetched_at: datetime) -> FetchAttempt:
    return got.attempt("feed", feed.name, fetched_at, "failed" if got.error else "ok")


def _parse_into(result: PollResult, got: FetchResult) -> None:
    """Parse the body; on success keep the new validators (only then is the next 304 meaningful)."""
    attempt, feed = result.attempt, result.feed
    try:
        parsed = parse_feed(got.body or b"", feed.name, got.final_url or feed.url, got.content_type)
    except InputError as exc:
        attempt.outcome, attempt.error, attempt.detail, attempt.items = "failed", exc.reason, str(exc), 0
        log.warning("feed %s: %s", feed.name, exc)
        return
    result.parsed = parsed
    result.etag = got.headers.get("etag")
    result.last_modified = got.headers.get("last-modified")
    attempt.items = len(parsed.items)
    if parsed.malformed:
        attempt.outcome, attempt.error, attempt.detail = "malformed", "malformed_feed", parsed.problem
        log.warning("feed %s: malformed but usable (%s)", feed.name, parsed.problem)
