"""Decision thresholds: the relevance filter's by cross-validation on train (a recall target), the
finding types' by F1 on dev."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from extractors.training.examples import Examples
from extractors.training.fit import SEED, design


def recall_threshold(ex: Examples, name: str, recall: float, folds: int = 5) -> float:
    """The highest threshold whose out-of-fold recall on the positives is at least `recall`."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict

    x, y = design(ex.x[name]), np.array([v == "1" for v in ex.y[name]])
    groups = ex.origin[name]
    clf = LogisticRegression(solver="liblinear", class_weight="balanced", random_state=SEED)
    probs = cross_val_predict(clf, x, y, groups=groups, cv=GroupKFold(folds), method="predict_proba")[:, 1]
    pos = np.sort(probs[y])
    if not len(pos):
        return 0.5
    k = int(np.floor((1.0 - recall) * len(pos)))
    return float(min(pos[k], 0.5))


def best_f1_threshold(probs: Sequence[float], truth: Sequence[bool]) -> float:
    """The threshold in 0.2..0.8 with the best F1 on these examples (0.5 when there are none)."""
    p, t = np.asarray(probs), np.asarray(truth, dtype=bool)
    if not t.any():
        return 0.5
    best, best_f1 = 0.5, -1.0
    for thr in np.arange(0.2, 0.81, 0.05):
        pred = p >= thr
        tp = float((pred & t).sum())
        f1 = 2 * tp / (pred.sum() + t.sum()) if pred.sum() + t.sum() else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(thr), f1
    return round(best, 2)
