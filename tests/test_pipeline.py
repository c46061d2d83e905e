"""The shared pipeline: sentence offsets, the cheap prefilter, the module protocol, dedup, full mode."""

from __future__ import annotations

import json

import pytest

from extractors import pipeline
from extractors.pipeline import EXTRACTOR_VERSION, PIPELINE_VERSION, extract_mentions, model_text, modules
from extractors.sentences import split_sentences


def test_sentences_keep_offsets_and_abbreviations() -> None:
    text = "Mr. Smith met Dr. Jones in St. Petersburg on Jan. 5.  The U.S. Army said so.\n\nIt ended."
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Mr. Smith met Dr. Jones in St. Petersburg on Jan. 5.",
        "The U.S. Army said so.",
        "It ended.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_quotes_stay_with_their_sentence_and_wrapped_lines_join() -> None:
    text = "“It is done,” he said. Next one.\nA wire story wraps its lines at a fixed\nwidth like this one."
    assert [s.text for s in split_sentences(text)] == [
        "“It is done,” he said.",
        "Next one.",
        "A wire story wraps its lines at a fixed\nwidth like this one.",
    ]


def test_no_candidate_sentence_never_reaches_the_model() -> None:
    text = "The weather was fine.\n\nMarkets rose on Tuesday."
    assert extract_mentions(text, nlp=object()) == []  # object() has no .pipe: it would fail if used


def test_module_protocol_and_version() -> None:
    names = [m.__name__ for m in modules()]
    assert names[0] == "extractors.arms" and len(names) == len(pipeline.MODULES)
    assert "+".join([PIPELINE_VERSION, *(m.VERSION for m in modules())]) == EXTRACTOR_VERSION
    assert "arms/" in EXTRACTOR_VERSION


def test_offsets_point_into_the_text_and_findings_per_sentence_are_unique() -> None:
    line = "Russia shipped rockets to Syria in May."
    text = f"Intro line here.\n\n{line}\n\n{line}"
    found = [m for m in extract_mentions(text) if m.type == "arms_transfer"]
    assert [m.start for m in found] == [text.index(line), text.rindex(line)]
    assert all(text[m.start : m.end] == m.sentence for m in found)


def test_full_mode_finds_the_same_on_the_seed(seed_text: str) -> None:
    cheap = {json.dumps(m.to_json(), sort_keys=True) for m in extract_mentions(seed_text)}
    full = {json.dumps(m.to_json(), sort_keys=True) for m in extract_mentions(seed_text, full=True)}
    assert cheap and cheap <= full


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("REAGAN SAYS HE SOLD ARMS TO IRAN", "Reagan Says He Sold Arms To Iran"), ("a\nb c", "a b c")],
)
def test_model_text_keeps_length(sentence: str, expected: str) -> None:
    assert model_text(sentence) == expected and len(model_text(sentence)) == len(sentence)


def test_headline_echoed_by_page_chrome_is_not_a_second_finding() -> None:
    from extractors.pipeline import extract_mentions

    head = "Iran denies sending attack drones to Russia for the war in Ukraine"
    body = (f"{head}\n\nTehran's foreign ministry rejected as baseless a report that Iran shipped attack "
            "drones to Russia, a spokesman said on Monday.\n\n"
            f"Related: {head} | World News\n\nOne thought on \u201c{head}\u201d")
    found = [m for m in extract_mentions(body) if m.type == "arms_transfer"]
    assert {m.start for m in found} <= {0, body.index("Tehran")}
    assert any(m.start == body.index("Tehran") for m in found)
