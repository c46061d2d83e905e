"""The seed article (../shared/seeds) must yield its transfers, denials, sanctions and violation — and
nothing it does not say. The text is read from the shared folder (never copied into the repo)."""

from __future__ import annotations

from typing import Any

import pytest

from extractors.pipeline import extract_mentions


@pytest.fixture(scope="module")
def found(seed_text: str) -> list[dict[str, Any]]:
    return [m.to_json() for m in extract_mentions(seed_text)]


def _code(party: dict[str, Any] | None) -> str | None:
    return party["country"] if party else None


def _arms(
    found: list[dict[str, Any]], stance: str, supplier: str, recipients: set[str]
) -> list[dict[str, Any]]:
    """Transfers with that stance, supplier country and recipient (country code or party name)."""
    return [
        m
        for m in found
        if m["type"] == "arms_transfer"
        and m["stance"] == stance
        and _code(m["supplier"]) == supplier
        and m["recipient"]
        and ({m["recipient"]["name"], m["recipient"]["country"]} & recipients)
    ]


def test_us_and_kirby_assert_north_korean_rockets_for_wagner(found: list[dict[str, Any]]) -> None:
    hits = _arms(found, "asserted", "PRK", {"Wagner Group"})
    assert any(
        m["source"] and m["source"]["name"] == "John Kirby" and m["source"]["country"] == "USA" for m in hits
    )
    assert any(m["weapon_category"] == "missiles" and "infantry rockets" in m["weapons"] for m in hits)
    assert any(_code(m["source"]) == "USA" and m["source"]["kind"] == "state" for m in hits)  # the US report


def test_uk_asserts_weapons_from_north_korea(found: list[dict[str, Any]]) -> None:
    hits = _arms(found, "asserted", "PRK", {"Wagner Group", "RUS"})
    assert any(_code(m["source"]) == "GBR" for m in hits)


def test_denials_by_foreign_ministry_and_prigozhin(found: list[dict[str, Any]]) -> None:
    denied = _arms(found, "denied", "PRK", {"Wagner Group", "RUS"})
    assert any(
        _code(m["source"]) == "PRK"
        and m["recipient"]["name"] == "Wagner Group"
        and m["weapon_category"] == "missiles"
        for m in denied
    )
    assert any(
        m["source"] and "Prigozhin" in m["source"]["name"] and m["source"]["country"] == "RUS" for m in denied
    )


def test_artillery_shells_and_iranian_drones(found: list[dict[str, Any]]) -> None:
    shells = _arms(found, "asserted", "PRK", {"RUS"})
    assert any(m["weapon_category"] == "ammunition" and _code(m["source"]) == "USA" for m in shells)
    drones = _arms(found, "asserted", "IRN", {"RUS"})
    assert any(m["weapon_category"] == "drones" and _code(m["source"]) == "USA" for m in drones)


def test_north_korean_official_accuses_us_of_arming_ukraine(found: list[dict[str, Any]]) -> None:
    hits = _arms(found, "asserted", "USA", {"UKR"})
    assert [m["weapons"] for m in hits] == [["lethal weapons"]]
    assert hits[0]["source"]["country"] == "PRK" and hits[0]["weapon_category"] == "other"


def test_sanctions_and_violation(found: list[dict[str, Any]]) -> None:
    sanctions = [m for m in found if m["type"] == "sanction"]
    assert any(
        _code(m["authority"]) == "USA"
        and m["action"] == "imposed"
        and m["measure"] == "export_controls"
        and any(t["name"] == "Wagner Group" for t in m["targets"])
        for m in sanctions
    )
    assert any(
        _code(m["authority"]) == "USA"
        and m["action"] == "planned"
        and any(t["name"] == "Wagner Group" for t in m["targets"])
        for m in sanctions
    )
    assert any(m["type"] == "un_violation" and _code(m["violator"]) == "PRK" for m in found)


def test_nothing_the_article_does_not_say(found: list[dict[str, Any]], seed_text: str) -> None:
    arms = [m for m in found if m["type"] == "arms_transfer"]
    assert {_code(m["supplier"]) for m in arms} <= {"PRK", "IRN", "USA"}  # no Russia -> Wagner etc.
    assert all(_code(m["supplier"]) != _code(m["recipient"]) for m in arms)
    caption = seed_text.index("Visitors wearing military camouflage")
    caption_end = seed_text.index("Gossip and Speculation")
    assert not [m for m in found if caption <= m["start"] < caption_end]
    for m in found:
        assert seed_text[m["start"] : m["end"]] == m["sentence"]
    # an asserted transfer sourced to North Korea is only its accusation against the US
    assert all(
        _code(m["supplier"]) == "USA"
        for m in arms
        if m["stance"] == "asserted" and _code(m["source"]) == "PRK"
    )
