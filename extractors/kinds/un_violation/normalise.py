"""Resolution numbers and the UN sanctions regime of a violation (rules)."""

from __future__ import annotations

from extractors.resolutions import resolution_numbers
from extractors.sanctions_data import regime_for_resolutions, regime_for_state


def resolutions_and_regime(sentence: str, violator_state: str | None) -> tuple[list[str], str | None]:
    """(the resolution numbers named, the regime they or the violator's state belong to)."""
    numbers = resolution_numbers(sentence)
    return numbers, regime_for_resolutions(numbers) or regime_for_state(violator_state)
