"""The language model's decompressed cache: made once, read by later loads, never trusted blindly."""

from __future__ import annotations

from pathlib import Path

import pytest
from py3langid.langid import MODEL_DIR, MODEL_FILE

from extractors import langid_model

# Our own sentences.
ENGLISH = "The ministry said on Monday that the shipment of rifles had been stopped at the border crossing."
GERMAN = "Das Ministerium teilte am Montag mit, dass die Lieferung von Gewehren an der Grenze gestoppt wurde."


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "sanctions-monitor"


def test_first_load_fills_the_cache_and_later_loads_read_it(cache: Path) -> None:
    first = langid_model.load_identifier(norm_probs=True)
    files = list(cache.glob("langid-*.npz"))
    assert len(files) == 1 and not list(cache.glob("*.part"))
    stamp = files[0].stat().st_mtime_ns
    second = langid_model.load_identifier(norm_probs=True)
    assert files[0].stat().st_mtime_ns == stamp  # read, not rewritten
    for text in (ENGLISH, GERMAN):
        assert second.classify(text) == first.classify(text)
    assert second.classify(GERMAN)[0] == "de"


def test_same_answers_as_the_packaged_model(cache: Path) -> None:
    from py3langid.langid import LanguageIdentifier

    packaged = LanguageIdentifier.from_model_file(MODEL_DIR / MODEL_FILE, norm_probs=True)
    cached = langid_model.load_identifier(norm_probs=True)
    assert cached.classify(ENGLISH) == packaged.classify(ENGLISH)
    assert cached.classify(GERMAN) == packaged.classify(GERMAN)


def test_a_damaged_cache_file_falls_back_to_the_packaged_model(cache: Path) -> None:
    langid_model.load_identifier()
    (target,) = cache.glob("langid-*.npz")
    target.write_bytes(b"not an npz at all")
    assert langid_model.load_identifier(norm_probs=True).classify(GERMAN)[0] == "de"


def test_an_unwritable_cache_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the directory should be
    assert langid_model.load_identifier(norm_probs=True).classify(ENGLISH)[0] == "en"
