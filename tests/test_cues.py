"""Attribution (who says so) and stance cues, on sentences written for these tests."""

from __future__ import annotations

from typing import Any

from extractors.cues import cue_words
from extractors.pipeline import extract_mentions


def arms(text: str) -> list[dict[str, Any]]:
    return [m.to_json() for m in extract_mentions(text) if m.type == "arms_transfer"]


def source_of(text: str) -> dict[str, Any] | None:
    found = arms(text)
    assert found, text
    return found[-1]["source"]


def test_subject_of_said_with_state_from_title() -> None:
    src = source_of("Pentagon spokesperson Jane Doyle said Russia had shipped rockets to Syria.")
    assert src == {"name": "Jane Doyle", "country": "USA", "kind": "person"}


def test_possessive_state_and_apposition() -> None:
    src = source_of("France's UN ambassador, Marie Leclerc, said Iran had sent drones to Russia.")
    assert src is not None and src["name"] == "Marie Leclerc" and src["country"] == "FRA"


def test_according_to() -> None:
    src = source_of("According to Israeli officials, Iran shipped rockets to Hezbollah.")
    assert src is not None and src["country"] == "ISR"


def test_quote_then_speaker_in_same_sentence() -> None:
    src = source_of("“Russia has sent S-400 systems to Turkey,” the Turkish defence minister said.")
    assert src is not None and src["country"] == "TUR"


def test_quote_attributed_in_the_next_sentence() -> None:
    text = (
        "Belgian envoy Luc Martens spoke on Monday. “Iran delivered drones to Russia in March. "
        "That is a fact,” Martens told reporters."
    )
    src = source_of(text)
    assert src is not None and src["name"] == "Luc Martens" and src["country"] == "BEL"


def test_he_said_is_the_last_named_speaker() -> None:
    text = (
        "Dutch minister Anna Visser said on Friday that talks had failed.\n\n"
        "“Iran has shipped ballistic missiles to Russia,” she said."
    )
    src = source_of(text)
    assert src is not None and src["name"] == "Anna Visser" and src["country"] == "NLD"


def test_colon_quote_continued_in_next_paragraph_keeps_the_speaker() -> None:
    text = (
        "Armenian official Aram Petrosyan said in a statement: "
        "“Azerbaijan has bought drones from Israel.”\n\n"
        "“The supply of drones from Israel to Azerbaijan never stopped.”"
    )
    found = arms(text)
    assert len(found) >= 2
    assert all(m["source"] and m["source"]["country"] == "ARM" for m in found)


def test_denial_words_false_and_gossip() -> None:
    denied = arms("A spokesman for Serbia said reports that it sold rifles to Libya were false.")
    assert [m["stance"] for m in denied] == ["denied"] or "denied" in {m["stance"] for m in denied}
    gossip = arms("The supply of weapons from Serbia to Libya is nothing but gossip, the ministry said.")
    assert {m["stance"] for m in gossip} == {"denied"}


def test_cue_lists_are_data() -> None:
    assert {"deny", "denied", "rejects"} <= cue_words("deny_verbs")
    assert {"said", "told", "confirmed", "accused"} <= cue_words("speech_verbs")
    assert {"false", "absurd", "gossip", "never happened"} <= cue_words("false_words")
    assert {"will", "may"} <= cue_words("planned_aux")


def test_statement_carried_by_a_news_agency() -> None:
    text = "In a statement carried by KCNA, an unnamed official said Pyongyang never sold arms to Russia."
    src = source_of(text)
    assert src is not None and src["name"] == "Korean Central News Agency" and src["country"] == "PRK"
