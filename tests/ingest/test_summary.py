"""The end-of-run summary (table and markdown) and the progress display (drawn on a terminal only)."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from flows.ingest.summary import RunCounts, RunProgress, RunSummary, print_summary, to_markdown


def _summary() -> RunSummary:
    s = RunSummary(run_id="r-1", db=Path("data/w.duckdb"), status="completed",
                   counts=RunCounts(feeds_polled=5, feeds_not_modified=2, feeds_failed=1, items_seen=40,
                                    new_articles=12, duplicates=3, page_failures=2, mentions=17,
                                    skipped=1),
                   elapsed=4.31)
    s.add_time("fetch", 1.0)
    s.add_time("fetch", 0.5)
    return s


def test_markdown_has_every_count_and_the_stages() -> None:
    md = to_markdown(_summary())
    for line in ("| feeds polled | 5 |", "| feeds not modified (304) | 2 |", "| feeds failed | 1 |",
                 "| items seen | 40 |", "| new articles | 12 |", "| duplicates (syndicated) | 3 |",
                 "| page failures | 2 |", "| mentions | 17 |", "| skipped pages | 1 |", "| elapsed | 4.3 s |",
                 "| time by stage | fetch 1.50s |", "| status | completed |"):
        assert line in md, line


def test_table_prints_the_failure() -> None:
    s = _summary()
    s.status, s.error = "failed", "IOException: disk full"
    out = io.StringIO()
    print_summary(s, Console(file=out, width=120))
    assert "failed (IOException: disk full)" in out.getvalue() and "new articles" in out.getvalue()


def test_progress_draws_on_a_terminal_and_stays_quiet_otherwise() -> None:
    quiet = io.StringIO()
    with RunProgress(console=Console(file=quiet)) as p:  # not a terminal: nothing drawn
        p.stage("pages", 10)
        p.advance("pages", 4)
    assert quiet.getvalue() == "" and not p.enabled
    drawn = io.StringIO()
    with RunProgress(True, console=Console(file=drawn, force_terminal=True, width=100)) as p:
        p.stage("pages", 10)
        p.advance("pages", 4)
    assert "pages" in drawn.getvalue() and "4/10" in drawn.getvalue()
