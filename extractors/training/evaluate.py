"""Score an extractor on a split of the sentence labels: documents rebuilt from their sentences (one
per line), run through `extract_mentions` like any article, scored by extractors.scoring.

`python -m extractors.training.evaluate dev [--rules] [--errors]`: the learned pipeline, or with
`--rules` the production cue pipeline, for comparison. The test split is for the README only.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from extractors import pipeline
from extractors.learned import pipeline as learned
from extractors.scoring import Miss, Score, errors, score
from extractors.training.sentences import LabelledSentence, load_dir
from extractors.training.splits import SPLITS

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "evaluation" / "sentences"


def documents(sentences: list[LabelledSentence]) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """doc -> (text, findings): the document's sentences one per line, their findings together."""
    lines: dict[str, list[str]] = defaultdict(list)
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in sentences:
        lines[s.doc].append(s.text)
        found[s.doc].extend(s.findings)
    return {doc: ("\n".join(text), found[doc]) for doc, text in lines.items()}


def evaluate(sentences: list[LabelledSentence], nlp: Any = None, rules: bool = False
             ) -> tuple[list[Score], list[Miss]]:
    """The score table and the errors behind it for these sentences' documents."""
    docs = documents(sentences)
    extract = pipeline.extract_mentions if rules else learned.extract_mentions
    preds = {doc: [m.to_json() for m in extract(text, nlp=nlp)] for doc, (text, _) in docs.items()}
    gold = {doc: findings for doc, (_, findings) in docs.items()}
    return score(preds, gold), errors(preds, gold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("split", choices=SPLITS)
    parser.add_argument("--errors", action="store_true", help="list false positives and misses")
    parser.add_argument("--rules", action="store_true", help="score the production cue pipeline instead")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args(argv)
    sentences = [s for s in load_dir(LABELS, args.corpus if args.corpus.is_dir() else None)
                 if s.split == args.split]
    rows, misses = evaluate(sentences, rules=args.rules)
    for r in rows:
        print(f"{r.type:14} {r.level:13} P {r.precision:.3f} R {r.recall:.3f} F1 {r.f1:.3f} "
              f"(pred {r.predicted}, gold {r.labelled})")
    if args.errors:
        for m in misses:
            print(f"{m.kind:4} {m.file}: {m.finding}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
