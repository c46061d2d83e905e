"""Arms-transfer roles, weapons, quantity and stance on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from extractors.pipeline import extract_mentions


def arms(text: str) -> list[dict[str, Any]]:
    return [m.to_json() for m in extract_mentions(text) if m.type == "arms_transfer"]


def one(text: str) -> dict[str, Any]:
    found = arms(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "supplier", "recipient", "category"),
    [
        ("Russia delivered 12 Su-35 fighter jets to Iran last year.", "RUS", "IRN", "aircraft"),
        ("Fifty Leopard tanks were sold to Ukraine by Germany.", "DEU", "UKR", "armoured_vehicles"),
        ("Armenia received artillery shells from India in March.", "IND", "ARM", "ammunition"),
        ("France's deliveries of Caesar howitzers to Ukraine continued.", "FRA", "UKR", "artillery"),
        ("Tehran supplied the Houthis with drones and ballistic missiles.", "IRN", "YEM", "drones"),
        ("Iranian-made Shahed drones used by Russia struck Kyiv overnight.", "IRN", "RUS", "drones"),
        ("Ukraine has received HIMARS rocket systems from the US.", "USA", "UKR", "artillery"),
        ("Britain approved export licences for Hawk jets to Indonesia.", "GBR", "IDN", "aircraft"),
        ("Toshiba illegally exported submarine technology to the Soviet Union.", "JPN", "SUN", "ships"),
    ],
)
def test_roles_and_category(text: str, supplier: str, recipient: str, category: str) -> None:
    m = one(text)
    assert (m["supplier"]["country"], m["recipient"]["country"]) == (supplier, recipient)
    assert m["weapon_category"] == category
    assert m["extractor_version"].startswith("arms/")


def test_group_recipient_keeps_its_name_and_state() -> None:
    m = one("Tehran supplied the Houthis with drones and ballistic missiles.")
    assert m["recipient"] == {"name": "Houthis", "country": "YEM", "kind": "group"}
    assert m["supplier"] == {"name": "Iran", "country": "IRN", "kind": "state"}  # capital -> state
    assert m["weapons"] == ["drones", "ballistic missiles"]


def test_quantity_number_and_vague() -> None:
    assert one("Russia delivered 12 Su-35 fighter jets to Iran last year.")["quantity"] == 12
    assert one("Poland sent a significant number of tanks to Ukraine.")["quantity"] is None


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Germany plans to deliver IRIS-T air defence systems to Ukraine.", "planned"),
        ("The United States agreed to sell 40 F-16 fighter jets to Turkey.", "planned"),
        ("Poland will send 14 Leopard tanks to Ukraine.", "planned"),
        ("More howitzers are expected to be delivered to Ukraine by France.", "planned"),
        ("Iran denied supplying drones to Russia.", "denied"),
        ("Iran has never sent any weapons to Russia, the ministry said.", "denied"),
        ("Belarus has not been supplying any ammunition to Russia.", "denied"),
        ("Russia shipped rockets to Syria in May.", "asserted"),
    ],
)
def test_stance(text: str, stance: str) -> None:
    assert one(text)["stance"] == stance


def test_claim_and_its_denial_are_two_findings() -> None:
    found = arms("Egypt's foreign ministry rejected an Israeli report that Egypt had sold rockets to Russia.")
    by_stance = {m["stance"]: m for m in found}
    assert set(by_stance) == {"asserted", "denied"}
    assert by_stance["denied"]["source"]["country"] == "EGY"
    assert by_stance["asserted"]["source"]["country"] == "ISR"


def test_transaction_between_two_states_denied() -> None:
    m = one("There has never been an arms transaction between Belarus and Iran which has ever happened.")
    assert (m["supplier"]["country"], m["recipient"]["country"]) == ("BLR", "IRN")


def test_arms_transaction_that_never_happened_is_denied() -> None:
    m = one("He spoke of the arms transaction between Serbia and Libya, which never happened.")
    assert m["stance"] == "denied"


def test_confidence_higher_with_explicit_roles_and_specific_weapon() -> None:
    strong = one("Russia delivered 12 Su-35 fighter jets to Iran, the ministry said.")
    weak = one("Iranian-made weapons used by Russia struck Kyiv.")
    assert strong["confidence"] > weak["confidence"]


@pytest.mark.parametrize(
    "text",
    [
        "Russia and the United States resumed arms control talks in Geneva.",
        "The Indian army bought 200 rifles from a domestic manufacturer.",
        "In the game, players can buy rockets and tanks from other players.",
        "Lawmakers debated whether arms sales to Saudi Arabia should be restricted.",
        "The Pentagon bought missiles from Lockheed Martin.",
        "The EU banned exports of drone engines to Iran.",
        "Washington unveiled new curbs on technology exports to the Wagner Group.",
        "The export of North Korean weapons is banned under UN resolutions.",
        "Boeing sold 30 passenger aircraft to China Eastern.",
        "Home | World | Sport | Weapons | Deliveries | Contact us",
    ],
)
def test_not_a_transfer(text: str) -> None:
    assert arms(text) == []


@pytest.mark.parametrize(
    ("text", "supplier", "recipient", "stance"),
    [
        ("Eritrea is arming al-Shabaab fighters in Somalia, Ethiopia said.", "ERI", "SOM", "asserted"),
        ("The US accused Iran of supplying drones to Russia.", "IRN", "RUS", "asserted"),
        ("We condemn Belarus for providing Russia with artillery shells.", "BLR", "RUS", "asserted"),
        ("Washington approved the sale of 40 F-16 jets to Turkey on Friday.", "USA", "TUR", "planned"),
        ("Poland signed contracts to buy 180 K2 tanks from South Korea.", "KOR", "POL", "planned"),
        (
            "Pyongyang's spokesman said the country had never had arms dealings with Moscow.",
            "PRK",
            "RUS",
            "denied",
        ),
    ],
)
def test_control_arming_and_definite_states(text: str, supplier: str, recipient: str, stance: str) -> None:
    m = one(text)
    assert (m["supplier"]["country"], m["recipient"]["country"], m["stance"]) == (supplier, recipient, stance)


def test_prefilter_reads_hyphenated_and_phrase_terms() -> None:
    from extractors.arms import is_candidate

    assert is_candidate("The US shipped weapons-related equipment to Iran.")
    assert is_candidate("Germany delivered an air defence system to Kyiv.")
    assert not is_candidate("The new system was delivered to the office on Monday.")


def test_arms_as_a_verb_is_not_a_weapon() -> None:
    m = one("Iran has long rejected claims that it arms the Houthis.")
    assert (m["supplier"]["country"], m["recipient"]["name"], m["stance"]) == ("IRN", "Houthis", "denied")
    assert m["weapons"] == [] and m["weapon_category"] == "other"


def test_unnamed_rebels_in_a_state_and_alliances() -> None:
    m = one("NATO delivered heavy weapons to the rebels in Libya.")
    assert m["supplier"]["name"] == "NATO" and m["recipient"] == {
        "name": "Libya rebels",
        "country": "LBY",
        "kind": "group",
    }
    assert one("China sold no weapons to Russia, the ministry said.")["stance"] == "denied"


def test_design_origin_names_the_supplier_when_the_text_does_not() -> None:
    m = one("Iran had acquired the Silkworm missiles, officials said.")
    assert (m["supplier"]["country"], m["recipient"]["country"]) == ("CHN", "IRN")
    stated = one("Ukraine received Leopard tanks from Poland.")
    assert stated["supplier"]["country"] == "POL"  # a stated supplier wins over the design origin
    assert stated["confidence"] > m["confidence"]


def test_refusals_and_prevention() -> None:
    assert one("Germany refused to deliver Taurus missiles to Ukraine.")["stance"] == "denied"
    assert arms("The outpost helps stop arms smuggling across the Iraq-Syria border, officers said.") == []
