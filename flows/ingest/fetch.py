"""Fetch article pages politely: bounded overall and per host, robots.txt obeyed, retries only where
they can help (429, 5xx, timeouts) with exponential backoff and jitter, content-type and size checks.

The body is returned untouched: the warehouse stores it before anything parses it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from extractors.records import FeedItem
from flows.net import FetchAttempt, FetchResult, HostRules, RobotsCache, guarded_get, make_client
from flows.settings import Settings

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1"
ACCEPTED_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "application/xml", "text/xml", "text/plain"}
)
MAX_RETRY_AFTER = 30.0  # seconds; a server asking for longer is not retried in this run


@dataclass
class PageResult:
    """A page fetch: the attempt and, when it succeeded, the raw body (not yet parsed)."""

    item: FeedItem
    attempt: FetchAttempt
    body: bytes | None = None
    content_type: str | None = None
    encoding: str | None = None  # charset from the HTTP header, if any
    final_url: str | None = None


def fetch_pages(
    items: list[FeedItem],
    settings: Settings,
    *,
    on_progress: Progress | None = None,
    robots_log: list[FetchAttempt] | None = None,
    robots_memo: dict[str, HostRules] | None = None,
) -> list[PageResult]:
    """Fetch every item's page; one PageResult per item, in order. Never raises for a bad page.

    `on_progress(done, total)` is called after each page; robots.txt attempts are appended to
    `robots_log` when given (they belong in fetch_log too). Pass the same `robots_memo` dict to every
    call of one run (e.g. per batch) so each host's robots.txt is fetched once per run.
    Synchronous (runs its own event loop); do not call it from inside a running loop.
    """
    memo = robots_memo if robots_memo is not None else {}
    return asyncio.run(_fetch_all(items, settings, on_progress, robots_log, memo))


def interleave_by_host(items: list[FeedItem]) -> list[FeedItem]:
    """Reorder items round-robin across hosts (order kept within a host). `fetch_pages` starts its
    fetches in this order, so the first ones to take the overall slots are spread over many hosts
    instead of queueing on one host's per-host limit while other hosts sit idle."""
    queues: dict[str, list[FeedItem]] = {}
    for item in items:
        queues.setdefault(_host(item.url), []).append(item)
    out: list[FeedItem] = []
    for rank in range(max((len(q) for q in queues.values()), default=0)):
        out.extend(q[rank] for q in queues.values() if rank < len(q))
    return out


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


async def _fetch_all(
    items: list[FeedItem],
    settings: Settings,
    on_progress: Progress | None,
    robots_log: list[FetchAttempt] | None,
    memo: dict[str, HostRules],
) -> list[PageResult]:
    overall = asyncio.Semaphore(max(1, settings.concurrency))
    per_host: dict[str, asyncio.Semaphore] = {}
    done = 0

    async with make_client(settings) as client:
        robots = RobotsCache(client, settings, rules=memo)

        async def one(item: FeedItem) -> PageResult:
            nonlocal done
            gate = per_host.setdefault(_host(item.url), asyncio.Semaphore(max(1, settings.per_host)))
            result = await _fetch_one(client, item, settings, robots, overall, gate)
            done += 1
            if on_progress is not None:
                _report(on_progress, done, len(items))
            return result

        launch = interleave_by_host(items)
        fetched = await asyncio.gather(*(one(item) for item in launch))
        if robots_log is not None:
            robots_log.extend(robots.attempts)
    by_item = {id(item): result for item, result in zip(launch, fetched, strict=True)}
    return [by_item[id(item)] for item in items]


async def _fetch_one(
    client: httpx.AsyncClient,
    item: FeedItem,
    settings: Settings,
    robots: RobotsCache,
    overall: asyncio.Semaphore,
    gate: asyncio.Semaphore,
) -> PageResult:
    fetched_at = datetime.now(UTC)
    if settings.respect_robots:
        allowed, why = await robots.allowed(item.url)
        if not allowed:
            attempt = FetchAttempt(
                "page", item.feed_name, item.url, fetched_at, "skipped", error="robots", detail=why
            )
            return PageResult(item=item, attempt=attempt)
    tries = 0
    while True:
        tries += 1
        async with overall, gate:
            got = await guarded_get(
                client, item.url, settings, headers={"Accept": PAGE_ACCEPT}, max_bytes=settings.max_page_bytes
            )
        delay = _retry_delay(got, settings, tries)
        if delay is None:
            break
        await asyncio.sleep(delay)
    return _page_result(item, got, fetched_at, tries)


def _report(on_progress: Progress, done: int, total: int) -> None:
    """A failing progress display must not lose the pages already fetched."""
    try:
        on_progress(done, total)
    except Exception:
        log.exception("progress callback failed (%d/%d); fetching goes on", done, total)


def _retry_delay(got: FetchResult, settings: Settings, tries: int) -> float | None:
    """Seconds to wait before another try, or None when the answer is final."""
    retryable = got.error == "timeout" or got.status_code == 429 or (got.status_code or 0) >= 500
    if not retryable or tries > settings.retries:
        return None
    asked = _retry_after(got.headers.get("retry-after"))
    if asked is not None:
        return asked if asked <= MAX_RETRY_AFTER else None
    return settings.backoff * (2.0 ** (tries - 1)) * random.uniform(0.5, 1.5)


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date), None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _page_result(item: FeedItem, got: FetchResult, fetched_at: datetime, tries: int) -> PageResult:
    error, detail = got.error, got.detail
    mime, charset = _split_type(got.content_type)
    if error is None and got.ok and not _acceptable(mime, got.body or b""):
        error, detail = (
            "bad_content_type",
            f"{item.url} is {got.content_type or 'untyped binary'}, not a web page",
        )
    elif error is None and not got.ok:
        error, detail = f"http_{got.status_code}", f"unexpected HTTP {got.status_code} from {item.url}"
    if error and tries > 1:
        detail = f"{detail} (after {tries} tries)"
    ok = error is None
    attempt = got.attempt("page", item.feed_name, fetched_at, "ok" if ok else "failed", error, detail)
    return PageResult(
        item=item,
        attempt=attempt,
        body=got.body if ok else None,
        content_type=got.content_type,
        encoding=charset,
        final_url=got.final_url,
    )


def _split_type(content_type: str | None) -> tuple[str | None, str | None]:
    if not content_type:
        return None, None
    mime, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return mime.strip().lower() or None, charset


def _acceptable(mime: str | None, body: bytes) -> bool:
    """Web pages and text; an untyped body is accepted unless it looks binary (NUL bytes)."""
    if mime is None:
        return b"\x00" not in body[:1024]
    return mime in ACCEPTED_TYPES or mime.endswith("+xml")
