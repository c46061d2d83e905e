"""Mention identity: re-running is an upsert, and two findings of one sentence stay two rows."""

from __future__ import annotations

from extractors.records import Mention, Party

NK, WAGNER = Party("North Korea", "PRK", "state"), Party("Wagner Group", "RUS", "group")


def _transfer(stance: str, version: str = "arms/1") -> Mention:
    return Mention(type="arms_transfer", sentence="s", start=10, end=90, confidence=0.8,
                   extractor_version=version, stance=stance, supplier=NK, recipient=WAGNER,
                   weapon_category="missiles")


def test_same_finding_same_id_and_claim_and_denial_differ() -> None:
    assert _transfer("asserted").mention_id("a1") == _transfer("asserted").mention_id("a1")
    assert _transfer("asserted").mention_id("a1") != _transfer("denied").mention_id("a1")
    assert _transfer("asserted").mention_id("a1") != _transfer("asserted").mention_id("a2")
    assert _transfer("asserted").mention_id("a1") != _transfer("asserted", "arms/2").mention_id("a1")


def test_contract_json_keeps_only_the_fields_of_its_type() -> None:
    d = _transfer("denied").to_json()
    assert d["supplier"] == {"name": "North Korea", "country": "PRK", "kind": "state"}
    assert "targets" not in d and "resolutions" not in d and d["stance"] == "denied"
    s = Mention(type="sanction", sentence="s", start=0, end=1, confidence=0.5,
                extractor_version="sanctions/1",
                authority=Party("United States", "USA", "state"), targets=[WAGNER], measure="export_controls",
                action="imposed").to_json()
    assert set(s) >= {"authority", "targets", "measure", "action", "programme"} and "stance" not in s
