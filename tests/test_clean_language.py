"""Language detection: confident verdicts on real-length texts, no guess on short ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.clean import clean_page
from extractors.errors import InputError
from extractors.language import detect_language, is_english, language_sample, require_english

ENGLISH = ("The finance ministry said on Thursday that it would freeze the assets of four shipping firms "
           "accused of moving fuel to vessels under restrictions, and that more names could follow.")
FRENCH = ("Le ministère a annoncé jeudi le gel des avoirs de quatre sociétés de transport maritime "
          "accusées d'avoir livré du carburant à des navires visés par des restrictions.")


def test_english_is_detected() -> None:
    lang, prob = detect_language(ENGLISH)
    assert lang == "en" and prob > 0.9
    assert is_english(ENGLISH)
    require_english(ENGLISH)


def test_french_is_detected_and_refused() -> None:
    assert detect_language(FRENCH)[0] == "fr"
    assert not is_english(FRENCH)
    with pytest.raises(InputError) as err:
        require_english(FRENCH)
    assert err.value.reason == "not_english"


def test_short_text_is_undetermined_not_guessed() -> None:
    assert detect_language("Breaking news") == (None, 0.0)
    assert detect_language("") == (None, 0.0)
    assert not is_english("Breaking news")
    require_english("Breaking news")  # too short to call it foreign: passes


def test_non_english_page_is_detected_by_clean_page() -> None:
    art = clean_page((Path(__file__).parent / "fixtures" / "clean" / "german_page.html").read_bytes())
    assert art.language == "de"
    assert not is_english(art.text)


def test_undetermined_text_falls_back_to_html_lang() -> None:
    art = clean_page("<html lang='pt-BR'><body><p>Ok.</p></body></html>")
    assert art.language == "pt"


def test_sample_is_bounded() -> None:
    long_text = ENGLISH * 200
    sample = language_sample(long_text)
    assert len(sample) < 7000 and sample.startswith(ENGLISH[:50])
    assert detect_language(long_text)[0] == "en"
