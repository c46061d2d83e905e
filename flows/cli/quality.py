"""Run the extractor over the labelled corpus texts and score it (the I/O half of the quality gate).

Labels come from evaluation/labels/*.jsonl of the checkout (checked on load); texts from the real
corpus directory (Settings.corpus, SANCTIONS_MONITOR_CORPUS). Files are read exactly as
`sanctions-monitor extract` reads them (extractors.extract_files: .txt as is, HTML cleaned like the
pipeline cleans it), with the spaCy model the settings name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.errors import InputError, MonitorError
from extractors.extract_files import extract_path
from extractors.scoring import Miss, Score, errors, score
from extractors.scoring_labels import Labels, parse_labels
from flows.settings import Settings

# The labels are part of the checkout, not of the package (evaluation/ is not shipped).
LABELS_DIR = Path(__file__).resolve().parents[2] / "evaluation" / "labels"
Predict = Callable[[Path], list[dict[str, Any]]]


class CorpusMissing(MonitorError):
    """The real corpus is not on this machine: the gate cannot run (callers skip, clearly)."""


@dataclass
class EvalResult:
    """The table, the errors behind it, and what could not be read."""

    rows: list[Score]
    misses: list[Miss]
    texts: int
    unreadable: dict[str, str] = field(default_factory=dict)  # file -> reason


def load_labels(labels_dir: Path = LABELS_DIR) -> Labels:
    """Every labels file of the directory, merged; a file labelled twice is a StructureError."""
    files = sorted(labels_dir.glob("*.jsonl"))
    if not files:
        raise MonitorError(f"no label files (*.jsonl) in {labels_dir}")
    labels: Labels = {}
    for path in files:
        parse_labels(path.read_text(encoding="utf-8").splitlines(), origin=str(path), into=labels)
    return labels


def require_corpus(corpus: Path) -> Path:
    """The corpus directory, or CorpusMissing with the setting to use."""
    if not corpus.is_dir():
        raise CorpusMissing(f"real corpus not found at {corpus} (set SANCTIONS_MONITOR_CORPUS); "
                            "the quality gate needs it")
    return corpus


def file_predictor(settings: Settings | None = None) -> Predict:
    """Mentions (contract dicts) of one corpus file, read the way the `extract` command reads it, with
    the spaCy model the settings name."""
    nlp = (settings or Settings.load()).load_nlp()
    return lambda path: [m.to_json() for m in extract_path(path, nlp=nlp)]


def predict_all(
    files: Iterable[str], corpus: Path, predict: Predict
) -> tuple[dict[str, Any], dict[str, str]]:
    """Predictions per labelled file; a file that cannot be read is recorded, never fatal."""
    predictions: dict[str, Any] = {}
    unreadable: dict[str, str] = {}
    for rel in files:
        path = corpus / rel
        if not path.is_file():
            unreadable[rel] = "missing"
            continue
        try:
            predictions[rel] = predict(path)
        except InputError as exc:
            unreadable[rel] = f"{exc.reason}: {exc}"
    return predictions, unreadable


def evaluate(corpus: Path, labels_dir: Path = LABELS_DIR, predict: Predict | None = None,
             level: str = "roles+stance", settings: Settings | None = None) -> EvalResult:
    """Extract every labelled text (with the settings' model), then score: the quality table plus its
    errors at `level`."""
    labels = load_labels(labels_dir)
    require_corpus(corpus)
    predictions, unreadable = predict_all(labels, corpus, predict or file_predictor(settings))
    return EvalResult(score(predictions, labels), errors(predictions, labels, level), len(labels), unreadable)
