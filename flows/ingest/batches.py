"""The page work of one batch as plain functions, the same on a Dask worker as in the flow process.

A worker fetches a batch of pages, cleans and extracts them (the settings' spaCy model, loaded once
per worker process) and returns the whole `PageBatch`, raw bodies included: raw pages travel back
with the batch and the flow, the single DuckDB writer, stores them and loads the rows. Two things
need the whole run rather than one batch and stay in the flow: robots.txt verdicts (fetched once per
host before the batches go out, `robots_verdicts`) and syndication (`link_duplicates`, applied in
batch order, so a run on Dask stores exactly what a local run stores).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from extractors.dedup import DuplicateIndex
from extractors.pipeline import extract_bounded
from extractors.records import FeedItem, Mention
from flows.ingest import steps
from flows.ingest.fetch import PageResult, fetch_pages
from flows.net import FetchAttempt, HostRules, RobotsCache, make_client
from flows.settings import Settings
from flows.warehouse import StoredText
from flows.warehouse.rows import content_hash


@dataclass
class PageBatch:
    """What a worker sends back for one batch: the fetched pages (raw bodies), robots.txt attempts,
    {url: content hash} of the bodies, the rows ready to load and the seconds spent fetching."""

    pages: list[PageResult]
    robots: list[FetchAttempt]
    raw: dict[str, str]
    processed: steps.ProcessedBatch
    fetch_seconds: float = 0.0


def page_batch(
    items: list[FeedItem], settings: Settings, robots_memo: dict[str, HostRules], logger: steps.Log
) -> PageBatch:
    """Fetch, clean and extract one batch; syndication is left to `link_duplicates` in the flow."""
    clock = time.perf_counter()
    robots: list[FetchAttempt] = []
    pages = fetch_pages(items, settings, robots_log=robots, robots_memo=dict(robots_memo))
    fetched = time.perf_counter() - clock
    raw = {p.item.url: content_hash(p.body) for p in pages if p.body is not None}
    processed = steps.process_batch(
        pages, raw, DuplicateIndex(), settings.load_nlp(), logger, settings.bounds())
    return PageBatch(pages, robots, raw, processed, fetched)


def link_duplicates(processed: steps.ProcessedBatch, index: DuplicateIndex) -> None:
    """Point each English article of the batch at the first stored copy of its story (the run's
    `index`, updated in order, as steps.article_from_page does) and recount new vs duplicate."""
    processed.counts.duplicates = processed.counts.new_articles = 0
    for row in processed.articles:
        if row.status != "ok" or row.text_hash is None or row.simhash is None:
            continue
        row.duplicate_of = None
        first = index.find(row.text_hash, row.simhash)
        if first is None or first == row.article_id:
            index.add(row.article_id, row.text_hash, row.simhash)
        else:
            row.duplicate_of = first
        processed.counts.duplicates += row.duplicate_of is not None
        processed.counts.new_articles += row.duplicate_of is None


def robots_verdicts(
    items: list[FeedItem], settings: Settings
) -> tuple[dict[str, HostRules], list[FetchAttempt]]:
    """Each host's robots.txt verdict, fetched once for the run before batches go out to the workers
    (so no worker fetches it again), and the attempts for fetch_log."""
    if not settings.respect_robots or not items:
        return {}, []
    return asyncio.run(_verdicts(items, settings))


async def _verdicts(
    items: list[FeedItem], settings: Settings
) -> tuple[dict[str, HostRules], list[FetchAttempt]]:
    firsts: dict[str, str] = {}
    for item in items:
        parts = urlsplit(item.url)
        firsts.setdefault(urlunsplit((parts.scheme, parts.netloc, "", "", "")), item.url)
    memo: dict[str, HostRules] = {}
    async with make_client(settings) as client:
        cache = RobotsCache(client, settings, rules=memo)
        await asyncio.gather(*(cache.allowed(url) for url in firsts.values()))
    return memo, cache.attempts


@dataclass
class Reextracted:
    """A reprocess batch's findings by article, the bound that cut an article's extraction short (by
    article) and the articles whose extraction raised."""

    found: dict[str, list[Mention]] = field(default_factory=dict)
    limits: dict[str, str] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


def reextract_batch(articles: list[StoredText], settings: Settings, logger: steps.Log) -> Reextracted:
    """Extract stored articles again with the current pipeline, within the settings' per-article bounds;
    one that raises is listed, not lost."""
    nlp, bounds, out = settings.load_nlp(), settings.bounds(), Reextracted()
    for article in articles:
        try:
            done = extract_bounded(article.text, title=article.title, nlp=nlp, bounds=bounds)
        except Exception as exc:  # the article stays on its old version; reprocess tries it next time
            logger.warning("article %s: extraction failed: %s: %s",
                           article.article_id, type(exc).__name__, exc)
            out.failed.append(article.article_id)
            continue
        out.found[article.article_id] = done.mentions
        if done.limit:
            logger.warning("article %s: extraction bounded: %s", article.article_id, done.limit)
            out.limits[article.article_id] = done.limit
    return out
