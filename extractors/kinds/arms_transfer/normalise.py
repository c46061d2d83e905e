"""Weapons of a sentence and their SIPRI-like category (gazetteer rules)."""

from __future__ import annotations

from typing import Any

from extractors.arms_lexicon import category, quantity, weapon_ents


def weapons(span: Any) -> tuple[list[str], str, int | None]:
    """(weapon terms as written, the most specific category, the quantity if one is given)."""
    ents = weapon_ents(span)
    cats = [category(e) for e in ents]
    specific = [c for c, generic in cats if not generic and c != "other"]
    cat = specific[0] if specific else next((c for c, _ in cats if c != "other"), "other")
    return [e.text for e in ents], cat, quantity(ents)
