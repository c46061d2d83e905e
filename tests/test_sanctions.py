"""Sanctions extractor on sentences written for these tests: one cue at a time."""

from __future__ import annotations

import pytest

from extractors import sanctions
from extractors.pipeline import extract_mentions
from extractors.records import Mention


def sanction(text: str) -> Mention:
    found = [m for m in extract_mentions(text) if m.type == "sanction"]
    assert len(found) == 1, f"expected one sanction in {text!r}, got {found}"
    return found[0]


def nothing(text: str) -> bool:
    return not [m for m in extract_mentions(text) if m.type == "sanction"]


def names(m: Mention) -> list[str]:
    return [t.name for t in m.targets]


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("OFAC blacklisted two Syrian exchange houses.", "Office of Foreign Assets Control", "USA"),
        ("The Commerce Department put a Chinese drone maker on the Entity List.", "US Commerce Department",
         "USA"),
        ("The Bureau of Industry and Security tightened export controls on Iran.",
         "Bureau of Industry and Security", "USA"),
        ("HM Treasury froze the assets of a Russian banker.", "HM Treasury", "GBR"),
        ("OFSI imposed an asset freeze on three Syrian ministers.",
         "Office of Financial Sanctions Implementation", "GBR"),
        ("The EU imposed sanctions on Belarus.", "European Union", None),
        ("The UN Security Council imposed an arms embargo on South Sudan.", "UN Security Council", None),
        ("Canada imposed sanctions on Myanmar's military rulers.", "Canada", "CAN"),
        ("Switzerland froze the assets of two Libyan officials.", "Switzerland", "CHE"),
        ("Japan announced export controls on South Korea.", "Japan", "JPN"),
    ],
)
def test_authorities_and_their_states(text: str, name: str, country: str | None) -> None:
    m = sanction(text)
    assert m.authority is not None
    assert (m.authority.name, m.authority.country) == (name, country)


def test_several_targets_in_one_sentence() -> None:
    m = sanction("Canada imposed sanctions on 14 Russian individuals and the Wagner Group.")
    assert names(m) == ["Russia", "Wagner Group"]
    m = sanction("The Commerce Department added Huawei and SMIC to the Entity List.")
    assert names(m) == ["Huawei", "SMIC"]
    m = sanction("Russia banned imports of food from the European Union and Norway.")
    assert names(m) == ["European Union", "Norway"]


def test_company_is_resolved_to_the_last_named_group() -> None:
    text = ("The Treasury imposed sanctions on the Wagner Group on Monday. "
            "Further measures against the company are being prepared, officials said.")
    found = [m for m in extract_mentions(text) if m.type == "sanction"]
    assert [names(m) for m in found] == [["Wagner Group"], ["Wagner Group"]]
    assert found[1].action == "planned"


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("HM Treasury froze the assets of a Russian banker.", "asset_freeze"),
        ("The US announced new export controls on advanced chips to China.", "export_controls"),
        ("The Commerce Department added Huawei and SMIC to the Entity List.", "export_controls"),
        ("The UN Security Council imposed an arms embargo on South Sudan.", "arms_embargo"),
        ("Britain's Foreign Office announced travel bans on two Belarusian officials.", "travel_ban"),
        ("The State Department imposed visa bans on 20 Saudi officials.", "travel_ban"),
        ("OFAC blacklisted two Syrian exchange houses on Tuesday.", "designation"),
        ("The Treasury sanctioned the Wagner Group.", "designation"),
        ("Russia banned imports of food from the European Union and Norway.", "trade_restrictions"),
        ("The EU agreed a price cap on Russian oil.", "trade_restrictions"),
        ("New Zealand imposed sanctions on Fiji after the coup.", "other"),
    ],
)
def test_measures(text: str, measure: str) -> None:
    assert sanction(text).measure == measure


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("The EU imposed sanctions on Belarus.", "imposed"),
        ("The United States will impose sanctions on Venezuela next week.", "planned"),
        ("The EU is preparing new sanctions against Belarus.", "planned"),
        ("Washington is considering sanctions on Turkey.", "planned"),
        ("The European Commission proposed an embargo on Russian oil.", "planned"),
        ("Washington lifted sanctions on Sudan on Friday.", "lifted"),
        ("Brussels eased restrictions on Syrian banks.", "lifted"),
        ("The US Treasury unfroze $6 billion in Iranian funds held in South Korea.", "lifted"),
        ("The Treasury removed three Venezuelan officials from the SDN list.", "lifted"),
        ("There is no reason to lift the European Union's sanctions against Russia, Merkel said.", "imposed"),
        ("The president told reporters Washington might ease its trade sanctions on Japan within weeks.",
         "imposed"),
    ],
)
def test_actions(text: str, action: str) -> None:
    assert sanction(text).action == action


@pytest.mark.parametrize(
    ("text", "programme"),
    [
        ("The State Department imposed visa bans on 20 Saudi officials under the Global Magnitsky Act.",
         "Global Magnitsky"),
        ("The United States sanctioned three Russian banks under Executive Order 14024.", "EO 14024"),
        ("The European Union adopted its 11th sanctions package against Russia.", "EU sanctions package 11"),
        ("The US imposed sanctions on Turkey under the Countering America's Adversaries Through "
         "Sanctions Act.", "CAATSA"),
    ],
)
def test_programmes(text: str, programme: str) -> None:
    assert sanction(text).programme == programme


@pytest.mark.parametrize(
    "text",
    [
        "The club was sanctioned by the league for fielding an ineligible player.",
        "UEFA imposed sanctions on the Russian football federation.",
        "The Pope sanctioned the marriage of the two princes.",
        "The council did not sanction the sale of the land to the developer.",
        "Lawmakers debated whether to impose sanctions on Iran.",
        "Senators urged the White House to sanction Chinese officials over Xinjiang.",
        "The two countries discussed a treaty banning nuclear tests.",
        "If Iran enriches uranium further, the EU will impose sanctions.",
        "Sanctions have hurt the Russian economy, analysts say.",
        "The British minister warned Tokyo of sanctions against Japanese firms.",
        "The US and Britain vetoed a resolution that would have imposed sanctions on South Africa.",
        "EU leaders failed to agree on a new round of sanctions against Russia.",
        "Lawmakers want to impose new sanctions on China over Hong Kong.",
        "China's foreign ministry condemned the US sanctions as illegal.",
        "The government sanctioned the use of force against protesters.",
        "The city council approved new parking restrictions on Main Street.",
        "Trump threatened to impose tariffs on Mexico unless it stopped migrants.",
    ],
)
def test_not_findings(text: str) -> None:
    assert nothing(text)


def test_keyword_prefilter() -> None:
    assert sanctions.is_candidate("The EU imposed an asset freeze.")
    assert sanctions.is_candidate("OFAC added two firms to the SDN list.")
    assert not sanctions.is_candidate("The minister visited Paris on Tuesday.")


def test_source_and_confidence() -> None:
    m = sanction("The EU will impose sanctions on Belarus, the bloc's foreign policy chief Josep Borrell "
                 "said.")
    assert m.source is not None and "Borrell" in m.source.name
    explicit = sanction("HM Treasury froze the assets of a Russian banker.")
    assert 0.0 < m.confidence <= explicit.confidence <= 1.0
    assert explicit.extractor_version == sanctions.VERSION == "sanctions/2"


def test_vessels_are_targets() -> None:
    m = sanction("OFAC sanctioned the tanker Ocean Voyager and its Marshall Islands-registered owner "
                 "for shipping Iranian oil.")
    assert [(t.name, t.kind) for t in m.targets] == [("Ocean Voyager", "vessel")]  # not Iran: a reason


def test_state_in_a_title_only_qualifies_the_target() -> None:
    assert names(sanction("Beijing sanctioned former US Secretary of State Mike Pompeo.")) == ["Mike Pompeo"]


def test_people_of_a_state_are_designations() -> None:
    m = sanction("The US Treasury on Friday sanctioned five North Korean officials.")
    assert names(m) == ["North Korea"] and m.measure == "designation"


@pytest.mark.parametrize(
    ("text", "authority", "targets", "measure"),
    [
        ("Russia retaliated by banning 500 Americans from entering the country.", "RUS", ["USA"],
         "travel_ban"),
        ("President Joe Biden signed an executive order banning imports of Russian oil and coal.", "USA",
         ["RUS"], "trade_restrictions"),
        ("The Bureau of Industry and Security imposed new licence requirements on exports to Russia.", "USA",
         ["RUS"], "export_controls"),
        ("Swiss authorities have frozen about 7.5 billion Swiss francs in Russian assets.", "CHE", ["RUS"],
         "asset_freeze"),
    ],
)
def test_more_phrasings(text: str, authority: str, targets: list[str], measure: str) -> None:
    m = sanction(text)
    assert m.authority is not None and m.authority.country == authority
    assert [t.country for t in m.targets] == targets
    assert m.measure == measure


def test_speaker_state_owns_a_pronoun_sanction() -> None:
    m = sanction("Ottawa said it would lift its sanctions on Sudan next month.")
    assert m.authority is not None and m.authority.country == "CAN"
    assert (names(m), m.action) == (["Sudan"], "lifted")


def test_a_lifting_without_target_phrase_is_about_the_other_state() -> None:
    m = sanction("The American government plans to reverse its position on Sudan and lift trade sanctions.")
    assert m.authority is not None and m.authority.country == "USA"
    assert (names(m), m.action) == (["Sudan"], "lifted")


def test_council_resolutions_impose_un_sanctions() -> None:
    text = ("The Security Council met again on Iran. "
            "The resolutions imposing sanctions against Iran were unjust, the minister said.")
    found = [m for m in extract_mentions(text) if m.type == "sanction"]
    assert len(found) == 1
    assert found[0].authority is not None and found[0].authority.name == "UN Security Council"
    assert names(found[0]) == ["Iran"]


def test_people_around_sanctions_are_no_measure() -> None:
    assert nothing("United Nations sanctions monitors said the missile that hit Kharkiv came from "
                   "North Korea.")
