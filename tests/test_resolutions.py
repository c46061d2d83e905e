"""Resolution references: every common written form normalises to the bare Council number."""

from __future__ import annotations

import pytest

from extractors.resolutions import find_resolutions, mentions_security_council, resolution_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The launch breached resolution 1718, diplomats said.", ["1718"]),
        ("Both resolutions 1718 and 2231 were cited.", ["1718", "2231"]),
        ("Tehran says UNSCR 2231 has expired.", ["2231"]),
        ("under UNSC Resolution 2397 the cap is lower", ["2397"]),
        ("see S/RES/2270 (2016) for the list", ["2270"]),
        ("see S/RES/2270(2016) for the list", ["2270"]),
        ("Resolution 1718 (2006) set up the committee.", ["1718"]),
        ("the coalition invoked Resolution No. 2216 again", ["2216"]),
        ("resolutions 2270, 2321 and 2397 capped refined oil", ["2270", "2321", "2397"]),
        ("resolutions 1718 (2006), 1874 (2009), and 2270 (2016)", ["1718", "1874", "2270"]),
        ("the UN Security Council Resolution (UNSCR) 2397 ceiling", ["2397"]),
        ("UNSCRs 1718, 1874 and 2094 apply", ["1718", "1874", "2094"]),
        ("it passed resolution 2231 of 2015 unanimously", ["2231"]),
        ("resolution 1718 and later resolution 1718 again", ["1718"]),
    ],
)
def test_forms_normalise_to_numbers(text: str, expected: list[str]) -> None:
    assert resolution_numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "General Assembly resolution 68/262 on Crimea was adopted.",
        "A House Resolution 24 condemned the launch.",
        "The European Parliament resolution 2231 was symbolic.",
        "The IAEA Board resolution 2021 rebuked Tehran.",
        "The General Assembly resolution ES-11/1 demanded a withdrawal.",
        "In 2006 the resolution passed by 15 votes to none.",
        "a screen resolution of 1080 pixels",
        "The resolution of 2017 was tougher.",
    ],
)
def test_non_council_and_unrelated_numbers_are_ignored(text: str) -> None:
    assert resolution_numbers(text) == []


def test_general_assembly_list_then_council_resolution() -> None:
    text = (
        "The delegate listed General Assembly texts 3379 (XXX) and 377 (V) next to "
        "the Council's resolution 242 (1967) that nobody had implemented."
    )
    assert resolution_numbers(text) == ["242"]


def test_reference_spans_point_into_text() -> None:
    text = "Pyongyang defied UNSCR 2375 and resolutions 2371 and 2397 last year."
    refs = find_resolutions(text)
    assert [r.numbers for r in refs] == [("2375",), ("2371", "2397")]
    assert all(text[r.start : r.end] == r.text for r in refs)
    assert refs[0].text == "UNSCR 2375"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in violation of UN Security Council resolutions", True),
        ("the UNSC met on Friday", True),
        ("a report by the UN Panel of Experts", True),
        ("UN sanctions bar the trade", True),
        ("the 1718 Committee received the report", True),
        ("it broke resolution 2231", True),
        ("the city council approved a resolution", False),
        ("the security guard council met", False),
    ],
)
def test_mentions_security_council(text: str, expected: bool) -> None:
    assert mentions_security_council(text) is expected
