"""The flow's steps as plain functions (no Prefect): select new items, turn fetched pages into rows.

flows/ingest/flow.py wraps these in coarse tasks. Everything here works on one batch in memory; the
warehouse is touched only through the `Warehouse` methods the caller passes results to.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from extractors.clean import clean_page
from extractors.dedup import DuplicateIndex
from extractors.errors import InputError, MonitorError
from extractors.language import detect_language, is_english
from extractors.pipeline import EXTRACTOR_VERSION, Bounds, extract_bounded
from extractors.records import FeedItem, Mention
from extractors.urls import article_id
from flows.ingest.fetch import PageResult
from flows.ingest.poll import PollResult
from flows.ingest.summary import RunCounts
from flows.settings import TIME_SYNTAX, parse_time
from flows.warehouse import ArticleRow

Log = logging.Logger | logging.LoggerAdapter[Any]
# Error tags of a failed page fetch that will not get better by asking again: the page gets a row with
# status failed (or skipped) and is not fetched next run. Any other failure (timeouts, connection
# errors, 5xx, 429) writes no row, so the next run tries the page again.
PERMANENT_ERRORS = frozenset({"too_large", "robots", "blocked_address", "bad_content_type", "bad_url",
                              "binary", "empty", "too_many_redirects"})


def parse_since(value: str | date | datetime | None) -> datetime | None:
    """`--since` as an aware UTC datetime, in the syntax of every time flag (flows.settings.parse_time:
    ISO date/time, naive = UTC, or an age like 24h, 7d)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = parse_time(value)
        except ValueError as exc:
            raise MonitorError(f"--since {value!r}: expected {TIME_SYNTAX}") from exc
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def feed_items(polls: list[PollResult]) -> list[FeedItem]:
    """Every item of every feed that returned one, in feed order (their URLs are canonical already:
    extractors.feeds canonicalises each link with extractors.urls)."""
    return [item for p in polls if p.parsed is not None for item in p.parsed.items]


def select_new(
    items: list[FeedItem], known: set[str], since: datetime | None, limit: int | None
) -> list[FeedItem]:
    """Of canonical items: URL not yet stored, not seen earlier in this run, published on or after
    `since` (undated items are kept: the feed did not say), the newest `limit` of them; returned
    oldest first (undated last)."""
    chosen: dict[str, FeedItem] = {}
    for item in items:
        if item.url in known or item.url in chosen:
            continue
        if since is not None and item.published is not None and item.published < since:
            continue
        chosen[item.url] = item
    oldest = datetime.min.replace(tzinfo=UTC)
    newest_first = sorted(chosen.values(), key=lambda i: i.published or oldest, reverse=True)
    kept = newest_first if limit is None else newest_first[: max(0, limit)]
    # processed oldest first, so the first copy of a syndicated story is the one the others point at
    return sorted(kept, key=lambda i: i.published or datetime.max.replace(tzinfo=UTC))


def batches(items: list[FeedItem], size: int) -> Iterator[list[FeedItem]]:
    """The items in batches of `size` (one fetch/process/load transaction each)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def duplicate_index(candidates: list[tuple[str, str, int]]) -> DuplicateIndex:
    """A syndication index over the stored originals: (article_id, text_hash, simhash) rows."""
    index = DuplicateIndex()
    for article, digest, fingerprint in candidates:
        index.add(article, digest, fingerprint)
    return index


def is_transient(page: PageResult) -> bool:
    """A failure worth retrying in a later run: no article row (yet), a page_retries row instead.

    Judged by the error, never by the last status seen: a timeout, a reset or a truncated body after a
    200, a DNS or connect failure on a redirect target are transient; an HTTP error status is transient
    when it is 5xx or 429; PERMANENT_ERRORS and other 4xx are not.
    """
    error = page.attempt.error
    if page.attempt.outcome in ("ok", "malformed", "skipped") or error is None or error in PERMANENT_ERRORS:
        return False
    if error.startswith("http_") and error[5:].isdigit():
        code = int(error[5:])
        return code >= 500 or code == 429
    return True


def given_up_row(page: PageResult, attempts: int) -> ArticleRow:
    """The permanent `failed` row of a page that failed transiently `attempts` times in a row."""
    return _row(page, "failed", skip_reason=f"{page.attempt.error} ({attempts} attempts)")


@dataclass
class ProcessedBatch:
    """Rows ready to load for one batch, and what happened to its pages."""

    articles: list[ArticleRow] = field(default_factory=list)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    counts: RunCounts = field(default_factory=RunCounts)  # new_articles, duplicates, skipped, ...
    clean_seconds: float = 0.0
    extract_seconds: float = 0.0


def _row(page: PageResult, status: str, **values: object) -> ArticleRow:
    """An article row from the feed item's facts, overridden by `values` (from the page)."""
    item = page.item
    fields: dict[str, object] = {
        "article_id": article_id(item.url), "url": item.url, "feed_name": item.feed_name, "status": status,
        "fetched_at": page.attempt.fetched_at, "title": item.title, "author": item.author,
        "published_at": item.published,
    }
    fields.update(values)
    return ArticleRow(**fields)  # type: ignore[arg-type]


def unfetched_row(page: PageResult) -> ArticleRow:
    """The row of a page that could not be used at all (robots, too large, 404...): status + reason."""
    status = "skipped" if page.attempt.outcome == "skipped" else "failed"
    return _row(page, status, skip_reason=page.attempt.error or f"http_{page.attempt.status_code}")


def article_from_page(
    page: PageResult, raw_hash: str | None, index: DuplicateIndex
) -> tuple[ArticleRow, bool]:
    """Clean one fetched page into its article row; True when it is English and worth extracting.

    InputError from the cleaner (empty, binary, encoding...) becomes status failed with its reason;
    a non-English page is stored with status skipped, skip_reason not_english.
    """
    assert page.body is not None
    try:
        cleaned = clean_page(page.body, page.final_url or page.item.url, charset=page.encoding)
    except InputError as exc:
        return _row(page, "failed", content_hash=raw_hash, skip_reason=exc.reason), False
    item = page.item
    values: dict[str, object] = {
        "title": item.title or cleaned.title, "author": item.author or cleaned.author,
        "published_at": item.published or cleaned.published, "canonical_url": cleaned.canonical_url,
        "text": cleaned.text, "text_hash": cleaned.text_hash, "content_hash": raw_hash,
    }
    if not is_english(cleaned.text):
        language = cleaned.language or detect_language(cleaned.text)[0]
        row = _row(page, "skipped", skip_reason="not_english", language=language, **values)
        return row, False
    row = _row(page, "ok", language="en", simhash=cleaned.simhash, **values)
    first = index.find(cleaned.text_hash, cleaned.simhash)
    if first is None or first == row.article_id:
        index.add(row.article_id, cleaned.text_hash, cleaned.simhash)
    else:
        row.duplicate_of = first
    return row, True


def extract(row: ArticleRow, nlp: Any, bounds: Bounds) -> list[Mention]:
    """The findings of one stored article (title passed for context) with the settings' model, within
    `bounds`; a bound that cut it short is recorded on the row (`extract_limit`)."""
    done = extract_bounded(row.text or "", title=row.title, nlp=nlp, bounds=bounds)
    row.extracted_with = EXTRACTOR_VERSION
    row.extracted_at = datetime.now(UTC)
    row.extract_limit = done.limit
    return done.mentions


def process_batch(
    pages: list[PageResult], raw: dict[str, str], index: DuplicateIndex, nlp: Any, logger: Log,
    bounds: Bounds | None = None,
) -> ProcessedBatch:
    """Turn one batch of fetched pages into rows; a page that breaks is recorded and the batch goes on."""
    out = ProcessedBatch()
    counts = out.counts
    for page in pages:
        if page.body is None or page.attempt.outcome not in ("ok", "malformed"):
            counts.page_failures += page.attempt.outcome != "skipped"
            counts.skipped += page.attempt.outcome == "skipped"
            if not is_transient(page):
                out.articles.append(unfetched_row(page))
            continue
        clock = time.perf_counter()
        row, english = _clean(page, raw.get(page.item.url), index, logger)
        out.clean_seconds += time.perf_counter() - clock
        out.articles.append(row)
        if not english:
            counts.skipped += row.status == "skipped"
            counts.page_failures += row.status == "failed"
            continue
        clock = time.perf_counter()
        try:
            out.mentions[row.article_id] = found = extract(row, nlp, bounds or Bounds())
            counts.mentions += len(found)
            if row.extract_limit:
                logger.warning("page %s: extraction bounded: %s", page.item.url, row.extract_limit)
        except Exception as exc:  # keep the article; reprocess will try again with the next version
            logger.warning("page %s: extraction failed: %s: %s", page.item.url, type(exc).__name__, exc)
        out.extract_seconds += time.perf_counter() - clock
        counts.duplicates += row.duplicate_of is not None
        counts.new_articles += row.duplicate_of is None
    return out


def _clean(
    page: PageResult, raw_hash: str | None, index: DuplicateIndex, logger: Log
) -> tuple[ArticleRow, bool]:
    try:
        return article_from_page(page, raw_hash, index)
    except Exception as exc:  # a cleaner bug must not stop the run: record it on the page
        logger.warning("page %s: cleaning failed: %s: %s", page.item.url, type(exc).__name__, exc)
        return _row(page, "failed", content_hash=raw_hash, skip_reason="clean_error"), False


def poll_counts(polls: list[PollResult]) -> RunCounts:
    """The poll outcomes and the items seen, as run counters."""
    return RunCounts(
        feeds_polled=len(polls),
        feeds_not_modified=sum(p.attempt.outcome == "not_modified" for p in polls),
        feeds_failed=sum(p.attempt.outcome == "failed" for p in polls),
        items_seen=sum(len(p.parsed.items) for p in polls if p.parsed is not None),
    )
