"""Precision, recall and F1 of predicted mentions against labels, per type and per level. Pure.

Per labelled text and type: predictions (Mention.to_json() dicts) and labels are first deduplicated on
their key at the level being scored. A prediction is correct when it matches some label; a label is
found when some prediction matches it (see extractors.scoring_match). Precision = correct predictions /
predictions, recall = found labels / labels. Predictions for files without labels are not scored.
Levels: "roles" (arms: supplier + recipient; sanction: authority + at least one target; violation:
violator) and "roles+stance" (plus stance for arms and violations, action for sanctions).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from extractors.errors import MonitorError
from extractors.scoring_labels import TYPES
from extractors.scoring_match import LEVELS, describe, label_key, pred_key, roles_match

Findings = Mapping[str, Sequence[Mapping[str, Any]]]
MICRO = "micro"


@dataclass(frozen=True)
class Score:
    """One row of the quality table."""

    type: str  # a mention type, or "micro" for all types together
    level: str  # "roles" | "roles+stance"
    predicted: int
    correct: int  # predictions that match a label
    labelled: int
    found: int  # labels matched by a prediction

    @property
    def precision(self) -> float:
        if self.predicted == 0:
            return 1.0 if self.labelled == 0 else 0.0
        return self.correct / self.predicted

    @property
    def recall(self) -> float:
        return 1.0 if self.labelled == 0 else self.found / self.labelled

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "level": self.level, "predicted": self.predicted,
                "correct": self.correct, "labelled": self.labelled, "found": self.found,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class Miss:
    """A false positive ("fp") or a missed label ("miss") in one file, for error listings."""

    file: str
    type: str
    kind: str
    finding: str


def dedupe(items: Sequence[Mapping[str, Any]], level: str, labels: bool) -> list[Mapping[str, Any]]:
    """Items with a distinct key at `level`, first occurrence kept."""
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for item in items:
        key = label_key(item, level) if labels else pred_key(item, level)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _of_type(items: Sequence[Mapping[str, Any]], kind: str) -> list[Mapping[str, Any]]:
    return [i for i in items if i.get("type") == kind]


def score_text(preds: Sequence[Mapping[str, Any]], labels: Sequence[Mapping[str, Any]], kind: str,
               level: str) -> tuple[int, int, int, int, list[tuple[str, Mapping[str, Any]]]]:
    """(predicted, correct, labelled, found, errors) for one text, one type, one level."""
    p = dedupe(_of_type(preds, kind), level, labels=False)
    every = dedupe(_of_type(labels, kind), level, labels=True)
    g = [lab for lab in every if not lab.get("optional")]
    optional = [lab for lab in every if lab.get("optional")]
    errors: list[tuple[str, Mapping[str, Any]]] = []
    correct = excused = 0
    for pred in p:
        if any(roles_match(lab, pred, level) for lab in g):
            correct += 1
        elif any(roles_match(lab, pred, level) for lab in optional):
            excused += 1  # finding an optional event is not a false positive
        else:
            errors.append(("fp", pred))
    found = 0
    for lab in g:
        if any(roles_match(lab, pred, level) for pred in p):
            found += 1
        else:
            errors.append(("miss", lab))
    return len(p) - excused, correct, len(g), found, errors


def score(predictions: Findings, labels: Findings) -> list[Score]:
    """The table: one Score per (type, level) plus the micro total per level."""
    rows: list[Score] = []
    for level in LEVELS:
        totals = [0, 0, 0, 0]
        for kind in TYPES:
            counts = [0, 0, 0, 0]
            for file, gold in labels.items():
                n = score_text(predictions.get(file, ()), gold, kind, level)
                counts = [a + b for a, b in zip(counts, n[:4], strict=True)]
            rows.append(Score(kind, level, *counts))
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
        rows.append(Score(MICRO, level, *totals))
    return rows


def errors(predictions: Findings, labels: Findings, level: str = "roles+stance") -> list[Miss]:
    """Every false positive and missed label at `level`, file by file."""
    out: list[Miss] = []
    for file, gold in labels.items():
        for kind in TYPES:
            found = score_text(predictions.get(file, ()), gold, kind, level)[4]
            out.extend(Miss(file, kind, what, describe(item)) for what, item in found)
    return out


def row(rows: Sequence[Score], kind: str, level: str) -> Score:
    """The row for (type, level); MonitorError when the table has none."""
    for r in rows:
        if r.type == kind and r.level == level:
            return r
    raise MonitorError(f"no score row for {kind} at {level}")
