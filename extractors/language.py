"""Language identification with py3langid (model loaded once per process, on first use, from the
decompressed copy extractors.langid_model keeps).

Short texts carry too little signal: `detect_language` answers `(None, 0.0)` for them instead of a
guess, and `(None, p)` whenever the best language's probability p is below MIN_CONFIDENCE.
"""

from __future__ import annotations

import functools
import re

from py3langid.langid import LanguageIdentifier

from extractors.errors import InputError
from extractors.langid_model import load_identifier

MIN_LETTERS = 40  # fewer letters than this: undetermined (a headline, a caption)
MIN_CONFIDENCE = 0.5  # below this the best guess is not reported as the language
CONFIDENT = 0.8  # is_english / require_english: probability a verdict needs
SAMPLE_CHARS = 3000  # taken from the start and again from the middle of long texts
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@functools.lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """The py3langid model with normalised (calibrated) probabilities, loaded once."""
    return load_identifier(norm_probs=True)


def language_sample(text: str) -> str:
    """A bounded sample: the opening of the text plus a slice from its middle (boilerplate-free)."""
    if len(text) <= 2 * SAMPLE_CHARS:
        return text
    middle = len(text) // 2
    return text[:SAMPLE_CHARS] + "\n" + text[middle : middle + SAMPLE_CHARS]


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) of the text's language.

    The code is None when the text is too short to classify (then the probability is 0.0) or when the
    best language's probability is below MIN_CONFIDENCE (then it is that probability).
    """
    sample = language_sample(text)
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    prob = float(prob)
    return (str(lang) if prob >= MIN_CONFIDENCE else None), prob


def is_english(text: str) -> bool:
    """True when the text is English with probability >= CONFIDENT; False for other languages
    and for texts too short or too mixed to tell (use detect_language to tell those apart)."""
    lang, prob = detect_language(text)
    return lang == "en" and prob >= CONFIDENT


def require_english(text: str) -> None:
    """Raise InputError `not_english` when the text is in another language with probability >= CONFIDENT.

    Texts too short or too mixed to classify pass: skipping them would lose English pages for nothing.
    """
    lang, prob = detect_language(text)
    if lang is not None and lang != "en" and prob >= CONFIDENT:
        raise InputError("not_english", f"text is in {lang!r} (p={prob:.2f}), not English")
