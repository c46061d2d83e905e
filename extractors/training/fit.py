"""Fit the classifiers of the learned extractor with scikit-learn (a training-time dependency only)
and export them as `extractors.learned.linear.Linear` weights."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from extractors.learned.linear import DIM, Features, Linear, columns

SEED = 13
DENSE_SCALE = 0.5  # the dense vectors' weight against the 0/1 sparse features


def design(rows: Sequence[Features]) -> Any:
    """The design matrix (CSR): hashed feature counts, then the dense vector scaled by DENSE_SCALE."""
    from scipy.sparse import csr_matrix, hstack

    r: list[int] = []
    c: list[int] = []
    for i, feats in enumerate(rows):
        cols = columns(feats.names)
        r.extend([i] * len(cols))
        c.extend(cols)
    sparse = csr_matrix((np.ones(len(r)), (r, c)), shape=(len(rows), DIM))
    width = rows[0].dense.shape[0] if rows else 0
    if not width:
        return sparse
    dense = np.stack([f.dense for f in rows]).astype(np.float64) * DENSE_SCALE
    return hstack([sparse, csr_matrix(dense)], format="csr")


def fit(name: str, rows: Sequence[Features], labels: Sequence[str], c: float = 1.0) -> Linear:
    """A logistic regression over the rows; binary ("0"/"1") or multinomial, seeded, class-balanced."""
    from sklearn.linear_model import LogisticRegression

    width = rows[0].dense.shape[0] if rows else 0
    classes = sorted(set(labels))
    if len(classes) == 1:  # nothing to learn: a constant classifier
        only = classes[0]
        classes = ["0", "1"] if only in ("0", "1") else [only, "_other"]
        bias = np.array([8.0 if only == classes[1] else -8.0], dtype=np.float32)
        return Linear(name, tuple(classes), np.zeros((1, DIM), np.float32), np.zeros((1, width), np.float32),
                      bias)
    solver = "liblinear" if len(classes) == 2 else "lbfgs"  # liblinear: fast on sparse binary problems
    clf = LogisticRegression(C=c, solver=solver, max_iter=3000, class_weight="balanced", random_state=SEED)
    clf.fit(design(rows), list(labels))
    coef = clf.coef_.astype(np.float32)
    return Linear(name, tuple(str(k) for k in clf.classes_), coef[:, :DIM], coef[:, DIM:] * DENSE_SCALE,
                  clf.intercept_.astype(np.float32))
