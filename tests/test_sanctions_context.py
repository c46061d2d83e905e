"""Sanctions roles read beyond one clause: coordinated authorities, 'the government', relative clauses,
targets from the UN regime in context, measures without sanction words. Sentences written for these tests."""

from __future__ import annotations

from extractors import sanctions
from extractors.pipeline import extract_mentions
from extractors.records import Mention


def found(text: str) -> list[Mention]:
    return [m for m in extract_mentions(text) if m.type == "sanction"]


def one(text: str) -> Mention:
    got = found(text)
    assert len(got) == 1, f"expected one sanction in {text!r}, got {got}"
    return got[0]


def test_each_coordinated_authority_is_its_own_finding() -> None:
    text = "Japan and Australia slapped sanctions on three Iranian shipping firms on Friday."
    got = found(text)
    assert [m.authority.country for m in got if m.authority] == ["JPN", "AUS"]
    assert len({m.mention_id("a1") for m in got}) == 2  # distinct spans, so no collision
    for m in got:
        assert text[m.start : m.end] == m.sentence
        assert [t.country for t in m.targets] == ["IRN"]
        assert m.extractor_version == sanctions.VERSION


def test_three_authorities_in_a_list() -> None:
    got = found("Canada, Britain and the European Union imposed sanctions on Belarus.")
    assert {m.authority.name for m in got if m.authority} == {"Canada", "United Kingdom", "European Union"}


def test_the_government_is_the_state_the_story_is_about() -> None:
    text = ("Japan's trade ministry opened an inquiry in Tokyo. Japanese police questioned two managers. "
            "The government has barred Toshiba Machine from exporting to Soviet bloc countries for a year.")
    m = one(text)
    assert m.authority is not None and m.authority.country == "JPN"
    assert [t.name for t in m.targets] == ["Toshiba Machine"]
    assert m.measure == "export_controls"


def test_a_state_may_bar_its_own_firm_from_trading() -> None:
    m = one("The Japanese government prohibited Toshiba Machine from doing any business with Moscow.")
    assert m.authority is not None and m.authority.country == "JPN"
    assert "Toshiba Machine" in [t.name for t in m.targets]
    assert m.measure == "trade_restrictions"


def test_which_is_under_sanctions() -> None:
    m = one("The bridge was built by Rosneft, which is already under U.S. sanctions, and two smaller firms.")
    assert m.authority is not None and m.authority.country == "USA"
    assert [t.name for t in m.targets] == ["Rosneft"]


def test_for_someone_to_impose() -> None:
    m = one("It took only a month for President Obama to impose sanctions against Venezuela last year.")
    assert m.authority is not None and m.authority.country == "USA"
    assert [t.country for t in m.targets] == ["VEN"]


def test_un_sanctions_target_the_regime_state_named_before() -> None:
    m = one("North Korea tested another ballistic missile on Sunday. "
            "The new UN sanctions were adopted unanimously two days later.")
    assert m.authority is not None and m.authority.name == "UN Security Council"
    assert [t.country for t in m.targets] == ["PRK"]


def test_stopping_contracts_is_a_measure() -> None:
    m = one("The Pentagon has stopped awarding new contracts to Huawei over the espionage case.")
    assert m.authority is not None and m.authority.country == "USA"
    assert [t.name for t in m.targets] == ["Huawei"]
    assert m.measure == "other"


def test_long_state_name_with_a_curly_apostrophe() -> None:
    m = one("Canada imposed sanctions on the Democratic People’s Republic of Korea in 2017.")
    assert [t.country for t in m.targets] == ["PRK"]


def test_not_findings() -> None:
    assert not found("Students marched for the boycott, divestment and sanctions movement against Israel.")
    assert not found("Clinton led efforts to enact tougher sanctions on Tehran as secretary of state.")
    assert not any(m.authority and m.authority.country == "ERI"
                   for m in found("Despite the sanctions, Eritrea is still arming militias in Somalia."))
    assert not found("Iran bought rifles abroad. The firm sold guns to countries Sweden had blacklisted.")


def test_removing_something_else_is_no_lifting() -> None:
    m = one("Washington agreed to remove one paragraph from the new Security Council sanctions on Iran.")
    assert m.authority is not None and m.authority.name == "UN Security Council"
    assert m.action == "imposed"


def test_reducing_sanctions_is_a_lifting() -> None:
    m = one("The European Union agreed to reduce its sanctions on Iran after the nuclear deal.")
    assert m.action == "lifted"


def test_parties_of_a_phrase_are_not_coordinated_authorities() -> None:
    got = found("Talks between Reagan and Nakasone follow the imposition by the United States of "
                "punitive tariffs on Japanese goods.")
    assert [m.authority.country for m in got if m.authority] == ["USA"]


def test_more_not_findings() -> None:
    assert not found("North Korea tested a rocket. India still owes Tehran money for oil bought during the "
                     "sanctions years.")
    assert not found("Libya expelled two diplomats. Israel said the pact fits the General Agreement on "
                     "Tariffs and Trade.")
    assert not found("Iran cut oil output. Miners in Malaysia welcomed the producers' export curb.")


def test_a_treaty_name_is_no_measure() -> None:
    assert not found("Israel said its pact with Canada fits the General Agreement on Tariffs and Trade.")


def test_a_resolution_number_makes_the_council_the_topic() -> None:
    m = one("Resolution 2231 was adopted in July. It is the basis for terminating sanctions and no longer "
            "passing resolutions hostile to Iran.")
    assert m.authority is not None and m.authority.name == "UN Security Council"
    assert [t.country for t in m.targets] == ["IRN"]
    assert m.action == "lifted"


def test_measures_to_block_transfers() -> None:
    m = one("Norway introduced measures to block the transfer of funds to the Democratic People’s Republic "
            "of Korea last month.")
    assert m.authority is not None and m.authority.country == "NOR"
    assert [t.country for t in m.targets] == ["PRK"]
    assert not found("The central bank introduced measures to boost lending to small firms in Norway.")
    assert not found("Ministers agreed measures to prevent Tokyo diverting its car exports to Europe.")


def test_criticized_for_imposing() -> None:
    got = found("Moscow criticized Canada and Japan for following up with their own sanctions on Iran.")
    assert [m.authority.country for m in got if m.authority] == ["CAN", "JPN"]
    assert all([t.country for t in m.targets] == ["IRN"] for m in got)


def test_a_european_embargo_will_end() -> None:
    m = one("Under the deal, a European oil embargo on Iran will also end next year.")
    assert m.authority is not None and m.authority.name == "European Union"
    assert [t.country for t in m.targets] == ["IRN"]
    assert m.action == "lifted"
