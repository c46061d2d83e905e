"""The sanctions gazetteers (authorities, measures, programmes, UN regimes), loaded once and checked.

Behaviour lives in `extractors/gazetteers/{authorities,measures,programmes,regimes}.jsonl`; this module
only reads them, refuses a malformed row with `StructureError`, and answers look-ups on text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, get_args

from extractors.errors import StructureError
from extractors.jsonl import read_objects
from extractors.records import Party
from extractors.vocabulary import Measure, PartyKind

GAZETTEERS = Path(__file__).resolve().parent / "gazetteers"
_ISO3 = re.compile(r"^[A-Z]{3}$")
_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth",
)


@dataclass(frozen=True)
class Found:
    """A gazetteer hit in a text: what it stands for and where."""

    value: str
    start: int
    end: int
    party: Party | None = None


@dataclass(frozen=True)
class _Entry:
    value: str
    pattern: re.Pattern[str]
    party: Party | None = None


_LOOKBEHIND = re.compile(r"\(\?<[!=][^)]*\)")


def flex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a cue pattern whose spaces match any run of whitespace (wire text keeps line breaks);
    inside a look-behind, which must keep a fixed width, a space matches one whitespace character."""
    pattern = pattern.replace("\\ ", " ")
    out, pos = [], 0
    for m in _LOOKBEHIND.finditer(pattern):
        out += [pattern[pos : m.start()].replace(" ", r"\s+"), m.group(0).replace(" ", r"\s")]
        pos = m.end()
    out.append(pattern[pos:].replace(" ", r"\s+"))
    return re.compile("".join(out), flags)


def _rows(name: str) -> Iterator[dict[str, Any]]:
    path = GAZETTEERS / name
    for n, row in read_objects(path):
        row["_where"] = f"{path.name}:{n}"
        yield row


def _alias(a: str) -> str:
    """A literal alias; multi-word names also match in any case ("european union" in lower-cased text)."""
    body = re.escape(a)
    if " " in a and not a.isupper():
        body = f"(?i:{body})"
    return rf"(?<![\w-]){body}(?![\w-])"


def _compile(row: dict[str, Any], *, ignore_case: bool) -> re.Pattern[str]:
    aliases = [_alias(a) for a in row.get("aliases", [])]
    pats = aliases + list(row.get("patterns", []))
    if not pats or not all(isinstance(p, str) and p for p in pats):
        raise StructureError(f"{row['_where']}: needs non-empty 'aliases' or 'patterns'")
    try:
        return flex("|".join(f"(?:{p})" for p in pats), re.IGNORECASE if ignore_case else 0)
    except re.error as exc:
        raise StructureError(f"{row['_where']}: bad pattern: {exc}") from exc


def _party(row: dict[str, Any]) -> Party:
    country, kind = row.get("country"), row.get("kind")
    if country is not None and not (isinstance(country, str) and _ISO3.match(country)):
        raise StructureError(f"{row['_where']}: country must be ISO3 or null, not {country!r}")
    if kind not in get_args(PartyKind) or not row.get("name"):
        raise StructureError(f"{row['_where']}: needs a name and a kind from {get_args(PartyKind)}")
    return Party(name=str(row["name"]), country=country, kind=str(kind))


@cache
def _authorities() -> tuple[_Entry, ...]:
    rows = _rows("authorities.jsonl")
    return tuple(_Entry(r["name"], _compile(r, ignore_case=False), _party(r)) for r in rows)


@cache
def _measures() -> tuple[_Entry, ...]:
    out = []
    for row in _rows("measures.jsonl"):
        if row.get("measure") not in get_args(Measure):
            raise StructureError(f"{row['_where']}: unknown measure {row.get('measure')!r}")
        out.append(_Entry(row["measure"], _compile(row, ignore_case=True)))
    return tuple(out)


@cache
def _programmes() -> tuple[_Entry, ...]:
    rows = _rows("programmes.jsonl")
    return tuple(_Entry(str(r.get("name", "")), _compile(r, ignore_case=False)) for r in rows)


@cache
def _regimes() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    by_number: dict[str, str] = {}
    by_state: dict[str, str] = {}
    state_of: dict[str, str] = {}
    for row in _rows("regimes.jsonl"):
        regime, numbers, states = row.get("regime"), row.get("resolutions", []), row.get("states", [])
        if not regime or not all(isinstance(n, str) and n.isdigit() for n in numbers):
            raise StructureError(f"{row['_where']}: needs a regime and digit-string resolutions")
        for n in numbers:
            if n in by_number:
                raise StructureError(f"{row['_where']}: resolution {n} already belongs to {by_number[n]}")
            by_number[n] = regime
        for s in states:
            by_state.setdefault(s, regime)
        if states and row.get("target_violates", False) is True:
            state_of[regime] = states[0]
    return by_number, by_state, state_of


def _scan(entries: tuple[_Entry, ...], text: str) -> list[Found]:
    """All hits, longest first on overlap, returned in text order."""
    hits = [Found(e.value, m.start(), m.end(), e.party) for e in entries for m in e.pattern.finditer(text)]
    hits.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Found] = []
    for f in hits:
        if not kept or f.start >= kept[-1].end:
            kept.append(f)
    return kept


def find_authorities(text: str) -> list[Found]:
    """Sanctioning bodies named in `text` (OFAC, HM Treasury, the EU, the Security Council, ...)."""
    return _scan(_authorities(), text)


def find_measures(text: str) -> list[Found]:
    """Measure cues in `text` (overlaps kept: "ban on arms exports to" is two cues); value is a measure."""
    hits = [Found(e.value, m.start(), m.end()) for e in _measures() for m in e.pattern.finditer(text)]
    return sorted(hits, key=lambda f: (f.start, -(f.end - f.start)))


def find_programme(text: str) -> str | None:
    """The first sanctions programme named in `text`, normalised ("EO 14024", "Global Magnitsky")."""
    best: tuple[int, str] | None = None
    for e in _programmes():
        m = e.pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            groups = [g for g in m.groups() if g]
            arg = groups[0] if groups else ""
            if arg.lower() in _ORDINALS:
                arg = str(_ORDINALS.index(arg.lower()) + 1)
            best = (m.start(), e.value.format(arg))
    return best[1] if best else None


def regime_for_resolutions(numbers: list[str]) -> str | None:
    """The UN sanctions regime of the first resolution we know, or None."""
    by_number = _regimes()[0]
    return next((by_number[n] for n in numbers if n in by_number), None)


def regime_for_state(country: str | None) -> str | None:
    """The UN sanctions regime that targets this state (ISO3), or None."""
    return _regimes()[1].get(country) if country else None


CUE_KINDS = (
    "trigger", "lifted", "kept", "planned", "hedge", "not_finding", "condition", "violation", "un_context",
    "denial",
)


@cache
def _cues() -> dict[str, tuple[_Entry, ...]]:
    table: dict[str, list[_Entry]] = {k: [] for k in CUE_KINDS}
    for name in ("sanction_cues.jsonl", "violation_cues.jsonl"):
        for row in _rows(name):
            if row.get("cue") not in table:
                raise StructureError(f"{row['_where']}: unknown cue kind {row.get('cue')!r}")
            entry = _Entry(str(row.get("reason", row["cue"])), _compile(row, ignore_case=True))
            table[row["cue"]].append(entry)
    return {k: tuple(v) for k, v in table.items()}


def find_cues(kind: str, text: str) -> list[Found]:
    """Hits of one cue table (`CUE_KINDS`) in `text`; value is the row's reason (or the kind)."""
    return _scan(_cues()[kind], text)


def state_of_regime(regime: str | None) -> str | None:
    """The ISO3 state a regime targets when that state is the usual violator (DPRK, Iran); else None."""
    return _regimes()[2].get(regime) if regime else None


def check_all() -> int:
    """Load every sanctions gazetteer (raising StructureError on a bad row); returns the row count."""
    cues = sum(len(v) for v in _cues().values())
    return len(_authorities()) + len(_measures()) + len(_programmes()) + len(_regimes()[0]) + cues
