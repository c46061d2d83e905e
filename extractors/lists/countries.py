"""Country names, ISO2 codes and demonyms as official lists write them -> ISO 3166-1 alpha-3.

The table is data (`data/countries.tsv`: iso3, iso2, English name, aliases), checked on load.
Lookups forgive case, accents, punctuation, a trailing parenthesis ("Pakistan (location as at May
2008)") and the "Korea, North" / "Bahamas, The" inversion; anything else is None, never a guess.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from anyascii import anyascii

from extractors.errors import StructureError

DATA = Path(__file__).resolve().parent / "data"
_COLUMNS = ("iso3", "iso2", "name", "aliases")
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_PREFIX = re.compile(r"^(?:possibly|probably|reportedly|formerly|former|region:)\s+")


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", anyascii(text).lower()).strip()


@cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(name key -> iso3, iso2 -> iso3) from data/countries.tsv."""
    path = DATA / "countries.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != _COLUMNS:
        raise StructureError(f"{path}: header must be {'/'.join(_COLUMNS)}")
    by_name: dict[str, str] = {}
    by_iso2: dict[str, str] = {}
    for number, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != len(_COLUMNS) or not re.fullmatch(r"[A-Z]{3}", cells[0]):
            raise StructureError(f"{path}:{number}: expected iso3, iso2, name, aliases")
        iso3, iso2, name, aliases = cells
        by_iso2[iso2] = iso3
        by_name[iso3.lower()] = iso3
        for alias in (name, *aliases.split(";")):
            if alias.strip():
                by_name.setdefault(_key(alias), iso3)
    return by_name, by_iso2


def iso3(text: str | None) -> str | None:
    """The ISO3 code a country name (or ISO2/ISO3 code) stands for, or None."""
    if not text or not text.strip():
        return None
    by_name, by_iso2 = _tables()
    raw = text.strip()
    if re.fullmatch(r"[A-Z]{2}", raw):
        return by_iso2.get(raw)
    for candidate in _candidates(raw):
        found = by_name.get(_key(candidate))
        if found:
            return found
    return None


def _candidates(raw: str) -> list[str]:
    base = _PREFIX.sub("", _PAREN.sub("", raw).strip(), count=1)
    out = [raw, base]
    if "," in base:  # "Korea, North" -> "North Korea"; "Bahamas, The" -> "The Bahamas"
        head, _, tail = base.partition(",")
        out += [f"{tail.strip()} {head.strip()}", head.strip()]
    return out


def codes(values: list[str] | tuple[str, ...]) -> list[str]:
    """ISO3 codes of the values that name a country (unknown values are dropped)."""
    return [c for c in (iso3(v) for v in values) if c]
