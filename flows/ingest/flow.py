"""The ingestion run as a Prefect 3 flow: poll -> select -> fetch -> store raw -> process -> load -> after.

Tasks are coarse (all feeds, a batch of pages) and thin: each calls a net/cleaner/extractor function
or a Warehouse method and adds retries and logging. Raw pages are committed batch by batch as they
arrive, so a crash loses nothing already fetched; the run's row then says failed, with the error.
After the load comes the one post-run step (flows/ingest/after_run.py); only its alert delivery,
the part that needs the network, is retried.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from prefect import flow
from prefect.cache_policies import NO_CACHE

from extractors.dedup import DuplicateIndex
from extractors.errors import MonitorError
from extractors.records import FeedItem
from flows.alerts import DeliveryError, DeliveryReport
from flows.ingest import after_run as post
from flows.ingest import batches, scaleout, steps
from flows.ingest.fetch import PageResult, fetch_pages
from flows.ingest.poll import PollResult, poll_feeds
from flows.ingest.sources import FeedConfig, load_feeds
from flows.ingest.summary import RunProgress, RunSummary, publish_artifact
from flows.net import FetchAttempt, HostRules
from flows.orchestration import get_run_logger, run_flow, run_flow_on_prefect, task
from flows.settings import PREFIX, Settings, alerts_from_env, apply_prefect_defaults
from flows.warehouse import Warehouse, feed_backoff, retries

if TYPE_CHECKING:
    from prefect_dask.task_runners import DaskTaskRunner


@task(name="poll-feeds", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def poll_task(feeds: list[FeedConfig], wh: Warehouse, settings: Settings, run_id: str) -> list[PollResult]:
    """Poll every feed (conditional GET) and record state + attempts; a failing feed is just recorded."""
    polls = poll_feeds(feeds, settings, wh.feed_states())
    wh.record_polls(polls, run_id)
    logger = get_run_logger()
    for rest in feed_backoff.record(wh, polls, settings.feed_backoff_after, settings.feed_backoff):
        logger.warning("feed %s: %d failed polls in a row, backing off until %s", rest.name, rest.failures,
                       f"{rest.until:%Y-%m-%d %H:%M} UTC")
    for p in polls:
        if p.attempt.outcome in ("failed", "malformed"):
            why = p.attempt.error or p.attempt.detail
            logger.warning("feed %s: %s (%s)", p.feed.name, p.attempt.outcome, why)
    return polls


@task(name="select-new-items", cache_policy=NO_CACHE)
def select_task(
    polls: list[PollResult], wh: Warehouse, since: datetime | None, limit: int | None
) -> tuple[list[FeedItem], set[str]]:
    """URLs not yet in the warehouse, filtered by --since and capped by --limit; plus the names of
    feeds that --limit left items out of (their validators are not saved this run)."""
    items = steps.feed_items(polls)
    urls = [i.url for i in items]
    known = wh.known_urls(urls) | retries.given_up_urls(wh, urls)
    waiting = retries.waiting_urls(wh, urls)  # failed transiently, backing off: listed again next time
    kept = steps.select_new(items, known | waiting, since, limit)
    chosen = {i.url for i in kept}
    return kept, {i.feed_name for i in steps.select_new(items, known, since, None) if i.url not in chosen}


@task(name="fetch-pages", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def fetch_task(
    items: list[FeedItem], settings: Settings, robots_memo: dict[str, HostRules] | None = None
) -> tuple[list[PageResult], list[FetchAttempt]]:
    """Fetch one batch of pages (bounded, polite; never raises for a bad page) + robots.txt attempts.
    `robots_memo` is shared by the batches of one run, so each host's robots.txt is fetched once."""
    robots: list[FetchAttempt] = []
    pages = fetch_pages(items, settings, robots_log=robots, robots_memo=robots_memo)
    return pages, robots


@task(name="store-raw", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def store_raw_task(
    pages: list[PageResult], robots: list[FetchAttempt], wh: Warehouse, run_id: str
) -> dict[str, str]:
    """Commit raw bodies and the fetch attempts (robots.txt ones too) before anything parses them."""
    return wh.store_pages(pages, run_id, extra_attempts=robots)


@task(name="process-pages", cache_policy=NO_CACHE)
def process_task(
    pages: list[PageResult], raw: dict[str, str], index: DuplicateIndex, settings: Settings
) -> steps.ProcessedBatch:
    """Clean, check language, detect syndication and extract findings (the settings' model) for a batch."""
    return steps.process_batch(pages, raw, index, settings.load_nlp(), get_run_logger(), settings.bounds())


@task(name="load-batch", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def load_task(batch: steps.ProcessedBatch, wh: Warehouse) -> None:
    """Upsert the batch's articles and replace their findings, in one transaction."""
    wh.load_batch(batch.articles, batch.mentions)


@task(name="record-retries", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def retry_task(pages: list[PageResult], wh: Warehouse, settings: Settings) -> set[str]:
    """Count the batch's transient failures in page_retries (next try with backoff) and forget the
    stored pages; a page failing for the `page_attempts`-th time gets its `failed` row. Returns the
    URLs still to be retried in a later run."""
    transient = [p for p in pages if steps.is_transient(p)]
    failures = [retries.Failure(p.item.url, p.item.feed_name, p.attempt.error or "error", p.attempt.detail)
                for p in transient]
    stored = [p.item.url for p in pages if not steps.is_transient(p)]
    reached = retries.record_attempts(wh, failures, stored, settings.page_attempts, settings.page_retry_after)
    given_up = [steps.given_up_row(p, reached[p.item.url]) for p in transient if p.item.url in reached]
    if given_up:
        wh.load_batch(given_up, {})
    return {p.item.url for p in transient if p.item.url not in reached}


@task(name="after-run", cache_policy=NO_CACHE)
def after_run_task(settings: Settings, run_id: str) -> post.AfterRun:
    """Refresh claims, write the digest, queue alerts (no network: not retried)."""
    return post.after_run(settings, run_id)


@task(name="deliver-alerts", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def deliver_task(settings: Settings) -> DeliveryReport:
    """Deliver pending and failed alerts; raises when some failed, so that Prefect retries the delivery."""
    report = post.deliver(settings)
    if report.failed:
        raise DeliveryError(f"{report.failed} alert delivery(ies) failed: {'; '.join(report.errors[:3])}")
    return report


def _poll(
    wh: Warehouse, feeds: list[FeedConfig], settings: Settings, summary: RunSummary
) -> list[PollResult]:
    clock = time.perf_counter()
    feeds, resting = feed_backoff.due(wh, feeds)
    if resting:  # failed too often in a row: not polled before their time (flows/warehouse/feed_backoff.py)
        summary.notes.append("backing off: " + ", ".join(
            f"{r.name} ({r.failures} failed polls in a row, next poll after {r.until:%Y-%m-%d %H:%M} UTC)"
            for r in resting))
    polls = poll_task(feeds, wh, settings, summary.run_id)
    summary.counts.add(steps.poll_counts(polls))
    summary.add_time("poll", time.perf_counter() - clock)
    summary.failed_sources.update(
        {p.feed.name: p.attempt.error or "error" for p in polls if p.attempt.outcome == "failed"})
    return polls


def _run(
    wh: Warehouse, feeds: list[FeedConfig], settings: Settings, summary: RunSummary,
    since: datetime | None, limit: int | None, progress: RunProgress,
) -> None:
    with scaleout.cluster(settings) as runner:  # None: the page work runs here, as it always did
        progress.stage("poll", len(feeds))
        polls = _poll(wh, feeds, settings, summary)
        progress.advance("poll", len(feeds))
        clock = time.perf_counter()
        items, held_back = select_task(polls, wh, since, limit)
        summary.new_items = len(items)
        index = steps.duplicate_index(wh.dedup_candidates())
        summary.add_time("select", time.perf_counter() - clock)
        progress.stage("pages", len(items))
        if runner is None:
            held_back |= _pages_here(wh, items, settings, summary, index, progress)
        else:
            held_back |= _pages_on_dask(runner, wh, items, settings, summary, index, progress)
    # every item of these feeds is now stored (or failed for good): next time a 304 loses nothing
    wh.save_validators([p for p in polls if p.feed.name not in held_back])


def _pages_here(
    wh: Warehouse, items: list[FeedItem], settings: Settings, summary: RunSummary, index: DuplicateIndex,
    progress: RunProgress,
) -> set[str]:
    """The page work in the flow process, batch by batch; returns the feeds with pages left for later."""
    held_back: set[str] = set()
    robots_memo: dict[str, HostRules] = {}
    for batch in steps.batches(items, settings.batch_pages):
        clock = time.perf_counter()
        pages, robots = fetch_task(batch, settings, robots_memo)
        summary.add_time("fetch", time.perf_counter() - clock)
        clock = time.perf_counter()
        raw = store_raw_task(pages, robots, wh, summary.run_id)
        summary.add_time("store_raw", time.perf_counter() - clock)
        processed = process_task(pages, raw, index, settings)
        held_back |= _load(wh, pages, processed, settings, summary, progress)
    return held_back


def _pages_on_dask(
    runner: DaskTaskRunner, wh: Warehouse, items: list[FeedItem], settings: Settings, summary: RunSummary,
    index: DuplicateIndex, progress: RunProgress,
) -> set[str]:
    """The page work on Dask workers; each returned batch is stored and loaded here, in order. A batch
    that raised is recorded (page_errors batch_failed, a note) and its feeds are polled again next run."""
    held_back: set[str] = set()
    memo, robots = batches.robots_verdicts(items, settings)
    work = list(steps.batches(items, settings.batch_pages))
    for batch, done in scaleout.in_order(runner, work, settings, memo):
        if isinstance(done, scaleout.BatchFailed):
            get_run_logger().warning("batch of %d page(s) failed: %s", len(batch), done.error)
            summary.notes.append(f"a batch of {len(batch)} page(s) failed (the next run retries it): "
                                 f"{done.error}")
            summary.page_errors["batch_failed"] = summary.page_errors.get("batch_failed", 0) + len(batch)
            summary.counts.page_failures += len(batch)
            progress.advance("pages", len(batch))
            held_back |= {i.feed_name for i in batch}
            continue
        summary.add_time("fetch", done.fetch_seconds)  # worker seconds, summed over the workers
        clock = time.perf_counter()
        store_raw_task(done.pages, robots + done.robots, wh, summary.run_id)
        robots = []
        summary.add_time("store_raw", time.perf_counter() - clock)
        batches.link_duplicates(done.processed, index)
        held_back |= _load(wh, done.pages, done.processed, settings, summary, progress)
    return held_back


def _load(
    wh: Warehouse, pages: list[PageResult], processed: steps.ProcessedBatch, settings: Settings,
    summary: RunSummary, progress: RunProgress,
) -> set[str]:
    """Load one processed batch, count it, and record its transient failures; returns the feeds with
    pages to retry in a later run."""
    summary.add_time("clean", processed.clean_seconds)
    summary.add_time("extract", processed.extract_seconds)
    clock = time.perf_counter()
    load_task(processed, wh)
    summary.add_time("load", time.perf_counter() - clock)
    summary.counts.add(processed.counts)
    for p in pages:
        if p.attempt.outcome == "failed":
            tag = p.attempt.error or f"http_{p.attempt.status_code}"
            summary.page_errors[tag] = summary.page_errors.get(tag, 0) + 1
    progress.advance("pages", len(pages))
    later = retry_task(pages, wh, settings)
    return {p.item.feed_name for p in pages if p.item.url in later}  # retried in a later run


def _after_run(settings: Settings, summary: RunSummary) -> None:
    """The post-run step: claims, digest and queued alerts once, then the delivery with its retries.
    A MonitorError here is a note on the summary; the loaded data stays."""
    logger = get_run_logger()
    try:
        done = after_run_task(settings, summary.run_id)
    except MonitorError as exc:
        logger.warning("after the load: %s", exc)
        summary.notes.append(str(exc))
        return
    summary.claim_events, summary.digest = len(done.changes.events), done.digest
    summary.notes.extend(done.notes)
    summary.alerts_new, summary.alerts_summarised = len(done.queued.new), done.queued.summarised
    before, started = post.delivery_attempts(settings), datetime.now(UTC)
    try:
        deliver_task(settings)
    except MonitorError as exc:  # still failing after the retries: the next run tries again
        logger.warning("alerts: %s", exc)
        summary.notes.append("alerts not delivered (next run retries): see the alert errors above")
    tally = post.delivery_tally(settings, started, before)
    summary.counts.alerts_sent = tally.sent
    summary.alert_failures, summary.alert_retries = tally.failed, tally.retried
    summary.alert_errors = tally.errors


def _settings(settings: Settings | None, feeds: str | None, db: str | None) -> Settings:
    """The run's settings: the parameters', with the alert destinations read here from the environment
    (they carry tokens, so they are never a flow parameter stored by Prefect)."""
    base = (settings if settings is not None else Settings.load()).replace(alerts=alerts_from_env())
    changes = {k: v for k, v in {"feeds": feeds, "db": db}.items() if v is not None}
    return base.replace(**{k: type(getattr(base, k))(v) for k, v in changes.items()}) if changes else base


@flow(name="ingest", description="Poll feeds, fetch new articles, clean, extract and load into DuckDB.")
def ingest(
    feeds: str | None = None, db: str | None = None, since: str | None = None, limit: int | None = None,
    kinds: list[str] | None = None, settings: Settings | None = None,
    sources: list[FeedConfig] | None = None, show_progress: bool = False,
) -> RunSummary:
    """One ingestion run. `feeds`/`db` are paths (deployments pass these); `sources` overrides the feeds
    file; `kinds` keeps only feeds of those source kinds (news, official); `since` is an ISO date."""
    settings = _settings(settings, feeds, db)
    chosen = sources if sources is not None else load_feeds(settings.feeds)
    chosen = [f for f in chosen if not kinds or f.kind in kinds]
    wh = Warehouse.open(settings.db)
    summary = RunSummary(run_id=_run_id(), db=settings.db)
    started = time.perf_counter()  # the run's elapsed time counts a wait for another run
    wh.start_run(summary.run_id, "ingest", settings.run_wait, get_run_logger().warning)
    try:
        with RunProgress(None if show_progress else False) as progress:
            _run(wh, chosen, settings, summary, steps.parse_since(since), limit, progress)
        _after_run(settings, summary)
        problem = summary.failure()
        summary.status, summary.error = ("failed", problem) if problem else ("completed", None)
        if problem:
            get_run_logger().error("run failed: %s", problem)
        elif summary.failed_sources:
            get_run_logger().warning("sources failed: %s", ", ".join(sorted(summary.failed_sources)))
            note = summary.source_note()
            if note:
                summary.notes.append(note)
    except BaseException as exc:
        summary.status, summary.error = "failed", f"{type(exc).__name__}: {exc}"[:500]
        raise
    finally:
        summary.elapsed = time.perf_counter() - started
        _close_run(wh, summary)
        note = post.publish(settings)  # last, so that readers see the finished run row
        if note:
            get_run_logger().warning(note)
    if summary.status == "failed":  # raised from the flow: Prefect marks the flow run Failed
        raise IngestFailed(summary)
    return summary


class IngestFailed(MonitorError):
    """The run as a whole failed (every source failed, or nothing stored); `summary` says what it did."""

    def __init__(self, summary: RunSummary) -> None:
        super().__init__(f"ingest run failed: {summary.error}")
        self.summary = summary

    def __reduce__(self) -> tuple[object, ...]:
        return (IngestFailed, (self.summary,))


def _close_run(wh: Warehouse, summary: RunSummary) -> None:
    """Write the run row and the artifact; after a failure, a second error must not hide the first."""
    try:
        wh.finish_run(summary.run_id, summary.status, summary.counts, summary.stage_seconds, summary.error)
        publish_artifact(summary)
    except Exception as exc:
        if summary.status != "failed":
            raise
        get_run_logger().error("could not record the failed run %s: %s", summary.run_id, exc)


def _run_id() -> str:
    from prefect.runtime import flow_run

    return str(flow_run.id or uuid.uuid4())


def run_ingest(
    settings: Settings, *, feeds: list[FeedConfig] | None = None, since: str | datetime | None = None,
    limit: int | None = None, show_progress: bool = False, kinds: list[str] | None = None,
) -> RunSummary:
    """Run the ingest flow and return its summary: a Prefect flow run when PREFECT_API_URL is set or the
    settings send the page work to Dask, else the same flow in-process, with no Prefect server
    (flows/orchestration.py). `feeds` overrides
    settings.feeds (the demo, the tests and the bench pass their own)."""
    apply_prefect_defaults()
    parsed = steps.parse_since(since)
    run = run_flow_on_prefect if scaleout.wanted(settings) else run_flow  # Dask needs a flow run
    with _alerts_in_environment(settings.alerts):
        return run(
            ingest,
            since=parsed.isoformat() if parsed else None, limit=limit, kinds=kinds,
            settings=settings.replace(alerts=()), sources=feeds, show_progress=show_progress,
        )


@contextmanager
def _alerts_in_environment(alerts: tuple[str, ...]) -> Iterator[None]:
    """SANCTIONS_MONITOR_ALERTS set to `alerts` for the in-process run (the flow reads it there), then
    restored: the destinations reach the flow without being one of its parameters."""
    name = PREFIX + "ALERTS"
    before = os.environ.get(name)
    os.environ[name] = ",".join(alerts)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
