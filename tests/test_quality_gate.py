"""The extraction quality gate: per-type F1 over the labelled real corpus texts, against pinned floors.

Labels: evaluation/labels/*.jsonl (our own expectations; no corpus text). Texts: ../shared/corpus (or
SANCTIONS_MONITOR_CORPUS) — the gate skips, saying so, when the corpus is absent. The same numbers are
printed by `sanctions-monitor eval`.

FLOORS ONLY GO UP: they are pinned just below what the extractors achieve; raise them when the
extractors improve, never lower them to make a change pass.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from extractors.errors import StructureError
from extractors.scoring import row
from flows.cli.evaluate import EvalResult, eval_cmd, evaluate, load_labels

# (type, level) -> minimum F1. Pinned 2026-11-24 22:22 UTC at the measured value rounded down by ~0.02
# (measured: arms .861/.831, sanction .931/.873, violation .884/.884, micro .898/.861 over 153 texts).
# Floors only go up.
FLOORS: dict[tuple[str, str], float] = {
    ("arms_transfer", "roles"): 0.84,
    ("arms_transfer", "roles+stance"): 0.81,
    ("sanction", "roles"): 0.91,
    ("sanction", "roles+stance"): 0.85,
    ("un_violation", "roles"): 0.86,
    ("un_violation", "roles+stance"): 0.86,
    ("micro", "roles"): 0.87,
    ("micro", "roles+stance"): 0.84,
}


@pytest.fixture(scope="module")
def result(corpus: Path) -> EvalResult:
    return evaluate(corpus)


def test_labels_cover_enough_real_texts(corpus: Path) -> None:
    labels = load_labels()
    assert len(labels) >= 50
    assert sum(1 for findings in labels.values() if not findings) >= 10  # hard negatives
    kinds = {f["type"] for findings in labels.values() for f in findings}
    assert kinds == {"arms_transfer", "sanction", "un_violation"}
    missing = [f for f in labels if not (corpus / f).is_file()]
    assert missing == []


def test_every_labelled_text_is_read(result: EvalResult) -> None:
    assert result.unreadable == {}


@pytest.mark.parametrize(("kind", "level"), sorted(FLOORS))
def test_f1_not_below_floor(result: EvalResult, kind: str, level: str) -> None:
    r = row(result.rows, kind, level)
    wrong = [m for m in result.misses if m.type == kind][:15] if level == "roles+stance" else []
    assert r.f1 >= FLOORS[(kind, level)], (
        f"{kind} F1 at {level} fell to {r.f1:.3f} (P {r.precision:.3f}, R {r.recall:.3f}); "
        f"floor {FLOORS[(kind, level)]}. First errors: {[(m.kind, m.file, m.finding) for m in wrong]}"
    )


def _tiny_eval_setup(tmp_path: Path) -> tuple[Path, Path]:
    """A two-text corpus in our own words and its labels."""
    corpus, labels = tmp_path / "corpus", tmp_path / "labels"
    (corpus / "news").mkdir(parents=True)
    labels.mkdir()
    (corpus / "news" / "a.txt").write_text(
        "Officials in Washington said on Monday that Russia had delivered S-400 air defence systems "
        "to Turkey last month.\n", encoding="utf-8")
    (corpus / "news" / "neg.txt").write_text(
        "The football club signed a new striker on Friday, and the fans cheered.\n", encoding="utf-8")
    (labels / "tiny.jsonl").write_text(
        json.dumps({"file": "news/a.txt", "findings": [
            {"type": "arms_transfer", "supplier": "RUS", "recipient": "TUR", "stance": "asserted"}]}) + "\n"
        + json.dumps({"file": "news/neg.txt", "findings": []}) + "\n", encoding="utf-8")
    return corpus, labels


def test_eval_command_prints_json_table(tmp_path: Path) -> None:
    corpus, labels = _tiny_eval_setup(tmp_path)
    app = typer.Typer()
    app.command()(eval_cmd)
    out = CliRunner().invoke(app, ["--labels", str(labels), "--corpus", str(corpus), "--json", "--errors"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["texts"] == 2 and data["unreadable"] == {}
    rows = {(r["type"], r["level"]): r for r in data["rows"]}
    assert len(rows) == 8
    assert rows[("arms_transfer", "roles")]["labelled"] == 1
    assert rows[("sanction", "roles")]["labelled"] == 0


def test_eval_command_says_clearly_it_checked_nothing_without_corpus(tmp_path: Path) -> None:
    _, labels = _tiny_eval_setup(tmp_path)
    app = typer.Typer()
    app.command()(eval_cmd)
    out = CliRunner().invoke(app, ["--labels", str(labels), "--corpus", str(tmp_path / "absent")])
    assert out.exit_code == 2  # not a success: nothing was evaluated
    assert "not evaluated" in out.output and "SANCTIONS_MONITOR_CORPUS" in out.output


def test_broken_labels_stop_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"file": "x.txt", "findings": [{"type": "rumour"}]}\n')
    with pytest.raises(StructureError, match=r"bad\.jsonl:1"):
        load_labels(tmp_path)


# The demo site's own articles (flows/demo/site/expected.jsonl; no corpus needed), scored the way
# `sanctions-monitor eval --split demo` scores them. Pinned 2026-12-02 at the measured value rounded down
# (measured with the cue pipeline: micro roles P .818 R .806 F1 .812, roles+stance F1 .740 over 26
# articles). Floors only go up.
DEMO_FLOORS: dict[tuple[str, str], float] = {("micro", "roles"): 0.79, ("micro", "roles+stance"): 0.72}


def test_demo_articles_not_below_floor() -> None:
    app = typer.Typer()
    app.command()(eval_cmd)
    out = CliRunner().invoke(app, ["--split", "demo", "--format", "json", "--errors"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)["demo"]
    assert data["texts"] >= 20
    rows = {(r["type"], r["level"]): r for r in data["rows"]}
    for key, floor in DEMO_FLOORS.items():
        assert rows[key]["f1"] >= floor, (key, rows[key], data.get("errors", [])[:10])
