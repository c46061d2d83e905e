"""Start-up cost of `sanctions-monitor extract` on one small file, against loading the spaCy model alone.

Two commands run alternately as fresh processes (`--repeat` times each; the median is kept, the machine
is shared):

  model    python -c "import spacy; spacy.load(MODEL)"        the floor: a bare process loading the model
  extract  python -m flows.cli extract small.txt               the whole command, imports and rulers included

Prints both medians and the ratio (target <= 1.3x). Then, in one process, the cost per text of language
detection against that of extraction over the same texts (target: detection no dearer than extraction).

    .venv/bin/python bench/startup_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Our own sentences (not corpus text): one short news item, as a user would try the command.
SMALL = ("Officials in Kyiv said on Tuesday that a shipment of artillery shells from Bulgaria had arrived.\n"
         "The European Union also announced new sanctions on three Iranian drone makers.\n")


def _timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


def startup(repeat: int) -> tuple[float, float]:
    """(median seconds of the bare model load, median seconds of `extract` on one small file)."""
    import importlib.util

    from flows.settings import Settings

    settings = Settings.load()
    model = next(m for m in (settings.spacy_model, settings.spacy_fallback) if importlib.util.find_spec(m))
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.txt"
        small.write_text(SMALL, encoding="utf-8")
        bare = [sys.executable, "-c", f"import spacy; spacy.load({model!r})"]
        extract = [sys.executable, "-m", "flows.cli", "extract", str(small)]
        _timed(bare)  # warm the file cache for both
        _timed(extract)
        loads, runs = [], []
        for _ in range(repeat):
            loads.append(_timed(bare))
            runs.append(_timed(extract))
    return statistics.median(loads), statistics.median(runs)


def detection_vs_extraction(texts: list[str]) -> tuple[float, float]:
    """Milliseconds per text of language detection and of extraction (model loaded, warm)."""
    from extractors.language import require_english
    from extractors.pipeline import extract_mentions
    from flows.settings import Settings

    nlp = Settings.load().load_nlp()
    extract_mentions(texts[0], nlp=nlp)
    require_english(texts[0])
    t0 = time.perf_counter()
    for t in texts:
        require_english(t)
    t1 = time.perf_counter()
    for t in texts:
        extract_mentions(t, nlp=nlp)
    t2 = time.perf_counter()
    return 1000 * (t1 - t0) / len(texts), 1000 * (t2 - t1) / len(texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load, run = startup(args.repeat)
    print(f"model load alone {load:.2f}s; extract of one small file {run:.2f}s: **{run / load:.2f}x** "
          f"(target <= 1.3x; medians of {args.repeat})")
    from bench.extract_bench import corpus_texts
    from flows.settings import Settings

    corpus = Settings.load().corpus
    if corpus.is_dir():
        texts = list(corpus_texts(corpus).values())
        detect, extract = detection_vs_extraction(texts)
        print(f"language detection {detect:.2f} ms a text vs extraction {extract:.2f} ms a text over "
              f"{len(texts)} corpus texts: detection is {detect / extract:.2f}x extraction (target <= 1x)")
    else:
        print(f"no corpus at {corpus}: detection vs extraction skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
