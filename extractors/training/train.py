"""`make train`: rebuild the learned extractor's artefact from evaluation/sentences, reproducibly.

Fits every classifier on the train split; picks thresholds on train (the relevance filter, by
cross-validation, so it keeps >= 98% of finding sentences) and on dev (finding types); never reads the
test split. Writes extractors/model/learned.npz + learned.json and prints what it did.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

from extractors.learned.linear import Linear
from extractors.learned.model import META, WEIGHTS, Model, to_bytes
from extractors.training.examples import Examples, build
from extractors.training.fit import fit
from extractors.training.sentences import LabelledSentence, load_dir
from extractors.training.thresholds import recall_threshold, best_f1_threshold
from extractors.vocabulary import FINDING_TYPES, ROLES

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "evaluation" / "sentences"
OUT = REPO / "extractors" / "model"
FILTER_RECALL = 0.98


def train(sentences: list[LabelledSentence], nlp: object, log=print) -> Model:  # type: ignore[no-untyped-def]
    """The model fitted on the train split, thresholds from train (filter) and dev (types)."""
    train_set = [s for s in sentences if s.split == "train"]
    dev_set = [s for s in sentences if s.split == "dev"]
    t0 = time.perf_counter()
    ex, dev = build(train_set, nlp), build(dev_set, nlp)
    log(f"parsed {len(train_set)} train + {len(dev_set)} dev sentences in {time.perf_counter() - t0:.1f} s")
    classifiers: dict[str, Linear] = {}
    for name in sorted(ex.x):
        classifiers[name] = fit(name, ex.x[name], ex.y[name])
    thresholds = {"relevance": recall_threshold(ex, "relevance", FILTER_RECALL)}
    for ftype in FINDING_TYPES:
        name = f"type:{ftype}"
        probs = classifiers[name].proba(dev.x[name])[:, 1]
        thresholds[name] = best_f1_threshold(probs, [y == "1" for y in dev.y[name]])
        pair = f"pair:{ftype}"
        if pair in classifiers and dev.x.get(pair):
            probs = classifiers[pair].proba(dev.x[pair])[:, 1]
            thresholds[pair] = best_f1_threshold(probs, [y == "1" for y in dev.y[pair]])
        role_clf = classifiers.get(f"role:{ftype}")
        if role_clf is not None and dev.x.get(f"role:{ftype}"):
            probs = role_clf.proba(dev.x[f"role:{ftype}"])
            for role in ROLES[ftype]:
                if role in role_clf.classes:
                    col = probs[:, role_clf.classes.index(role)]
                    truth = [y == role for y in dev.y[f"role:{ftype}"]]
                    thresholds[f"role:{ftype}:{role}"] = best_f1_threshold(col, truth)
    weights = b"".join(np.ascontiguousarray(c.weights).tobytes() for c in classifiers.values())
    version = "1." + hashlib.sha256(weights).hexdigest()[:10]
    counts = {s: sum(1 for x in sentences if x.split == s) for s in ("train", "dev", "test")}
    meta = {"sentences": counts, "examples": {k: len(v) for k, v in ex.y.items()}}
    return Model(version, classifiers, thresholds, meta)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make train", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus",
                        help="the real corpus (for the real sentences' text); default ../shared/corpus")
    parser.add_argument("--out", type=Path, default=OUT, help="where the artefact goes")
    args = parser.parse_args(argv)
    from extractors.nlp import load_nlp

    corpus = args.corpus if args.corpus.is_dir() else None
    if corpus is None:
        print(f"warning: no corpus at {args.corpus}: real sentences are left out", file=sys.stderr)
    sentences = load_dir(LABELS, corpus)
    model = train(sentences, load_nlp())
    npz, meta = to_bytes(model)
    (args.out / WEIGHTS).write_bytes(npz)
    (args.out / META).write_text(meta, encoding="utf-8")
    print(f"model {model.version}: {len(model.classifiers)} classifiers, thresholds "
          f"{ {k: round(v, 3) for k, v in model.thresholds.items()} } -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
