"""The measure and programme a sanction sentence names (gazetteer rules)."""

from __future__ import annotations

from extractors.sanctions_data import find_measures, find_programme


def measure_and_programme(sentence: str) -> tuple[str, str | None]:
    """(the first measure named, else "other"; the programme named, if any)."""
    hits = find_measures(sentence)
    return (hits[0].value if hits else "other"), find_programme(sentence)
