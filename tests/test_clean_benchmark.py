"""Quality gate: clean_page on the 181 pages of the article-extraction-benchmark.

Scored as bench/clean_eval.py scores it (the benchmark's own metric: word 4-gram shingles, per-page
normalised, macro-averaged precision and recall). All 181 pages run: 5 s on an idle 2-core machine,
up to ~30 s under load. The floors sit just under the measured figures (F1 0.969, P 0.962, R 0.976)
and only go up.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

F1_FLOOR = 0.965
PRECISION_FLOOR = 0.955
RECALL_FLOOR = 0.970
BENCH = Path(__file__).resolve().parent.parent / "bench" / "clean_eval.py"


def _clean_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("clean_eval", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cleaning_quality_on_the_benchmark(corpus: Path) -> None:
    folder = corpus / "html" / "scrapinghub_aeb"
    if not (folder / "ground-truth.json").is_file():
        pytest.skip(f"article-extraction-benchmark not found under {folder}")
    clean_eval = _clean_eval()
    pages = clean_eval.load_pages(folder)
    assert len(pages) == 181
    result = clean_eval.evaluate(pages, clean_eval.ours)
    assert result["empty"] == 0, "some benchmark pages produced no text"
    assert result["f1"] >= F1_FLOOR, result["f1"]
    assert result["precision"] >= PRECISION_FLOOR, result["precision"]
    assert result["recall"] >= RECALL_FLOOR, result["recall"]


def test_metric_matches_the_benchmark_definition() -> None:
    clean_eval = _clean_eval()
    truth = "one two three four five six"
    assert clean_eval.page_counts(truth, truth) == (1.0, 0.0, 0.0)
    tp, fp, fn = clean_eval.page_counts(truth, "one two three four five six seven")
    assert (tp, fp, fn) == pytest.approx((3 / 4, 1 / 4, 0.0))
    f1, precision, recall = clean_eval.scores([(0.75, 0.25, 0.0), (0.5, 0.0, 0.5)])
    assert precision == pytest.approx((0.75 + 1.0) / 2) and recall == pytest.approx((1.0 + 0.5) / 2)
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))
