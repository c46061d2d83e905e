"""Cleaning quality on the article-extraction-benchmark (scrapinghub/article-extraction-benchmark).

Reads ../shared/corpus/html/scrapinghub_aeb (181 gzipped pages + ground-truth.json articleBody) and
scores extractors the way that benchmark's evaluate.py does:
  - tokens are \\w+ runs; a page's units are word 4-gram shingles (a bag, counts matter);
  - per page, tp/fp/fn are normalised to sum to 1 so long pages do not weigh more;
  - precision and recall are the mean over pages (macro), F1 = harmonic mean of those two means.
A bag-of-words micro F1 (unigrams, summed over pages) is printed as a secondary column.

    .venv/bin/python bench/clean_eval.py [--limit N] [--worst K] [--meta]

--meta adds a metadata check: how often clean_page finds a canonical URL, a publication time, an
author, and how often the canonical URL equals the page's URL in the ground truth (scheme, "www.",
query and trailing slash ignored; syndicated copies legitimately point elsewhere).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import lxml.html
import trafilatura

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extractors.clean import clean_page  # noqa: E402
from extractors.errors import InputError  # noqa: E402

_TOKEN = re.compile(r"\w+", re.UNICODE)
Counts = tuple[float, float, float]


def corpus_dir() -> Path:
    """The benchmark folder under SANCTIONS_MONITOR_CORPUS or ../shared/corpus."""
    root = Path(os.environ.get("SANCTIONS_MONITOR_CORPUS", REPO.parent / "shared" / "corpus"))
    return root / "html" / "scrapinghub_aeb"


def load_pages(folder: Path, limit: int | None = None) -> list[tuple[str, bytes, str]]:
    """(page id, raw html bytes, ground-truth articleBody), sorted by id; `limit` keeps every k-th page."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    if limit is not None and limit < len(ids):
        step = len(ids) / limit
        ids = [ids[int(i * step)] for i in range(limit)]
    return [
        (k, gzip.decompress((folder / "html" / f"{k}.html.gz").read_bytes()), truth[k]["articleBody"])
        for k in ids
    ]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(true: str, pred: str) -> Counts:
    """Shingle tp/fp/fn of one page, normalised to sum to 1 (all zero when both are empty)."""
    t, p = shingles(true), shingles(pred)
    tp, fp, fn = sum((t & p).values()), sum((p - t).values()), sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _ratio(hit: float, miss: float, other_miss: float) -> float:
    if miss == other_miss == 0:
        return 1.0
    return 0.0 if hit == miss == 0 else hit / (hit + miss)


def scores(rows: list[Counts]) -> tuple[float, float, float]:
    """(F1, precision, recall) over pages, as the benchmark's evaluate.py computes them."""
    precision = statistics.mean([_ratio(tp, fp, fn) for tp, fp, fn in rows if tp + fp > 0] or [0.0])
    recall = statistics.mean([_ratio(tp, fn, fp) for tp, fp, fn in rows if tp + fn > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def bag_f1(pairs: list[tuple[str, str]]) -> float:
    """Micro F1 of bags of lower-cased word tokens over all pages (secondary figure)."""
    tp = fp = fn = 0
    for true, pred in pairs:
        t, p = Counter(_TOKEN.findall(true.lower())), Counter(_TOKEN.findall(pred.lower()))
        tp, fp, fn = tp + sum((t & p).values()), fp + sum((p - t).values()), fn + sum((t - p).values())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def ours(raw: bytes) -> str:
    """clean_page as the pipeline runs it (bytes in, our decoding); a refused page scores as empty."""
    try:
        return clean_page(raw).text
    except InputError:
        return ""


def trafilatura_default(raw: bytes) -> str:
    """The benchmark's own trafilatura runner: default options, comments off, UTF-8 text in."""
    return trafilatura.extract(raw.decode("utf-8", errors="replace"), include_comments=False) or ""


def whole_body_text(raw: bytes) -> str:
    """Naive baseline: all text of <body> (scripts and styles removed)."""
    tree = lxml.html.document_fromstring(raw)
    for el in list(tree.iter("script", "style", "noscript")):
        el.drop_tree()
    return str(tree.body.text_content())


RUNS: dict[str, Callable[[bytes], str]] = {
    "clean_page": ours,
    "trafilatura default": trafilatura_default,
    "whole body text": whole_body_text,
}


def evaluate(pages: list[tuple[str, bytes, str]], extract: Callable[[bytes], str]) -> dict[str, object]:
    """Scores, per-page counts and elapsed seconds of one extractor over the pages."""
    start = time.perf_counter()
    preds = [extract(raw) for _, raw, _ in pages]
    elapsed = time.perf_counter() - start
    rows = [page_counts(true, pred) for (_, _, true), pred in zip(pages, preds, strict=True)]
    f1, p, r = scores(rows)
    bag = bag_f1([(true, pred) for (_, _, true), pred in zip(pages, preds, strict=True)])
    return {
        "f1": f1,
        "precision": p,
        "recall": r,
        "bag_f1": bag,
        "rows": rows,
        "seconds": elapsed,
        "empty": sum(1 for pred in preds if not pred.strip()),
    }


def _bare_url(url: str | None) -> str:
    host_path = (url or "").split("://", 1)[-1].split("#")[0].split("?")[0].rstrip("/").lower()
    return host_path.removeprefix("www.")


def metadata_report(folder: Path, pages: list[tuple[str, bytes, str]]) -> str:
    """One line: counts of pages with canonical URL / matching URL / published / author / language."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    found = Counter[str]()
    for page_id, raw, _ in pages:
        try:
            art = clean_page(raw)
        except InputError:
            continue
        found["canonical"] += art.canonical_url is not None
        found["canonical = url"] += _bare_url(art.canonical_url) == _bare_url(truth[page_id]["url"])
        found["published"] += art.published is not None
        found["author"] += art.author is not None
        found["language en"] += art.language == "en"
    return f"metadata over {len(pages)} pages: " + ", ".join(f"{k} {v}" for k, v in found.items())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, help="evenly spaced deterministic subset of N pages")
    parser.add_argument("--worst", type=int, default=0, help="list the K worst pages of clean_page")
    parser.add_argument("--meta", action="store_true", help="also count metadata found by clean_page")
    args = parser.parse_args()
    folder = corpus_dir()
    if not (folder / "ground-truth.json").is_file():
        sys.exit(f"benchmark corpus not found at {folder} (set SANCTIONS_MONITOR_CORPUS)")
    pages = load_pages(folder, args.limit)
    print(f"article-extraction-benchmark: {len(pages)} pages from {folder}")
    print(f"{'extractor':<22} {'F1':>6} {'P':>6} {'R':>6} {'bagF1':>6} {'empty':>5} {'sec':>6}")
    results = {}
    for name, extract in RUNS.items():
        res = results[name] = evaluate(pages, extract)
        print(
            f"{name:<22} {res['f1']:6.3f} {res['precision']:6.3f} {res['recall']:6.3f} "
            f"{res['bag_f1']:6.3f} {res['empty']:5d} {res['seconds']:6.1f}"
        )
    if args.meta:
        print(metadata_report(folder, pages))
    if args.worst:
        rows = results["clean_page"]["rows"]
        assert isinstance(rows, list)
        for (page_id, _, _), (tp, fp, fn) in sorted(zip(pages, rows, strict=True), key=lambda x: x[1][0])[
            : args.worst
        ]:
            print(f"  {page_id[:16]} tp={tp:.2f} fp={fp:.2f} fn={fn:.2f}")


if __name__ == "__main__":
    main()
