"""The gazetteer lookup table behind extractors.parties: surface -> (Party, label), no model.

Public API (re-exported by extractors.parties):

- `table() -> dict[str, tuple[Party, str]]`   every gazetteer name (exact and lower-cased)
- `clean(surface) -> str`                      strip quotes, "the", possessive
- `fuzzy(lowered) -> str | None`               the table key one typo away ("norther korean")
- `code_name(code) -> str`                     canonical country name of an ISO3 code
- `name_starts() -> frozenset[str]`            first words of state-bound names (prefilter)
- `international_bodies() -> frozenset[str]`   UN, EU, NATO...: never given a state from context
- `gazetteer_parties(text) -> list[Party]`     parties a plain text names, gazetteers only
"""

from __future__ import annotations

import difflib
import re
from functools import cache, lru_cache

from extractors import gazetteer
from extractors.records import Party


@cache
def table() -> dict[str, tuple[Party, str]]:
    """surface (exact and lower-cased) -> (Party, label)."""
    table: dict[str, tuple[Party, str]] = {}
    for c in gazetteer.countries():
        state = Party(c.name, c.code, "state")
        for name in (c.name, *c.aliases, *c.metonyms):
            table[name] = (state, "GPE")
        for name in c.demonyms:
            table[name] = (state, "NORP")
    for g in gazetteer.groups():
        for name in (g.name, *g.aliases):
            table[name] = (Party(g.name, g.country, g.kind), "ORG" if g.kind == "company" else "ARMED_GROUP")
    for person in gazetteer.people():
        for name in (person.name, *person.aliases):
            table[name] = (Party(person.name, person.country, "person"), "PERSON")
    for b in gazetteer.bodies():
        for name in (b.name, *b.aliases):
            table[name] = (Party(b.name, b.country, b.kind), "MEDIA" if b.kind == "media" else "AUTHORITY")
    for key, value in list(table.items()):
        table.setdefault(key.lower(), value)
    return table


@cache
def _fuzzy_keys() -> list[str]:
    return [k for k, (p, _) in table().items() if k == k.lower() and p.kind == "state" and len(k) >= 6]


@cache
def name_starts() -> frozenset[str]:
    """First words of every gazetteer name that stands for a state-bound party (a cheap prefilter:
    a sentence without any of them cannot name a supplier or recipient)."""
    out = set()
    for key, (party, _) in table().items():
        if key != key.lower() and (party.country or party.kind in ("group", "company")):
            out.add(key.split()[0].removeprefix("the").strip() or key.split()[-1])
    return frozenset(w for w in out if w)


def clean(surface: str) -> str:
    s = surface.strip().strip("‘’'\"“”")
    for suffix in ("’s", "'s", "’", "'"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
    if s.lower().startswith("the "):
        s = s[4:]
    return s.strip()


@cache
def __fuzzy_words() -> frozenset[str]:
    return frozenset(w for k in _fuzzy_keys() for w in k.split())


@lru_cache(maxsize=4096)
def fuzzy(s: str) -> str | None:
    """A country name or demonym one typo away ("norther korean"); only tried when a word matches."""
    if not set(s.split()) & __fuzzy_words():
        return None
    close = difflib.get_close_matches(s, _fuzzy_keys(), n=1, cutoff=0.88)
    return close[0] if close else None


@cache
def code_name(code: str) -> str:
    """Canonical name of a country code (or the code itself when unknown)."""
    for c in gazetteer.countries():
        if c.code == code:
            return c.name
    return code


@cache
def international_bodies() -> frozenset[str]:
    """Names of bodies of no single state (UN, EU, NATO): never given a state from context."""
    return _international()


@cache
def _international() -> frozenset[str]:
    return frozenset(b.name for b in gazetteer.bodies() if b.international)


_WORDS = re.compile(r"[\w’'.&-]+")


def gazetteer_parties(text: str) -> list[Party]:
    """Parties a plain text names, from the gazetteers alone (no model; for sentences never parsed):
    the longest known name (up to 5 words) at each capitalised word, in text order, without repeats."""
    words = [w.rstrip(".,;:") if w.count(".") <= 1 else w for w in _WORDS.findall(text)]
    out: list[Party] = []
    i = 0
    while i < len(words):
        hit = None
        if words[i][:1].isupper() or words[i].startswith("al-"):
            for n in range(min(5, len(words) - i), 0, -1):
                found = table().get(clean(" ".join(words[i : i + n])))
                if found:
                    hit = (found[0], n)
                    break
        if hit:
            if hit[0] not in out:
                out.append(hit[0])
            i += hit[1]
        else:
            i += 1
    return out
