"""Per-article bounds against a generated hostile page (1 MB of varied cue sentences): the model reads
at most `max_candidates` candidate sentences, extraction stops after `extract_seconds`, at most
`max_findings` findings are kept, and the reason is stored on the article."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from extractors.dedup import DuplicateIndex
from extractors.pipeline import Bounds, extract_bounded
from extractors.records import FeedItem
from flows.ingest.fetch import PageResult
from flows.ingest.steps import process_batch
from flows.net import FetchAttempt
from flows.settings import Settings
from flows.warehouse import Warehouse
from tests.helpers.hostile_page import hostile_html, hostile_text


@pytest.fixture(scope="module")
def nlp() -> object:
    return Settings.load(env={}).load_nlp()


def test_a_1_mb_hostile_text_is_bounded_with_a_reason(nlp: object) -> None:
    text = hostile_text(1_000_000)
    done = extract_bounded(text, title="Arms shipments", nlp=nlp,
                           bounds=Bounds(max_candidates=150, max_seconds=600, max_findings=40))
    assert done.limit is not None and done.limit.startswith("candidate sentences: 150 of ")
    total = int(done.limit.split(" of ")[1].split()[0].replace(",", ""))
    assert total > 9_000  # the page really is hostile: thousands of candidates, 150 read
    assert 0 < len(done.mentions) <= 40 and "findings: 40 of" in done.limit
    assert max(m.end for m in done.mentions) < 151 * 200  # only the first candidates were read


def test_the_bound_that_cut_a_page_is_stored_on_its_article(tmp_path: Path, nlp: object) -> None:
    url = "http://127.0.0.1:9/hostile"
    page = PageResult(item=FeedItem(feed_name="hostile", url=url),
                      attempt=FetchAttempt("page", "hostile", url, datetime.now(UTC), "ok", status_code=200),
                      body=hostile_html(60_000), content_type="text/html", encoding="utf-8", final_url=url)
    batch = process_batch([page], {}, DuplicateIndex(), nlp, logging.getLogger("test"),
                          Bounds(max_candidates=50, max_seconds=600, max_findings=20))
    (row,) = batch.articles
    assert row.status == "ok" and row.extract_limit is not None
    assert row.extract_limit.startswith("candidate sentences: 50 of ")
    found = batch.mentions[row.article_id]
    assert 0 < len(found) <= 20 == batch.counts.mentions
    wh = Warehouse.open(tmp_path / "w.duckdb")
    wh.load_batch(batch.articles, batch.mentions)
    assert wh.query("select extract_limit from articles") == [(row.extract_limit,)]
    assert wh.query("select count(*) from mentions") == [(len(found),)]


def test_extraction_stops_after_its_time_and_says_so(nlp: object) -> None:
    text = hostile_text(200_000)
    done = extract_bounded(text, nlp=nlp, bounds=Bounds(max_candidates=10**6, max_seconds=0.01))
    assert done.limit is not None and done.limit.startswith("time: 0.01 s spent, ")
    read, total = (int(x.replace(",", "")) for x in done.limit.split("spent, ")[1].split(" candidate")[0]
                   .split(" of "))
    assert read < total
    unbounded = extract_bounded(text[:3_000], nlp=nlp, bounds=Bounds())
    assert unbounded.limit is None and unbounded.mentions  # a normal article is not cut


def test_reprocess_keeps_to_the_bounds_and_records_them(tmp_path: Path) -> None:
    from flows.ingest.reprocess import reprocess
    from flows.warehouse.rows import ArticleRow

    wh = Warehouse.open(tmp_path / "w.duckdb")
    url = "http://127.0.0.1:9/stored"
    row = ArticleRow(article_id="a1", url=url, feed_name="f", status="ok", fetched_at=datetime.now(UTC),
                     language="en", text=hostile_text(40_000), extract_limit="stale")
    wh.load_batch([row], {})
    settings = Settings.load(env={}, db=tmp_path / "w.duckdb", max_candidates=25, max_findings=10)
    done = reprocess(wh, settings)
    assert done.articles == 1 and 0 < done.mentions <= 10
    ((limit,),) = wh.query("select extract_limit from articles")
    assert limit.startswith("candidate sentences: 25 of ") and "findings: 10 of" in limit
