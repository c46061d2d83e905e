"""Party resolution: names, aliases, demonyms, capitals and bodies to ISO 3166-1 alpha-3 states."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors import gazetteer
from extractors.errors import StructureError
from extractors.nlp import load_nlp
from extractors.parties import DocMemory, find_parties, resolve_party


@pytest.mark.parametrize(
    ("surface", "code"),
    [
        ("the U.S.", "USA"),
        ("US", "USA"),
        ("America", "USA"),
        ("DPRK", "PRK"),
        ("North Korea", "PRK"),
        ("ROK", "KOR"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("North Korean", "PRK"),
        ("Iranian", "IRN"),
        ("Russian", "RUS"),
        ("Pyongyang", "PRK"),
        ("Moscow", "RUS"),
        ("Washington", "USA"),
        ("Tehran", "IRN"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Beijing", "CHN"),
        ("London", "GBR"),
        ("the Kremlin", "RUS"),
        ("the White House", "USA"),
        ("the Pentagon", "USA"),
        ("Downing Street", "GBR"),
        ("Soviet Union", "SUN"),
        ("Yugoslavia", "YUG"),
        ("Czechoslovakia", "CSK"),
        ("East Germany", "DDR"),
        ("Norther Korean", "PRK"),
    ],
)
def test_states(surface: str, code: str) -> None:
    party = resolve_party(surface)
    assert party is not None and party.country == code and party.kind == "state"


@pytest.mark.parametrize(
    ("surface", "name", "code", "kind"),
    [
        ("Wagner", "Wagner Group", "RUS", "group"),
        ("Hezbollah", "Hezbollah", "LBN", "group"),
        ("Houthi rebels", "Houthis", "YEM", "group"),
        ("Hamas", "Hamas", "PSE", "group"),
        ("Taliban", "Taliban", "AFG", "group"),
        ("ISIS", "Islamic State", None, "group"),
        ("al-Shabaab", "al-Shabaab", "SOM", "group"),
        ("KCNA", "Korean Central News Agency", "PRK", "media"),
        ("Lockheed Martin", "Lockheed Martin", "USA", "company"),
    ],
)
def test_groups_companies_media(surface: str, name: str, code: str | None, kind: str) -> None:
    assert resolve_party(surface) is not None
    party = resolve_party(surface)
    assert party is not None and (party.name, party.country, party.kind) == (name, code, kind)


def test_non_party_labels_and_unknown_names() -> None:
    assert resolve_party("last Tuesday", "DATE") is None
    assert resolve_party("Jane Roe", "PERSON") is not None
    unknown = resolve_party("Jane Roe", "PERSON")
    assert unknown is not None and unknown.country is None and unknown.kind == "person"


def _parties(text: str) -> dict[str, tuple[str | None, str]]:
    doc = load_nlp()(text)
    return {pm.party.name: (pm.party.country, pm.label) for pm in find_parties(doc[:], memory=DocMemory())}


def test_person_state_from_title_and_possessive() -> None:
    assert _parties("White House spokesperson John Kirby spoke.")["John Kirby"][0] == "USA"
    assert _parties("The UK's UN ambassador, Barbara Woodward, spoke.")["Barbara Woodward"][0] == "GBR"
    assert _parties("Russian President Vladimir Putin spoke.")["Vladimir Putin"][0] == "RUS"


def test_ministry_of_a_state() -> None:
    found = _parties("North Korea's foreign ministry issued a statement.")
    assert found["North Korea foreign ministry"][0] == "PRK"


def test_the_north_after_north_korea_named() -> None:
    memory = DocMemory()
    nlp = load_nlp()
    find_parties(nlp("North Korea fired a missile.")[:], memory=memory)
    later = find_parties(nlp("A statement was carried by the North's news agency.")[:], memory=memory)
    assert any(pm.text == "North" and pm.party.country == "PRK" for pm in later)


def test_offsets_point_into_the_article() -> None:
    doc = load_nlp()("Iran spoke.")
    pm = find_parties(doc[:], offset=100)[0]
    assert (pm.start, pm.end) == (100, 104)


def test_gazetteers_are_checked_on_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.jsonl").write_text(
        json.dumps({"name": "X", "aliases": "not a list", "kind": "group"}) + "\n"
    )
    (tmp_path / "cat.jsonl").write_text(
        json.dumps({"term": "tank", "category": "toys", "weak": False}) + "\n"
    )
    monkeypatch.setattr(gazetteer, "DIR", tmp_path)
    with pytest.raises(StructureError, match="aliases"):
        gazetteer.load_jsonl("bad.jsonl", {"name": str, "aliases": list, "kind": str})
    with pytest.raises(StructureError, match="missing"):
        gazetteer.data_path("absent.tsv")
    (tmp_path / "weapons.jsonl").write_text((tmp_path / "cat.jsonl").read_text())
    gazetteer.weapons.cache_clear()
    try:
        with pytest.raises(StructureError, match="category"):
            gazetteer.weapons()
    finally:
        gazetteer.weapons.cache_clear()


def test_every_weapon_category_is_used() -> None:
    assert {w.category for w in gazetteer.weapons()} == set(gazetteer.CATEGORIES)
    assert all(len(c.code) == 3 for c in gazetteer.countries())


def test_gazetteer_parties_without_the_model() -> None:
    from extractors.parties import gazetteer_parties

    found = gazetteer_parties(
        "The U.S. and the European Union sanctioned Wagner Group and firms in Pyongyang."
    )
    assert [(p.name, p.country) for p in found] == [
        ("United States", "USA"),
        ("European Union", None),
        ("Wagner Group", "RUS"),
        ("North Korea", "PRK"),
    ]
