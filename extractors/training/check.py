"""Check sentence-label files and print what they hold: `python -m extractors.training.check FILE...`.

Exit 0 when every file is well-formed (real records resolved against the corpus when it is present),
1 with the first problem otherwise.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

from extractors.errors import StructureError
from extractors.training.sentences import LabelledSentence, load_file

DEFAULT_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def summary(records: list[LabelledSentence]) -> str:
    """Counts: sentences, documents, negatives, findings by type and stance/action, splits."""
    kinds: Counter[str] = Counter()
    for rec in records:
        for f in rec.findings:
            kinds[f"{f['type']}/{f.get('stance') or f.get('action')}"] += 1
    splits = Counter(r.split for r in records)
    negatives = sum(1 for r in records if not r.findings)
    docs = len({r.doc for r in records})
    return (f"{len(records)} sentences, {docs} documents, {negatives} negative; findings "
            f"{dict(sorted(kinds.items()))}; splits {dict(splits)}")


def main(argv: list[str]) -> int:
    corpus = Path(os.environ.get("SANCTIONS_MONITOR_CORPUS", DEFAULT_CORPUS))
    status = 0
    for name in argv:
        try:
            records = load_file(Path(name), corpus if corpus.is_dir() else None)
        except StructureError as exc:
            print(f"error: {exc}")
            status = 1
            continue
        print(f"{name}: {summary(records)}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
