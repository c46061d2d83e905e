"""The learned extractor's data: sentence labels load and check, real sentences resolve against the
corpus by offset and sha, splits are by document and stable, and the scorer reads optional events,
unknown roles ("?") and planned liftings as LABELLING.md defines them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.errors import StructureError
from extractors.scoring import score
from extractors.training.sentences import file_text, load_dir, parse_record, sha12
from extractors.training.splits import split_of

REPO = Path(__file__).resolve().parents[1]
ARMS = {"type": "arms_transfer", "supplier": "IRN", "recipient": "Houthis", "weapon_category": "missiles",
        "stance": "asserted", "source": None}


def _line(**row: object) -> str:
    return json.dumps(row)


def test_written_record_is_checked() -> None:
    rec = parse_record(_line(id="t.1.1", doc="t.1", text="Tehran shipped missiles to the Houthis.",
                             findings=[ARMS]), "x:1", None)
    assert rec is not None and rec.origin == "written" and rec.findings[0]["supplier"] == "IRN"
    with pytest.raises(StructureError, match="x:2"):
        parse_record(_line(id="t.1.2", doc="t.1", text="x", findings=[{**ARMS, "stance": "maybe"}]), "x:2", None)
    with pytest.raises(StructureError, match="fit neither"):
        parse_record(_line(id="t.1.3", text="no doc", findings=[]), "x:3", None)


def test_real_record_resolves_by_offset_and_refuses_a_wrong_sha(corpus: Path) -> None:
    rel = "text/reuters21578/raw/reut2-000.sgm.gz"
    text = file_text(str(corpus / rel))
    start = text.index("<BODY>") + len("<BODY>")
    end = start + 80
    good = _line(id="r.t.1", doc=rel + "#1", file=rel, start=start, end=end, sha=sha12(text[start:end]),
                 findings=[])
    rec = parse_record(good, "x:1", corpus)
    assert rec is not None and rec.origin == "real" and rec.text == " ".join(text[start:end].split())
    bad = good.replace(sha12(text[start:end]), "000000000000")
    with pytest.raises(StructureError, match="does not match its sha"):
        parse_record(bad, "x:2", corpus)
    assert parse_record(good, "x:3", None) is None  # no corpus: real records are left out


def test_every_label_file_loads_with_both_sources_and_the_volume_promised(corpus: Path) -> None:
    sents = load_dir(REPO / "evaluation" / "sentences", corpus)
    written = [s for s in sents if s.origin == "written"]
    real = [s for s in sents if s.origin == "real"]
    assert len(written) >= 2000 and len(real) >= 800
    negatives = sum(1 for s in sents if not s.findings)
    assert 0.3 <= negatives / len(sents) <= 0.7
    by_doc = {}
    for s in sents:
        by_doc.setdefault(s.doc, set()).add(s.split)
    assert all(len(splits) == 1 for splits in by_doc.values())  # a document never straddles splits


def test_splits_are_stable_and_roughly_70_15_15() -> None:
    docs = [f"doc-{i}" for i in range(3000)]
    counts = {s: sum(1 for d in docs if split_of(d) == s) for s in ("train", "dev", "test")}
    assert split_of("w1.001") == split_of("w1.001")
    assert 0.66 < counts["train"] / 3000 < 0.74 and 0.12 < counts["test"] / 3000 < 0.18


def _pred(supplier: object, recipient: object, stance: str = "asserted") -> dict[str, object]:
    return {"type": "arms_transfer", "supplier": supplier, "recipient": recipient, "stance": stance}


def test_scoring_excuses_optional_events_and_reads_unknown_roles() -> None:
    iran = {"name": "Iran", "country": "IRN", "kind": "state"}
    houthis = {"name": "Houthis", "country": "YEM", "kind": "group"}
    labels = {"a": [{**ARMS}, {**ARMS, "supplier": "?", "recipient": "VEN", "stance": "planned"},
                    {**ARMS, "recipient": "SYR", "optional": True}]}
    ven = {"name": "Venezuela", "country": "VEN", "kind": "state"}
    syria = {"name": "Syria", "country": "SYR", "kind": "state"}
    preds = {"a": [_pred(iran, houthis), _pred(None, ven, "planned"), _pred(iran, syria)]}
    rows = {(r.type, r.level): r for r in score(preds, labels)}
    strict = rows[("arms_transfer", "roles+stance")]
    assert (strict.predicted, strict.correct, strict.labelled, strict.found) == (2, 2, 2, 2)
    guessed = {"a": [_pred(iran, ven, "planned")]}  # "?" is never matched by a guessed supplier
    assert {(r.type, r.level): r for r in score(guessed, labels)}[("arms_transfer", "roles")].correct == 0


def test_a_planned_lifting_accepts_planned_or_lifted() -> None:
    label = {"type": "sanction", "authority": "USA", "targets": ["VEN"], "action": "planned", "lifting": True}
    usa = {"name": "United States", "country": "USA", "kind": "state"}
    ven = {"name": "Venezuela", "country": "VEN", "kind": "state"}
    for action, found in (("lifted", 1), ("planned", 1), ("imposed", 0)):
        pred = {"type": "sanction", "authority": usa, "targets": [ven], "action": action}
        rows = {(r.type, r.level): r for r in score({"a": [pred]}, {"a": [label]})}
        assert rows[("sanction", "roles+stance")].found == found
