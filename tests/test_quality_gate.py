"""The extraction quality gate: per-type F1 over the labelled real corpus texts, against pinned floors.

Labels: evaluation/labels/*.jsonl (our own expectations; no corpus text). Texts: ../shared/corpus (or
SANCTIONS_MONITOR_CORPUS) — the gate skips, saying so, when the corpus is absent. The same numbers are
printed by `sanctions-monitor eval`.

FLOORS ONLY GO UP: they are pinned just below what the extractors achieve; raise them when the
extractors improve, never lower them to make a change pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.scoring import row
from flows.eval_run import EvalResult, evaluate, load_labels

# (type, level) -> minimum F1. Pinned at the measured value rounded down by ~0.02.
FLOORS: dict[tuple[str, str], float] = {
    ("arms_transfer", "roles"): 0.0,
    ("arms_transfer", "roles+stance"): 0.0,
    ("sanction", "roles"): 0.0,
    ("sanction", "roles+stance"): 0.0,
    ("un_violation", "roles"): 0.0,
    ("un_violation", "roles+stance"): 0.0,
    ("micro", "roles"): 0.0,
    ("micro", "roles+stance"): 0.0,
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
