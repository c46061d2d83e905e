"""`sanctions-monitor eval`: the extraction quality tables — the corpus gold (the labelled corpus texts)
and the splits of the sentence labels (evaluation/sentences: train, dev, test).

Prints per-type precision, recall and F1 at two levels (roles; roles + stance/action), optionally as
JSON and with every error listed; `--stats` prints what each split holds instead. `evaluate` is the
I/O half of the quality gate: labels come from
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
from extractors.scoring import MICRO, Miss, Score, errors, score
from extractors.scoring_labels import Labels, parse_labels
from flows.settings import Settings

# The labels are part of the checkout, not of the package (evaluation/ is not shipped).
LABELS_DIR = Path(__file__).resolve().parents[2] / "evaluation" / "labels"
SENTENCES_DIR = LABELS_DIR.parent / "sentences"
PARTS = ("gold", "train", "dev", "test", "demo")
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


def file_predictor(settings: Settings | None = None, learned: bool = False) -> Predict:
    """Mentions (contract dicts) of one corpus file, read the way the `extract` command reads it, with
    the spaCy model the settings name (`learned`: the learned pipeline)."""
    from extractors.extract_files import extract_path

    nlp = (settings or Settings.load()).load_nlp()
    return lambda path: [m.to_json() for m in extract_path(path, nlp=nlp, learned=learned)]


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


def split_result(part: str, corpus: Path, settings: Settings, learned: bool) -> EvalResult:
    """One split of the sentence labels, scored document by document (extractors.training.evaluate)."""
    from extractors.training.evaluate import documents
    from extractors.training.evaluate import evaluate as score_sentences
    from extractors.training.sentences import load_dir

    sents = [s for s in load_dir(SENTENCES_DIR, corpus) if s.split == part]
    rows, misses = score_sentences(sents, settings.load_nlp(), rules=not learned)
    return EvalResult(rows, misses, len(documents(sents)))


def demo_result(settings: Settings, learned: bool) -> EvalResult:
    """The demo site's articles (flows/demo/site/expected.jsonl), each rendered page read the way `extract`
    reads an HTML file; pages the demo run does not process (`skip`) and syndicated copies are left out."""
    from flows.demo import SITE_DIR, expected

    labels: dict[str, list[Any]] = {  # a hard negative (`negative`) has no findings: any is a false positive
        row["path"]: [] if row.get("negative") else row["findings"]
        for row in expected() if not row.get("skip") and not row.get("duplicate_of")}
    predict = file_predictor(settings, learned)
    predictions = {path: predict(SITE_DIR / "www" / path.lstrip("/")) for path in labels}
    return EvalResult(score(predictions, labels), errors(predictions, labels), len(labels))


def split_stats(corpus: Path | None) -> dict[str, dict[str, int]]:
    """What each split holds: sentences, documents, team-written and real sentences."""
    from extractors.training.sentences import load_dir
    from extractors.training.splits import SPLITS

    sents = load_dir(SENTENCES_DIR, corpus)
    return {part: {"sentences": sum(1 for s in sents if s.split == part),
                   "documents": len({s.doc for s in sents if s.split == part}),
                   "written": sum(1 for s in sents if s.split == part and s.origin == "written"),
                   "real": sum(1 for s in sents if s.split == part and s.origin == "real")}
            for part in SPLITS}


def eval_cmd(
    labels_dir: Annotated[Path, typer.Option(
        "--labels", metavar="DIR", help="directory of labels *.jsonl")] = LABELS_DIR,
    corpus: Annotated[Path | None, typer.Option(
        "--corpus", metavar="DIR", help="corpus root (default: settings)")] = None,
    split: Annotated[list[str] | None, typer.Option(
        "--split", metavar="PART", help="gold (the labelled corpus texts), train, dev, test or demo "
                        "(the demo site's articles); repeatable "
                        "[default: gold and dev]; the test split is for reporting, never for tuning")] = None,
    learned: Annotated[bool, typer.Option("--learned", help="score the learned pipeline (in evaluation) "
                                          "instead of the production one")] = False,
    stats: Annotated[bool, typer.Option("--stats", help="what each split holds, instead of scores")] = False,
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="table or json")] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="same as --format json")] = False,
    show_errors: Annotated[bool, typer.Option("--errors", help="list false positives and misses")] = False,
) -> None:
    """Score the extractors against the labelled texts and print one quality table per part."""
    settings = Settings.load(corpus=corpus)
    as_json = as_json or fmt == "json"
    if fmt not in ("table", "json") or not set(split or []) <= set(PARTS):
        raise typer.BadParameter(f"--format is table or json; --split is one of {', '.join(PARTS)}")
    if stats:
        counts = split_stats(settings.corpus if settings.corpus.is_dir() else None)
        if as_json:
            typer.echo(json.dumps({"splits": counts}, indent=2))
        for part, c in counts.items() if not as_json else ():
            typer.echo(f"{part}: {c['sentences']} sentences in {c['documents']} documents "
                       f"({c['written']} written by the team, {c['real']} real)")
        return
    results: dict[str, EvalResult] = {}
    try:
        default = ["gold", "dev"] if labels_dir == LABELS_DIR else ["gold"]  # own labels: the gold only
        for part in split or default:
            if part == "gold":
                results[part] = evaluate(settings.corpus, labels_dir, settings=settings,
                                         predict=file_predictor(settings, learned))
            elif part == "demo":
                results[part] = demo_result(settings, learned)
            else:
                results[part] = split_result(part, require_corpus(settings.corpus), settings, learned)
    except CorpusMissing as exc:  # nothing was checked: say so, and do not pass as a success
        Console(stderr=True).print(f"[yellow]not evaluated:[/yellow] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if as_json:
        out = {part: result_json(r, show_errors) for part, r in results.items()}
        typer.echo(json.dumps(out["gold"] if list(out) == ["gold"] else out, indent=2))
        return
    _print_tables(results, show_errors)


def _print_tables(results: dict[str, EvalResult], show_errors: bool) -> None:
    console = Console()
    console.width = max(console.width, 100)  # the table stays readable when piped
    for part, result in results.items():
        console.print(render_table(result.rows, result.texts, part))
        for file, reason in sorted(result.unreadable.items()):
            console.print(f"[red]unreadable[/red] {file}: {reason}")
        if show_errors:
            for miss in result.misses:
                typer.echo(f"{miss.kind:4} {miss.file}  {miss.finding}")


def render_table(rows: list[Score], texts: int, part: str = "gold") -> Table:
    """The rich table: one line per (level, type), micro totals in bold."""
    what = {"gold": "labelled corpus texts (gold)", "demo": "articles of the demo site (expected.jsonl)"}.get(
        part, f"documents of the {part} split")
    table = Table(title=f"Extraction quality over {texts} {what}")
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
