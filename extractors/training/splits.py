"""Train / dev / test by document: a stable hash of the document id, never by sentence.

The test split is scored for the README only; nothing that improves the extractor may read it.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Split = Literal["train", "dev", "test"]
SPLITS: tuple[Split, ...] = ("train", "dev", "test")
_SHARES = ((70, "train"), (85, "dev"), (100, "test"))  # cumulative percent


def split_of(doc: str) -> Split:
    """The split a document belongs to (70 / 15 / 15), the same on every machine and run."""
    bucket = int(hashlib.sha256(doc.encode("utf-8")).hexdigest()[:8], 16) % 100
    for upper, name in _SHARES:
        if bucket < upper:
            return name  # type: ignore[return-value]
    raise AssertionError("unreachable")
