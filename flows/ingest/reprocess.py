"""Re-extract stored articles after the extractors improve: no network, one transaction per batch.

Articles whose findings came from an older extractor version (or none) are read back from the
warehouse, run through the current pipeline and their mentions replaced batch by batch, so a crash
part-way keeps every finished batch and the next `reprocess` picks up the rest.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from extractors.pipeline import EXTRACTOR_VERSION, Bounds, Extraction, extract_bounded
from extractors.records import Mention
from flows.ingest.summary import RunProgress
from flows.settings import Settings
from flows.warehouse import StoredText, Warehouse

log = logging.getLogger(__name__)
BATCH = 50


@dataclass
class ReprocessSummary:
    """What a reprocess did."""

    version: str
    articles: int = 0
    mentions: int = 0
    failures: int = 0
    elapsed: float = 0.0


def _extract(article: StoredText, nlp: Any, bounds: Bounds, summary: ReprocessSummary) -> Extraction | None:
    try:
        done = extract_bounded(article.text, title=article.title, nlp=nlp, bounds=bounds)
    except Exception as exc:  # one bad article must not stop the batch; it stays on the old version
        log.warning("article %s: extraction failed: %s: %s", article.article_id, type(exc).__name__, exc)
        summary.failures += 1
        return None
    if done.limit:
        log.warning("article %s: extraction bounded: %s", article.article_id, done.limit)
    return done


def reprocess(
    wh: Warehouse, settings: Settings, since: datetime | None = None, *, show_progress: bool = False,
    batch_size: int = BATCH,
) -> ReprocessSummary:
    """Re-extract every stored English article not yet extracted with the current EXTRACTOR_VERSION,
    with the spaCy model the settings name."""
    started = time.perf_counter()
    summary = ReprocessSummary(version=EXTRACTOR_VERSION)
    todo = wh.articles_needing_extraction(EXTRACTOR_VERSION, since)
    nlp = settings.load_nlp() if todo else None
    with RunProgress(None if show_progress else False) as progress:
        progress.stage("extract", len(todo))
        for start in range(0, len(todo), batch_size):
            found: dict[str, list[Mention]] = {}
            limits: dict[str, str] = {}
            for article in todo[start : start + batch_size]:
                done = _extract(article, nlp, settings.bounds(), summary)
                if done is not None:
                    found[article.article_id] = done.mentions
                    limits.update({article.article_id: done.limit} if done.limit else {})
            wh.replace_mentions(found, EXTRACTOR_VERSION, limits)
            summary.articles += len(found)
            summary.mentions += sum(len(m) for m in found.values())
            progress.advance("extract", len(todo[start : start + batch_size]))
    summary.elapsed = time.perf_counter() - started
    return summary
