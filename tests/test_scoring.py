"""The quality-gate scorer on predictions and labels we make up ourselves (no corpus needed)."""

from __future__ import annotations

from typing import Any

import pytest

from extractors.errors import StructureError
from extractors.scoring import errors, row, score
from extractors.scoring_labels import parse_labels
from extractors.scoring_match import normalise, party_matches


def party(name: str, country: str | None = None, kind: str = "state") -> dict[str, Any]:
    return {"name": name, "country": country, "kind": kind}


def arms(sup: dict[str, Any], rec: dict[str, Any], stance: str = "asserted") -> dict[str, Any]:
    return {"type": "arms_transfer", "supplier": sup, "recipient": rec, "stance": stance,
            "weapons": [], "weapon_category": "missiles", "sentence": "s", "start": 0, "end": 1}


def sanction(auth: dict[str, Any], targets: list[dict[str, Any]], action: str = "imposed") -> dict[str, Any]:
    return {"type": "sanction", "authority": auth, "targets": targets, "measure": "other", "action": action}


def violation(who: dict[str, Any], stance: str = "asserted") -> dict[str, Any]:
    return {"type": "un_violation", "violator": who, "resolutions": ["1718"], "stance": stance}


PRK, RUS, USA = party("North Korea", "PRK"), party("Russia", "RUS"), party("the U.S.", "USA")
WAGNER = party("the Wagner Group", "RUS", "group")


def test_party_matching_by_code_name_and_alternatives() -> None:
    assert party_matches("PRK", PRK)
    assert not party_matches("RUS", PRK)
    assert party_matches("Wagner Group", WAGNER)  # containment of the label's name
    assert not party_matches("Wagner Group", party("Wagner", "RUS"))  # the label is not contained
    assert party_matches("Contras", party("Nicaraguan Contra rebels", None, "group"))  # plural folded
    assert party_matches(["SWE", "Bofors"], party("AB Bofors", None, "company"))
    assert party_matches("UN", party("the U.N. Security Council", None, "organisation"))
    assert party_matches("UN", party("Security Council", None, "organisation"))
    assert not party_matches("UN", party("National Security Council", "USA", "organisation"))
    assert not party_matches("PRK", None)
    assert normalise("Al-Shabaab's") == ("al", "shabaab")


def test_perfect_predictions_score_one_and_duplicates_count_once() -> None:
    labels = {"a.txt": [{"type": "arms_transfer", "supplier": "PRK", "recipient": "Wagner Group",
                         "stance": "asserted"},
                        {"type": "arms_transfer", "supplier": "PRK", "recipient": "Wagner Group",
                         "stance": "denied"}]}
    preds = {"a.txt": [arms(PRK, WAGNER), arms(PRK, WAGNER), arms(PRK, WAGNER, "denied")]}
    rows = score(preds, labels)
    strict = row(rows, "arms_transfer", "roles+stance")
    assert (strict.predicted, strict.correct, strict.labelled, strict.found) == (2, 2, 2, 2)
    loose = row(rows, "arms_transfer", "roles")  # asserted + denied collapse to one pair
    assert (loose.predicted, loose.labelled, loose.f1) == (1, 1, 1.0)


def test_wrong_stance_counts_only_at_the_stance_level() -> None:
    labels = {"a.txt": [{"type": "un_violation", "violator": "PRK", "resolutions": [], "stance": "asserted"}]}
    preds = {"a.txt": [violation(PRK, "denied")]}
    rows = score(preds, labels)
    assert row(rows, "un_violation", "roles").f1 == 1.0
    strict = row(rows, "un_violation", "roles+stance")
    assert (strict.precision, strict.recall) == (0.0, 0.0)
    assert [(e.kind, e.type) for e in errors(preds, labels)] == [("fp", "un_violation"),
                                                                 ("miss", "un_violation")]


def test_sanction_needs_authority_and_one_target() -> None:
    label = {"type": "sanction", "authority": "USA", "targets": ["Wagner Group", "PRK"],
             "measure": "export_controls", "action": "imposed"}
    preds = {"a.txt": [sanction(USA, [WAGNER]), sanction(USA, [RUS]), sanction(RUS, [PRK])]}
    r = row(score(preds, {"a.txt": [label]}), "sanction", "roles")
    assert (r.predicted, r.correct, r.labelled, r.found) == (3, 1, 1, 1)
    assert r.precision == pytest.approx(1 / 3)
    assert r.f1 == pytest.approx(0.5)


def test_hard_negatives_cost_precision_and_micro_adds_up() -> None:
    labels: dict[str, list[dict[str, Any]]] = {
        "neg.txt": [],
        "pos.txt": [{"type": "arms_transfer", "supplier": "RUS", "recipient": "PRK", "stance": "asserted"}],
    }
    preds = {"neg.txt": [arms(USA, RUS)], "pos.txt": [], "unlabelled.txt": [arms(USA, PRK)]}
    rows = score(preds, labels)
    r = row(rows, "arms_transfer", "roles")
    assert (r.predicted, r.correct, r.labelled, r.found) == (1, 0, 1, 0)
    assert r.f1 == 0.0
    assert row(rows, "sanction", "roles").f1 == 1.0  # nothing labelled, nothing predicted
    micro = row(rows, "micro", "roles")
    assert (micro.predicted, micro.labelled) == (1, 1)


def test_labels_are_checked_on_load() -> None:
    good = ('{"file": "x.txt", "findings": [{"type": "sanction", "authority": "USA", "targets": ["JPN"], '
            '"measure": "trade_restrictions", "action": "imposed"}]}')
    assert parse_labels([good, ""])["x.txt"][0]["targets"] == ["JPN"]
    with pytest.raises(StructureError, match="labelled twice"):
        parse_labels([good, good])
    with pytest.raises(StructureError, match="'action'"):
        parse_labels([good.replace('"imposed"', '"maybe"')])
    with pytest.raises(StructureError, match="lacks 'recipient'"):
        parse_labels(['{"file": "y", "findings": [{"type": "arms_transfer", "supplier": "USA", '
                      '"stance": "asserted"}]}'])
    with pytest.raises(StructureError, match="not JSON"):
        parse_labels(["{nope"], origin="bad.jsonl")
