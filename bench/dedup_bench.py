"""Near-duplicate lookup: the banded DuplicateIndex against a linear scan, measured in the same run.

Known fingerprints are SimHashes of synthetic texts (random words from a fixed vocabulary); half the
queries are copies of a known text with a few words changed, half are new texts. Both methods must
give the same answers; the figure is lookups/second and the speed-up ratio.

    .venv/bin/python bench/dedup_bench.py [--known N] [--queries Q]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.dedup import DuplicateIndex, hamming, simhash, text_hash  # noqa: E402

VOCABULARY = [f"w{i}" for i in range(5000)]


def make_text(rng: random.Random, words: int = 400) -> list[str]:
    return rng.choices(VOCABULARY, k=words)


def linear_find(known: list[tuple[str, str, int]], digest: str, fingerprint: int) -> str | None:
    """The baseline: compare against every known article (hash first, then distance)."""
    for article_id, known_digest, _ in known:
        if known_digest == digest:
            return article_id
    for article_id, _, known_fingerprint in known:
        if hamming(known_fingerprint, fingerprint) <= 3:
            return article_id
    return None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--known", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=1_000)
    args = parser.parse_args()
    rng = random.Random(42)
    texts = [make_text(rng) for _ in range(args.known)]
    known = [(f"a{i}", text_hash(" ".join(t)), simhash(" ".join(t))) for i, t in enumerate(texts)]
    queries = []
    for q in range(args.queries):
        words = list(rng.choice(texts)) if q % 2 == 0 else make_text(rng)
        for _ in range(2 if q % 2 == 0 else 0):
            words[rng.randrange(len(words))] = rng.choice(VOCABULARY)
        text = " ".join(words)
        queries.append((text_hash(text), simhash(text)))
    start = time.perf_counter()
    index = DuplicateIndex()
    for row in known:
        index.add(*row)
    built = time.perf_counter() - start
    start = time.perf_counter()
    banded = [index.find(d, f) for d, f in queries]
    t_index = time.perf_counter() - start
    start = time.perf_counter()
    linear = [linear_find(known, d, f) for d, f in queries]
    t_linear = time.perf_counter() - start
    assert banded == linear, "banded index and linear scan disagree"
    found = sum(1 for answer in banded if answer is not None)
    print(f"{args.known} known articles, {args.queries} lookups ({found} duplicates found by both)")
    print(f"banded index: {args.queries / t_index:12,.0f} lookups/s (built in {built:.2f} s)")
    print(f"linear scan:  {args.queries / t_linear:12,.0f} lookups/s")
    print(f"speed-up: {t_linear / t_index:.0f}x")


if __name__ == "__main__":
    main()
