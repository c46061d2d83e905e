"""Construction families of the extraction issue, one sentence each, through both pipelines.

tests/fixtures/families/families.jsonl holds sentences written by the team with the findings
../shared/LABELLING.md defines for them. A sentence passes when every required finding is found with
its stance/action and nothing else is found (optional findings may or may not be). `known_miss` names
the pipelines that do not yet pass a sentence: those cases are strict xfails, so the test fails the day
a pipeline starts to get one right and the record is shortened (it only ever shrinks).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractors import pipeline as cue
from extractors.learned import pipeline as learned
from extractors.scoring import errors

CASES = Path(__file__).resolve().parent / "fixtures" / "families" / "families.jsonl"
PIPELINES = {"cue": cue.extract_mentions, "learned": learned.extract_mentions}


def _cases() -> list[Any]:
    out = []
    for number, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), start=1):
        row = json.loads(line)
        for name in PIPELINES:
            marks = ([pytest.mark.xfail(strict=True, reason=f"known miss of the {name} pipeline (issue 8)")]
                     if name in row["known_miss"] else [])
            out.append(pytest.param(name, row, id=f"{name}-{row['family']}-{number}", marks=marks))
    return out


def test_every_family_of_the_issue_is_covered() -> None:
    families = {json.loads(line)["family"] for line in CASES.read_text(encoding="utf-8").splitlines()}
    assert families == {"buyer_side", "nouns", "passives", "denials", "sanctions", "violations", "negatives"}


@pytest.mark.parametrize(("pipeline", "case"), _cases())
def test_sentence(pipeline: str, case: dict[str, Any]) -> None:
    found = [m.to_json() for m in PIPELINES[pipeline](case["sentence"])]
    wrong = errors({"s": found}, {"s": case["findings"]}, "roles+stance")
    assert wrong == [], [(m.kind, m.finding) for m in wrong]
