"""Re-extract stored articles after the extractors improve: no network, one transaction per batch.

Articles whose findings came from an older extractor version (or none) are read back from the
warehouse, run through the current pipeline (here, or on Dask workers: flows/ingest/scaleout.py) and
their mentions replaced batch by batch, so a crash part-way keeps every finished batch and the next
`reprocess` picks up the rest.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from extractors.pipeline import EXTRACTOR_VERSION
from flows.ingest import batches, scaleout
from flows.ingest.summary import RunProgress
from flows.orchestration import get_run_logger
from flows.settings import Settings
from flows.warehouse import StoredText, Warehouse
from flows.warehouse.access import hold_run

if TYPE_CHECKING:
    from prefect_dask.task_runners import DaskTaskRunner

log = logging.getLogger(__name__)


@dataclass
class ReprocessSummary:
    """What a reprocess did."""

    version: str
    articles: int = 0
    mentions: int = 0
    failures: int = 0
    elapsed: float = 0.0


def reprocess(
    wh: Warehouse, settings: Settings, since: datetime | None = None, *, show_progress: bool = False,
    batch_size: int | None = None,
) -> ReprocessSummary:
    """Re-extract every stored English article not yet extracted with the current EXTRACTOR_VERSION,
    with the spaCy model the settings name; on Dask workers when the settings name a cluster. Holds the
    warehouse as a run does (waiting for a run that holds it, saying so), so the two never interleave."""
    lock = hold_run(wh.path, settings.run_wait, get_run_logger().warning)
    try:
        lock.record("reprocess")
        return _reprocess(wh, settings, since, show_progress, batch_size)
    finally:
        lock.release()


def _reprocess(wh: Warehouse, settings: Settings, since: datetime | None, show_progress: bool,
               batch_size: int | None) -> ReprocessSummary:
    started = time.perf_counter()
    summary = ReprocessSummary(version=EXTRACTOR_VERSION)
    todo = wh.articles_needing_extraction(EXTRACTOR_VERSION, since)
    size = max(1, batch_size or settings.batch_pages)
    work = [todo[start : start + size] for start in range(0, len(todo), size)]
    with RunProgress(None if show_progress else False) as progress, \
            (scaleout.cluster(settings) if work else nullcontext(None)) as runner:
        progress.stage("extract", len(todo))
        for batch, done in _outcomes(runner, work, settings):
            if isinstance(done, scaleout.BatchFailed):
                log.warning("a batch of %d article(s) failed: %s", len(batch), done.error)
                summary.failures += len(batch)
            else:
                wh.replace_mentions(done.found, EXTRACTOR_VERSION, done.limits)
                summary.articles += len(done.found)
                summary.mentions += sum(len(m) for m in done.found.values())
                summary.failures += len(done.failed)
            progress.advance("extract", len(batch))
    summary.elapsed = time.perf_counter() - started
    return summary


def _outcomes(
    runner: DaskTaskRunner | None, work: list[list[StoredText]], settings: Settings
) -> Iterator[tuple[list[StoredText], batches.Reextracted | scaleout.BatchFailed]]:
    """Each batch with its findings: here, one after the other, or from the Dask workers in order."""
    if runner is not None:
        yield from scaleout.texts_in_order(runner, work, settings)
        return
    for batch in work:
        yield batch, batches.reextract_batch(batch, settings, log)
