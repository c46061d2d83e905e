"""Linear classifiers over hashed string features plus a dense vector, scored with numpy alone (no
scikit-learn at run time).

An input is a `Features`: strings (hashed into `DIM` columns by CRC-32: C speed, stable across machines
and Python versions) and an optional dense vector (the spaCy model's contextual token vectors).
Training (extractors.training.fit) fits scikit-learn's LogisticRegression on the same columns and
exports `coef_` / `intercept_` here; this module only scores.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

DIM = 1 << 18
Vector = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Features:
    """One input: feature strings and a dense vector (empty when the classifier uses none)."""

    names: list[str]
    dense: Vector


def columns(names: Sequence[str]) -> list[int]:
    """The hashed columns of feature strings (a repeated feature counts twice)."""
    return [zlib.crc32(f.encode("utf-8")) & (DIM - 1) for f in names]


@dataclass(frozen=True)
class Linear:
    """One classifier: `classes` (k >= 2); sparse weights (rows x DIM) and dense weights (rows x D)
    with biases; rows == 1 for a binary classifier (sigmoid), else softmax."""

    name: str
    classes: tuple[str, ...]
    weights: npt.NDArray[np.float32]
    dense: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]

    def scores(self, rows: Sequence[Features]) -> npt.NDArray[np.float64]:
        """Raw decision values, one row per input."""
        out = np.empty((len(rows), self.weights.shape[0]), dtype=np.float64)
        for i, feats in enumerate(rows):
            cols = columns(feats.names)
            z = self.weights[:, cols].sum(axis=1) + self.bias if cols else self.bias.copy()
            if self.dense.shape[1]:
                z = z + self.dense @ feats.dense
            out[i] = z
        return out

    def proba(self, rows: Sequence[Features]) -> npt.NDArray[np.float64]:
        """Class probabilities, one row per input, columns in `classes` order."""
        z = self.scores(rows)
        if self.weights.shape[0] == 1:
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.stack([1.0 - p, p], axis=1)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]

    def prob(self, feats: Features, cls: str) -> float:
        """The probability of one class for one input."""
        return float(self.proba([feats])[0, self.classes.index(cls)])
