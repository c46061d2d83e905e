"""`sanctions-monitor extract` as a user runs it (a fresh process, start-up included), in two measures.

1. Start-up: `extract` of one small file against loading the spaCy model alone. Two commands run
alternately as fresh processes (`--repeat` times each; the median is kept, the machine
is shared):

  model    python -c "import spacy; spacy.load(MODEL)"        the floor: a bare process loading the model
  extract  python -m flows.cli extract small.txt               the whole command, imports and rulers included

Prints both medians and the ratio (target <= 1.3x). Then, in one process, the cost per text of language
detection against that of extraction over the same texts (target: detection no dearer than extraction).

2. Throughput: the first `--texts` (600) Reuters-21578 stories of reut2-000/001 as files, one process
each way:

  full     a bare process: the whole spaCy model (no component disabled) over every text, every sentence
  extract  python -m flows.cli extract FILE... --format jsonl   (prefilter, trimmed model, findings out)

Prints both times and the ratio (target >= 5x). Extraction quality for the same two modes is measured by
bench/extract_bench.py on the labelled texts (the prefilter must not lose F1).

    .venv/bin/python bench/extract_cli_bench.py [--repeat 5] [--texts 600]
"""

from __future__ import annotations

import argparse
import gzip
import html
import re
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


REUTERS = ("text/reuters21578/raw/reut2-000.sgm.gz", "text/reuters21578/raw/reut2-001.sgm.gz")
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
FULL_MODEL = """
import sys, spacy
nlp = spacy.load(sys.argv[1])
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        for _ in nlp.pipe([f.read()]):
            pass
"""


def reuters_bodies(corpus: Path, n: int) -> list[str]:
    """The first `n` story bodies of Reuters-21578 (SGML entities unescaped)."""
    out: list[str] = []
    for rel in REUTERS:
        sgml = gzip.decompress((corpus / rel).read_bytes()).decode("latin-1")
        out.extend(html.unescape(m.group(1)).replace("\x03", "").strip() for m in _BODY.finditer(sgml))
        if len(out) >= n:
            break
    return out[:n]


def throughput(corpus: Path, n: int, model: str) -> tuple[float, float, int]:
    """(seconds of the full model over every text, seconds of `extract` over them, words)."""
    bodies = reuters_bodies(corpus, n)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, body in enumerate(bodies):
            path = Path(tmp) / f"reuters-{i:04d}.txt"
            path.write_text(body + "\n", encoding="utf-8")
            files.append(str(path))
        full = _timed([sys.executable, "-c", FULL_MODEL, model, *files])
        ours = _timed([sys.executable, "-m", "flows.cli", "extract", *files, "--format", "jsonl"])
    return full, ours, sum(len(b.split()) for b in bodies)


def _timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


def model_name() -> str:
    """The spaCy package the settings resolve to (the model, else its fallback)."""
    import importlib.util

    from flows.settings import Settings

    settings = Settings.load()
    return next(m for m in (settings.spacy_model, settings.spacy_fallback) if importlib.util.find_spec(m))


def startup(repeat: int) -> tuple[float, float]:
    """(median seconds of the bare model load, median seconds of `extract` on one small file)."""
    model = model_name()
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
    parser.add_argument("--texts", type=int, default=600)
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
        full, ours, words = throughput(corpus, args.texts, model_name())
        print(f"{args.texts} Reuters-21578 texts ({words} words), process start included: "
              f"full model on every sentence {full:.1f}s, extract {ours:.1f}s: "
              f"**{full / ours:.1f}x** (target >= 5x)")
    else:
        print(f"no corpus at {corpus}: detection vs extraction and the Reuters throughput skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
