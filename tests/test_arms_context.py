"""Arms roles the sentence leaves to its article (extractors.arms_context), on sentences written here."""

from __future__ import annotations

from typing import Any

from extractors.pipeline import extract_mentions


def arms(text: str, title: str | None = None) -> list[dict[str, Any]]:
    return [m.to_json() for m in extract_mentions(text, title=title) if m.type == "arms_transfer"]


def pairs(found: list[dict[str, Any]]) -> set[tuple[str | None, str | None, str]]:
    return {(m["supplier"]["country"], m["recipient"]["country"], m["stance"]) for m in found}


def test_seller_named_earlier_in_the_sentence() -> None:
    text = "A report on President Reagan's handling of the secret arms sales to Iran came out today."
    assert pairs(arms(text)) == {("USA", "IRN", "asserted")}


def test_seller_named_in_a_previous_sentence() -> None:
    text = (
        "Prime Minister Margaret Thatcher faced hard questions in parliament on Tuesday.\n"
        "Critics said weapons sales to Saudi Arabia had grown every year since 2015."
    )
    assert pairs(arms(text)) == {("GBR", "SAU", "asserted")}


def test_an_unknown_subject_is_not_replaced_by_a_nearby_state() -> None:
    text = "Smugglers backed by Saudi donors are selling rifles to the Houthis, a Yemeni official said."
    assert arms(text) == []


def test_a_buyer_never_borrows_a_seller() -> None:
    assert arms("Germany warned that if Japan were to acquire nuclear weapons, others would follow.") == []


def test_the_group_is_the_group_the_article_is_about() -> None:
    text = (
        "Hezbollah held a rally in Beirut on Friday.\n"
        "The militia also fights ISIS, and Iran has supplied the group with rockets and drones."
    )
    found = arms(text)
    assert [(m["supplier"]["country"], m["recipient"]["name"]) for m in found] == [("IRN", "Hezbollah")]


def test_maker_of_the_arms_is_a_supplier_too() -> None:
    found = arms("Analysts traced an Israeli shipment of U.S. arms to Iran in 1985.")
    assert pairs(found) == {("ISR", "IRN", "asserted"), ("USA", "IRN", "asserted")}


def test_relative_clause_names_the_weapon_and_keeps_its_tense() -> None:
    found = arms("Manila now wants the same F-16 package the US sold to Taiwan, officials said.")
    assert pairs(found) == {("USA", "TWN", "asserted")}


def test_proceeds_of_a_sale_are_not_denied_with_the_speaker() -> None:
    text = "President Reagan denied he knew that profits from arms sales to Iran went to the rebels."
    assert pairs(arms(text)) == {("USA", "IRN", "asserted")}


def test_asking_to_stop_selling_asserts_the_selling() -> None:
    found = arms("Tehran urged Paris to stop selling Mirage jets to Iraq during the war.")
    assert pairs(found) == {("FRA", "IRQ", "asserted")}


def test_cutting_supplies_is_not_a_transfer() -> None:
    assert arms("The envoy said the best way to cut weapons supplies to South Sudan was an audit.") == []


def test_participle_without_auxiliary_takes_its_agent() -> None:
    text = "Militias now field modern rifles, many of them supplied by the Russians to the Malian army."
    found = arms(text)
    assert pairs(found) == {("RUS", "MLI", "asserted")}


def test_transfer_noun_under_with_arms_the_verbs_object() -> None:
    found = arms("Analysts say Tehran has flooded the Houthis with weapons shipments since 2015.")
    assert [(m["supplier"]["country"], m["recipient"]["name"]) for m in found] == [("IRN", "Houthis")]


def test_relative_pronoun_under_a_reporting_verb() -> None:
    found = arms("The strikes hit the Houthis, whom Iran is said to have supplied with drones.")
    assert [(m["supplier"]["country"], m["recipient"]["name"]) for m in found] == [("IRN", "Houthis")]


def test_soldiers_of_a_state_are_that_state() -> None:
    found = arms("Officials say Syrian soldiers sold rifles to ISIS fighters last year.")
    assert [(m["supplier"]["country"], m["recipient"]["name"]) for m in found] == [("SYR", "Islamic State")]


def test_stationing_foreign_made_missiles_counts_as_their_transfer() -> None:
    text = "Officials played down Iran's recent stationing of Chinese-made anti-ship missiles near the Gulf."
    found = arms(text)
    assert pairs(found) == {("CHN", "IRN", "asserted")}


def test_a_modal_use_is_no_planned_transfer() -> None:
    found = arms("Iran said it would fire its Chinese-made missiles at tankers if attacked.")
    assert pairs(found) == {("CHN", "IRN", "asserted")}


def test_illegal_high_technology_exports_in_a_military_story() -> None:
    text = "Police arrested two Kongsberg employees for illegally exporting high-tech equipment to Iran."
    assert arms(text) == []  # no military word around: could be any trade
    text = "The navy was alarmed. " + text
    assert pairs(arms(text)) == {("NOR", "IRN", "asserted")}


def test_no_more_transfers_is_a_denial() -> None:
    found = arms('The minister said there would be "no more deliveries of British rifles to Chile."')
    assert {m["stance"] for m in found} == {"denied"}


def test_the_country_is_the_state_the_article_is_about() -> None:
    text = "Venezuela faces a deep crisis.\nRussia has sold dozens of fighter jets to the country since 2006."
    assert pairs(arms(text)) == {("RUS", "VEN", "asserted")}


def test_seller_named_in_a_shouted_title() -> None:
    text = "Officials said secret weapons sales to Iran continued until 1986."
    found = arms(text, title="REAGAN DEFENDS IRAN POLICY")
    assert pairs(found) == {("USA", "IRN", "asserted")}


def test_a_system_name_that_is_a_first_name() -> None:
    assert arms("More gold for Britain as Bradley Wiggins has given Britain a second cycling medal.") == []
    assert pairs(arms("Washington shipped more Bradleys to Kyiv.")) == {("USA", "UKR", "asserted")}
