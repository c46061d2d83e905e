"""UN-violation extractor on sentences written for these tests: violator, resolutions, regime, stance."""

from __future__ import annotations

import pytest

from extractors import un_violations
from extractors.pipeline import extract_mentions
from extractors.records import Mention


def violations(text: str) -> list[Mention]:
    return [m for m in extract_mentions(text) if m.type == "un_violation"]


def violation(text: str) -> Mention:
    found = violations(text)
    assert len(found) == 1, f"expected one violation in {text!r}, got {found}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "violator", "resolutions", "regime"),
    [
        ("Iran violated resolution 2231 by test-firing ballistic missiles, the US envoy said.",
         "IRN", ["2231"], "Iran"),
        ("North Korea flouted UN Security Council resolutions 2270 and 2321 with its latest missile launch.",
         "PRK", ["2270", "2321"], "DPRK"),
        ("The Houthis received Iranian drones in breach of resolution 2216.", "YEM", ["2216"], "Yemen"),
        ("The UAE's deliveries of armoured vehicles to Libya breached the arms embargo imposed by "
         "resolution 1970.", "ARE", ["1970"], "Libya"),
        ("Armenia occupies the district in flagrant violation of Security Council resolutions 853 (1993) "
         "and 874 (1993).", "ARM", ["853", "874"], None),
    ],
)
def test_violator_resolutions_regime(
    text: str, violator: str, resolutions: list[str], regime: str | None
) -> None:
    m = violation(text)
    assert m.violator is not None and m.violator.country == violator
    assert m.resolutions == resolutions
    assert m.regime == regime
    assert m.stance == "asserted"


def test_regime_from_the_violator_when_no_number() -> None:
    m = violation("Exports of coal from North Korea are banned under UN sanctions.")
    assert m.violator is not None and m.violator.country == "PRK"
    assert (m.resolutions, m.regime) == ([], "DPRK")


def test_panel_of_experts_and_ship_to_ship_transfers() -> None:
    m = violation("A UN Panel of Experts report found that North Korea evaded sanctions through ship-to-ship "
                  "transfers of refined petroleum.")
    assert m.violator is not None and m.violator.country == "PRK"


def test_transfer_in_violation_names_the_sanctioned_state() -> None:
    m = violation("Russia has received artillery shells from North Korea in violation of UN Security Council "
                  "resolutions, Washington said.")
    assert m.violator is not None and m.violator.country == "PRK"
    assert m.regime == "DPRK"
    assert m.source is not None and m.source.country == "USA"


def test_denial() -> None:
    m = violation("Pyongyang denied that its satellite launch violated UN Security Council resolutions.")
    assert m.violator is not None and m.violator.country == "PRK"
    assert m.stance == "denied"


def test_pronoun_points_back_to_the_state() -> None:
    text = ("The regime of Kim Jong Un tested another missile on Sunday. "
            "Such tests violate Security Council resolution 2397, Japan said.")
    m = violation(text)
    assert m.violator is not None and m.violator.country == "PRK"
    assert m.resolutions == ["2397"]


def test_the_resolution_points_back_to_an_earlier_number() -> None:
    text = ("The Security Council adopted resolution 2375 in September. "
            "North Korea showed its disregard of the resolution by launching another missile.")
    m = violation(text)
    assert m.violator is not None and m.violator.country == "PRK"
    assert m.resolutions == ["2375"]


@pytest.mark.parametrize(
    "text",
    [
        "The council adopted resolution 2231 in 2015 to endorse the nuclear deal.",
        "Iran will face severe sanctions if it violates resolution 2231.",
        "The General Assembly resolution condemned the invasion, and Russia ignored it.",
        "Diplomats debated a draft resolution on Syria at the Security Council.",
        "Russia violated the ceasefire agreed in Minsk, Kyiv said.",
        "The striker breached the league's financial fair play rules.",
        "The Security Council will meet on Monday to discuss North Korea's missile launch.",
        "Washington accused Moscow of violating the INF treaty.",
        "Iran enriched uranium to 60 percent, in violation of the 2015 nuclear deal.",
    ],
)
def test_not_findings(text: str) -> None:
    assert violations(text) == []


def test_keyword_prefilter() -> None:
    assert un_violations.is_candidate("Iran defied the UN Security Council again.")
    assert not un_violations.is_candidate("Iran defied its neighbours again.")
    assert not un_violations.is_candidate("The Security Council met on Friday.")
    assert un_violations.VERSION == "un_violations/2"


def test_accused_of_flouting_names_the_regime_of_the_sanctioned_state() -> None:
    m = violation("China and Russia have been accused of flouting UN sanctions on North Korea.")
    assert m.violator is not None and m.violator.country == "CHN"
    assert m.regime == "DPRK"


def test_panel_accuses_a_group() -> None:
    m = violation("UN sanctions monitors accused the Rapid Support Forces of violating the Darfur arms "
                  "embargo.")
    assert m.violator is not None and m.violator.name == "Rapid Support Forces"


def test_put_in_breach_names_the_buyer() -> None:
    m = violation("Any purchase of North Korean weapons would put Russia, a permanent member of the Security "
                  "Council, in breach of resolutions it voted for.")
    assert m.violator is not None and m.violator.country == "RUS"


def test_violating_the_resolution_means_the_councils() -> None:
    m = violation("Armenia violated the resolution within hours, officials in Baku said.")
    assert m.violator is not None and m.violator.country == "ARM"


def test_rejecting_the_resolution_is_asserted_not_denied() -> None:
    m = violation("Eritrea rejected the resolution a day after the vote.")
    assert m.violator is not None and m.violator.country == "ERI"
    assert m.stance == "asserted"


def test_compelled_to_comply() -> None:
    m = violation("The Security Council has done nothing to compel Eritrea to comply with resolution 1907.")
    assert m.violator is not None and m.violator.country == "ERI"
    assert m.resolutions == ["1907"]


def test_the_resolutions_point_back_beyond_three_sentences() -> None:
    text = ("The Security Council adopted resolution 2397 in December. Ships were inspected in ports. "
            "Coal prices rose in the region. Traders waited for the spring. Fishermen stayed at home. "
            "North Korea has since flouted these resolutions by selling coal at sea.")
    m = violation(text)
    assert m.violator is not None and m.violator.country == "PRK"
    assert m.resolutions == ["2397"]


def test_a_firm_rejecting_a_shareholder_resolution_is_no_violation() -> None:
    assert not violations("Exxon Mobil asked its stockholders to reject the resolution at the meeting.")
