"""The sanctions gazetteers load, are checked on load, and answer look-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import sanctions_data
from extractors.errors import StructureError
from extractors.sanctions_data import (
    find_authorities,
    find_measures,
    find_programme,
    regime_for_resolutions,
    regime_for_state,
    state_of_regime,
)


def test_all_gazetteers_load() -> None:
    assert sanctions_data.check_all() > 100


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("OFAC said", "Office of Foreign Assets Control", "USA"),
        ("the Treasury Department said", "US Treasury", "USA"),
        ("the State Department said", "US State Department", "USA"),
        ("the Commerce Department said", "US Commerce Department", "USA"),
        ("the BIS said", "Bureau of Industry and Security", "USA"),
        ("HM Treasury said", "HM Treasury", "GBR"),
        ("OFSI said", "Office of Financial Sanctions Implementation", "GBR"),
        ("the FCDO said", "Foreign Office", "GBR"),
        ("the EU Council said", "European Union", None),
        ("the european union said", "European Union", None),
        ("the UN Security Council said", "UN Security Council", None),
        ("the 1718 Committee said", "UN Security Council", None),
        ("SECO said", "State Secretariat for Economic Affairs", "CHE"),
        ("Global Affairs Canada said", "Global Affairs Canada", "CAN"),
    ],
)
def test_authorities(text: str, name: str, country: str | None) -> None:
    found = find_authorities(text)
    assert found and found[0].party is not None
    assert (found[0].party.name, found[0].party.country) == (name, country)


def test_longest_authority_wins() -> None:
    found = find_authorities("HM Treasury and the Treasury Department")
    assert [f.value for f in found] == ["HM Treasury", "US Treasury"]


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("it will freeze the assets of", "asset_freeze"),
        ("new curbs on technology exports to", "export_controls"),
        ("added to the Entity List", "export_controls"),
        ("an arms embargo", "arms_embargo"),
        ("a visa ban", "travel_ban"),
        ("an entry ban", "travel_ban"),
        ("it blacklisted", "designation"),
        ("the SDN list", "designation"),
        ("an import ban", "trade_restrictions"),
        ("a price cap", "trade_restrictions"),
        ("an oil embargo", "trade_restrictions"),
    ],
)
def test_measures(text: str, measure: str) -> None:
    assert measure in {f.value for f in find_measures(text)}


@pytest.mark.parametrize(
    ("text", "programme"),
    [
        ("under the Global Magnitsky Act", "Global Magnitsky"),
        ("Russia-related sanctions", "Russia-related"),
        ("pursuant to E.O. 14024", "EO 14024"),
        ("Executive Order 13224", "EO 13224"),
        ("under the Countering America's Adversaries Through Sanctions Act", "CAATSA"),
        ("the EU's 11th sanctions package", "EU sanctions package 11"),
        ("the fourteenth package", "EU sanctions package 14"),
        ("no programme here", None),
    ],
)
def test_programmes(text: str, programme: str | None) -> None:
    assert find_programme(text) == programme


@pytest.mark.parametrize(
    ("numbers", "regime"),
    [
        (["1718"], "DPRK"), (["2397"], "DPRK"), (["2231"], "Iran"), (["1970"], "Libya"), (["2292"], "Libya"),
        (["2216"], "Yemen"), (["2140"], "Yemen"), (["1267"], "ISIL/Al-Qaida"), (["2253"], "ISIL/Al-Qaida"),
        (["1701"], "Lebanon"), (["1591"], "Sudan"), (["1533"], "DRC"), (["2127"], "CAR"), (["2745"], "CAR"),
        (["9999", "2375"], "DPRK"), (["242"], None), ([], None),
    ],
)
def test_regimes_by_resolution(numbers: list[str], regime: str | None) -> None:
    assert regime_for_resolutions(numbers) == regime


def test_regimes_by_state() -> None:
    assert regime_for_state("PRK") == "DPRK"
    assert regime_for_state("IRN") == "Iran"
    assert regime_for_state("FRA") is None
    assert regime_for_state(None) is None
    assert state_of_regime("DPRK") == "PRK"
    assert state_of_regime("ISIL/Al-Qaida") is None


def test_a_bad_row_stops_the_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("authorities.jsonl", "measures.jsonl", "programmes.jsonl", "regimes.jsonl",
                 "sanction_cues.jsonl", "violation_cues.jsonl"):
        (tmp_path / name).write_text((sanctions_data.GAZETTEERS / name).read_text(encoding="utf-8"))
    bad = '{"name": "Ministry", "country": "usa", "kind": "organisation", "aliases": ["Ministry"]}\n'
    (tmp_path / "authorities.jsonl").write_text(bad)
    monkeypatch.setattr(sanctions_data, "GAZETTEERS", tmp_path)
    sanctions_data._authorities.cache_clear()
    try:
        with pytest.raises(StructureError, match="ISO3"):
            find_authorities("the Ministry said")
        (tmp_path / "regimes.jsonl").write_text(
            '{"regime": "A", "resolutions": ["1718"]}\n{"regime": "B", "resolutions": ["1718"]}\n')
        sanctions_data._regimes.cache_clear()
        with pytest.raises(StructureError, match="already belongs"):
            regime_for_resolutions(["1718"])
        (tmp_path / "measures.jsonl").write_text('{"measure": "naming_and_shaming", "patterns": ["x"]}\n')
        sanctions_data._measures.cache_clear()
        with pytest.raises(StructureError, match="unknown measure"):
            find_measures("x")
    finally:
        monkeypatch.undo()
        for loader in (sanctions_data._authorities, sanctions_data._regimes, sanctions_data._measures):
            loader.cache_clear()
