"""The trained artefact: every classifier of the learned extractor, loaded once per process.

The artefact is package data (`extractors/model/learned.npz` + `learned.json`), written by
`make train` (extractors.training.train) and read with importlib.resources, so the checkout and an
installed wheel find it the same way. Its `version` is part of EXTRACTOR_VERSION.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from extractors.errors import StructureError
from extractors.learned.linear import DIM, Linear

PACKAGE = "extractors.model"
WEIGHTS, META = "learned.npz", "learned.json"


@dataclass(frozen=True)
class Model:
    """Relevance filter, finding-type, stance/action and role classifiers with their thresholds."""

    version: str
    classifiers: dict[str, Linear]
    thresholds: dict[str, float]
    meta: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Linear:
        try:
            return self.classifiers[name]
        except KeyError:
            raise StructureError(f"the trained model has no classifier {name!r}; run `make train`") from None

    def threshold(self, name: str, default: float = 0.5) -> float:
        return self.thresholds.get(name, default)


def to_bytes(model: Model) -> tuple[bytes, str]:
    """(npz bytes, json text) of a model: weights stored sparse (indices + values) per row."""
    arrays: dict[str, Any] = {}
    meta: dict[str, Any] = {"version": model.version, "dim": DIM, "thresholds": model.thresholds,
                            "classifiers": {}, **model.meta}
    for name, clf in model.classifiers.items():
        meta["classifiers"][name] = list(clf.classes)
        for r, row in enumerate(clf.weights):
            nz = np.flatnonzero(row)
            arrays[f"{name}/{r}/i"] = nz.astype(np.int32)
            arrays[f"{name}/{r}/v"] = row[nz].astype(np.float32)
        arrays[f"{name}/b"] = clf.bias.astype(np.float32)
        arrays[f"{name}/d"] = clf.dense.astype(np.float32)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue(), json.dumps(meta, indent=1, sort_keys=True) + "\n"


def from_bytes(npz: bytes, meta_text: str) -> Model:
    """The model stored by `to_bytes`."""
    meta = json.loads(meta_text)
    if meta.get("dim") != DIM:
        raise StructureError(f"trained model has dim {meta.get('dim')}, this code expects {DIM}")
    arrays = np.load(io.BytesIO(npz))
    classifiers = {}
    for name, classes in meta.pop("classifiers").items():
        bias = arrays[f"{name}/b"]
        weights = np.zeros((len(bias), DIM), dtype=np.float32)
        for r in range(len(bias)):
            weights[r, arrays[f"{name}/{r}/i"]] = arrays[f"{name}/{r}/v"]
        classifiers[name] = Linear(name, tuple(classes), weights, arrays[f"{name}/d"], bias)
    return Model(meta.pop("version"), classifiers, meta.pop("thresholds"), meta)


@cache
def load_model() -> Model:
    """The shipped model (once per process); StructureError if it is missing."""
    root = resources.files(PACKAGE)
    try:
        npz = root.joinpath(WEIGHTS).read_bytes()
        meta = root.joinpath(META).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StructureError("the trained model is missing (extractors/model/); run `make train`") from None
    return from_bytes(npz, meta)
