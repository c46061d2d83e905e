"""Run the extractor over the labelled corpus texts and score it (the I/O half of the quality gate).

Labels come from evaluation/labels/*.jsonl (checked on load); texts from the real corpus directory
(Settings.corpus, SANCTIONS_MONITOR_CORPUS). Files are read exactly as `sanctions-monitor extract`
reads them (extractors.extract_files: .txt as is, HTML cleaned like the pipeline cleans it).
"""

from __future__ import annotations

import gzip
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.errors import InputError, MonitorError
from extractors.scoring import Miss, Score, errors, score
from extractors.scoring_labels import Labels, parse_labels
from flows.settings import REPO_ROOT

LABELS_DIR = REPO_ROOT / "evaluation" / "labels"
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


def file_predictor(full: bool = False) -> Predict:
    """Mentions (contract dicts) of one corpus file, read the way the `extract` command reads it.

    Uses extractors.extract_files when present; until then, the text as the pipeline would see it
    (HTML through extractors.clean) and extractors.pipeline.extract_mentions.
    """
    pipeline = importlib.import_module("extractors.pipeline")
    try:
        reader = importlib.import_module("extractors.extract_files")
    except ModuleNotFoundError:
        reader = None
    if reader is not None and not full and hasattr(reader, "extract_path"):
        extract_path = reader.extract_path
        return lambda path: [m.to_json() for m in extract_path(path)]
    extract = pipeline.extract_mentions
    return lambda path: [m.to_json() for m in extract(read_text(path), full=full)]


def read_text(path: Path) -> str:
    """A corpus file as text: .txt as is, .html/.html.gz cleaned by extractors.clean."""
    from extractors.clean import clean_page

    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    if path.name.endswith((".html", ".htm", ".html.gz", ".htm.gz")):
        return clean_page(data).text
    return data.decode("utf-8", errors="replace")


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
             level: str = "roles+stance") -> EvalResult:
    """Extract every labelled text, then score: the quality table plus its errors at `level`."""
    labels = load_labels(labels_dir)
    require_corpus(corpus)
    predictions, unreadable = predict_all(labels, corpus, predict or file_predictor())
    return EvalResult(score(predictions, labels), errors(predictions, labels, level), len(labels), unreadable)
