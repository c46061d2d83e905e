"""`sanctions-monitor eval`: the extraction quality table over the labelled corpus texts.

Prints per-type precision, recall and F1 at two levels (roles; roles + stance/action), optionally as
JSON and with every error listed. `evaluate` is the I/O half of the quality gate: labels come from
evaluation/labels/*.jsonl of the checkout (checked on load); texts from the real corpus directory
(Settings.corpus, SANCTIONS_MONITOR_CORPUS), read exactly as `sanctions-monitor extract` reads them
(extractors.extract_files), with the spaCy model the settings name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extractors.errors import InputError, MonitorError
from extractors.extract_files import extract_path
from extractors.scoring import MICRO, Miss, Score, errors, score
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


def eval_cmd(
    labels_dir: Annotated[Path, typer.Option(
        "--labels", metavar="DIR", help="directory of labels *.jsonl")] = LABELS_DIR,
    corpus: Annotated[Path | None, typer.Option(
        "--corpus", metavar="DIR", help="corpus root (default: settings)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the table as JSON instead")] = False,
    show_errors: Annotated[bool, typer.Option("--errors", help="list false positives and misses")] = False,
) -> None:
    """Score the extractors against the labelled corpus texts and print the quality table."""
    settings = Settings.load(corpus=corpus)
    console = Console()
    console.width = max(console.width, 100)  # the table stays readable when piped
    try:
        result = evaluate(settings.corpus, labels_dir, settings=settings)
    except CorpusMissing as exc:  # nothing was checked: say so, and do not pass as a success
        Console(stderr=True).print(f"[yellow]not evaluated:[/yellow] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(result_json(result, show_errors), indent=2))
        return
    console.print(render_table(result.rows, result.texts))
    for file, reason in sorted(result.unreadable.items()):
        console.print(f"[red]unreadable[/red] {file}: {reason}")
    if show_errors:
        for miss in result.misses:
            typer.echo(f"{miss.kind:4} {miss.file}  {miss.finding}")


def render_table(rows: list[Score], texts: int) -> Table:
    """The rich table: one line per (level, type), micro totals in bold."""
    table = Table(title=f"Extraction quality over {texts} labelled texts")
    for name in ("level", "type", "pred", "correct", "labels", "found", "P", "R", "F1"):
        left = name in ("level", "type")
        table.add_column(name, justify="left" if left else "right", no_wrap=True, min_width=13 if left else 4)
    for r in rows:
        style = "bold" if r.type == MICRO else None
        table.add_row(r.level, r.type, str(r.predicted), str(r.correct), str(r.labelled), str(r.found),
                      f"{r.precision:.3f}", f"{r.recall:.3f}", f"{r.f1:.3f}", style=style)
    return table


def result_json(result: EvalResult, with_errors: bool = False) -> dict[str, object]:
    """The result as plain JSON-able data."""
    out: dict[str, object] = {"texts": result.texts, "rows": [r.as_dict() for r in result.rows],
                              "unreadable": result.unreadable}
    if with_errors:
        out["errors"] = [vars(m) for m in result.misses]
    return out
