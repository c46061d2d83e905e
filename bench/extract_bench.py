"""Extraction throughput: the real pipeline vs the full statistical pipeline on every sentence.

Corpus texts: Reuters-21578 selected (61), RAMS windows (220), UN General Debate paragraphs (36), read
from ../shared/corpus (or SANCTIONS_MONITOR_CORPUS). Two modes run in the same process on the same texts:

  baseline  extract_mentions(text, full=True): every sentence through the whole spaCy pipeline
  pipeline  extract_mentions(text): keyword prefilter, the trimmed model only on candidate sentences

Each model is loaded once and warmed up on a few texts (not timed); each mode is timed `--repeat` times
(best run kept, the machine is shared). Prints words/second for both, the speed ratio (target >= 5x) and
each mode's micro F1 over the labelled texts among them (extractors.scoring), so speed is never bought
with quality.

    .venv/bin/python bench/extract_bench.py [--repeat 2] [--mix topical|feeds]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.scoring import row, score  # noqa: E402
from flows.cli.evaluate import load_labels, require_corpus  # noqa: E402
from flows.settings import Settings  # noqa: E402

SETS = ("text/reuters21578/selected", "text/rams/windows", "text/un_general_debates")
GENERAL_NEWS = "html/scrapinghub_aeb/ground-truth.json"  # 181 general news articles (2019), any topic
Extract = Callable[[str], list[Any]]


def corpus_texts(corpus: Path, mix: str = "topical") -> dict[str, str]:
    """Corpus-relative path -> text: the on-topic sets (`topical`), or those plus 181 general news
    article bodies (`feeds`: closer to what world-news feeds deliver, where most stories are off-topic)."""
    texts: dict[str, str] = {}
    for folder in SETS:
        for path in sorted((corpus / folder).glob("*.txt")):
            texts[str(path.relative_to(corpus))] = path.read_text(encoding="utf-8", errors="replace")
    if mix == "feeds":
        bodies = json.loads((corpus / GENERAL_NEWS).read_text(encoding="utf-8"))
        for key, item in sorted(bodies.items()):
            texts[f"{GENERAL_NEWS}#{key[:12]}"] = str(item.get("articleBody") or "")
    return texts


def timed(extract: Extract, texts: dict[str, str], repeat: int) -> tuple[float, dict[str, list[Any]]]:
    """(best seconds over `repeat` passes, predictions of the last pass as contract dicts)."""
    best = float("inf")
    predictions: dict[str, list[Any]] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        found = {rel: extract(text) for rel, text in texts.items()}
        best = min(best, time.perf_counter() - start)
        predictions = {rel: [m.to_json() for m in ms] for rel, ms in found.items()}
    return best, predictions


def micro_f1(predictions: dict[str, list[Any]], labels: dict[str, Any]) -> tuple[float, float]:
    """(micro F1 at roles, at roles+stance) over the labelled texts that were run."""
    rows = score(predictions, {f: g for f, g in labels.items() if f in predictions})
    return row(rows, "micro", "roles").f1, row(rows, "micro", "roles+stance").f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="timed passes per mode (best kept)")
    parser.add_argument("--mix", choices=("topical", "feeds"), default="topical",
                        help="topical: the on-topic sets only (a worst case for the prefilter); feeds: "
                        "plus 181 general news articles, as world-news feeds deliver")
    args = parser.parse_args(argv)
    corpus = require_corpus(Settings.load().corpus)
    from extractors.pipeline import extract_mentions

    texts = corpus_texts(corpus, args.mix)
    words = sum(len(t.split()) for t in texts.values())
    labels = load_labels()
    modes: dict[str, Extract] = {
        "baseline (full model, every sentence)": lambda t: extract_mentions(t, full=True),
        "pipeline (prefilter, trimmed model)": extract_mentions,
    }
    print(f"{len(texts)} texts, {words} words; {sum(1 for f in labels if f in texts)} of them labelled")
    speeds: list[float] = []
    for name, extract in modes.items():
        for text in list(texts.values())[:5]:  # warm-up: model load, caches; not timed
            extract(text)
        seconds, predictions = timed(extract, texts, args.repeat)
        f1_roles, f1_stance = micro_f1(predictions, labels)
        speeds.append(words / seconds)
        print(f"{name:40} {seconds:7.2f} s  {words / seconds:9.0f} words/s  "
              f"micro F1 roles {f1_roles:.3f}  roles+stance {f1_stance:.3f}")
    print(f"speed ratio pipeline / baseline: {speeds[1] / speeds[0]:.1f}x (target >= 5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
