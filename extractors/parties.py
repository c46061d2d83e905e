"""Parties: resolve names to states, groups, bodies and people, with their ISO 3166-1 alpha-3 state.

Public API:

- `resolve_party(surface, label=None, context=None) -> Party | None`
    gazetteer lookup (countries, aliases, demonyms, capitals/metonyms -> kind "state"; armed groups ->
    "group"; arms makers -> "company"; bodies/media -> "organisation"/"media"), then the document
    memory (`context`: known people by full name or surname, "the North" after North Korea), then a
    typo-tolerant match on country names/demonyms ("Norther Korean" -> PRK), then the NER label
    (PERSON -> person, ORG -> organisation, GPE -> other, country unknown). None for non-party labels.
- `find_parties(span, *, offset=0, memory=None) -> list[PartyMention]`
    every party entity of a parsed spaCy Span, offsets into the article text (`offset` = where the
    span's doc starts). People and bodies get their state from the words before them or an apposition
    ("White House spokesperson John Kirby" -> USA; "the UK's UN ambassador, Barbara Woodward" -> GBR;
    "a North Korean foreign ministry spokesperson" -> PRK); `memory` is updated with what was learnt.
- `gazetteer_parties(text) -> list[Party]`   parties a plain text names, gazetteers only (no model)
- `DocMemory`       per-article memory (people, countries named, last speaker); one per article.
- `party_of(token_or_span, parties) -> PartyMention | None`   the party covering a token, if any.
- `affiliation(span, start, end) -> Party | None`           state named just before/after a phrase.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from extractors import gazetteer
from extractors.context import PartyMention
from extractors.party_table import clean, fuzzy, table
from extractors.party_table import code_name as code_name
from extractors.party_table import gazetteer_parties as gazetteer_parties
from extractors.party_table import international_bodies as international_bodies
from extractors.party_table import name_starts as name_starts
from extractors.records import Party

PARTY_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON", "ARMED_GROUP", "AUTHORITY", "MEDIA", "LOC", "FAC"})
_STOP_POS = frozenset({"VERB", "AUX", "ADP", "SCONJ", "CCONJ"})
_CUT = frozenset({"–", "—", "-", "(", ")", ":", ";", "“", "”", '"'})


@dataclass
class DocMemory:
    """What an article has told us so far: people and their states, countries named, last speaker."""

    persons: dict[str, Party] = field(default_factory=dict)
    countries: list[str] = field(default_factory=list)
    speaker: Party | None = None

    def remember(self, party: Party) -> None:
        if party.kind == "person" and party.country:
            self.persons[party.name.lower()] = party
            self.persons[party.name.split()[-1].lower()] = party
        elif party.kind == "state" and party.country and party.country not in self.countries:
            self.countries.append(party.country)


def resolve_party(surface: str, label: str | None = None, context: DocMemory | None = None) -> Party | None:
    """The Party a name stands for (see module docstring); None when it is not a party at all."""
    s = clean(surface)
    if not s or (label is not None and label not in PARTY_LABELS):
        return None
    hit = table().get(s) or table().get(s.lower())
    if hit:
        return hit[0]
    if context is not None:
        known = context.persons.get(s.lower()) or context.persons.get(s.split()[-1].lower())
        if known and label in (None, "PERSON"):
            return known
        if s in ("North", "South", "West", "East"):
            for code in reversed(context.countries):
                name = table()[code_name(code)][0].name
                if name.startswith(s + " "):
                    return table()[name][0]
    if label in (None, "NORP", "GPE", "PERSON") and len(s) >= 6:
        close = fuzzy(s.lower())
        if close:
            return table()[close][0]
    return _by_label(s, label)


def _by_label(s: str, label: str | None) -> Party | None:
    kinds = {
        "PERSON": "person",
        "ORG": "organisation",
        "AUTHORITY": "organisation",
        "MEDIA": "media",
        "ARMED_GROUP": "group",
    }
    if label in kinds:
        return Party(s, None, kinds[label])
    if label in ("GPE", "LOC", "FAC", "NORP"):
        return Party(s, None, "other")
    return None


@cache
def _role_nouns() -> frozenset[str]:
    return frozenset(str(w).lower() for w in gazetteer.load_json("cues.json")["role_nouns"])


def affiliation(span: Any, start: int, end: int) -> Party | None:
    """The state named right before tokens [start, end) of `span`'s doc, or in an apposition after."""
    doc = span.doc
    i = start - 1
    while i >= span.start and start - i <= 10:
        tok = doc[i]
        if tok.pos_ in _STOP_POS or tok.text in _CUT or tok.dep_ == "det":
            break
        if tok.text == "," and not (i - 1 >= span.start and doc[i - 1].lower_ in _role_nouns()):
            break  # "Ukraine, Prime Minister X" is not X's state; "the UK's ambassador, X" is
        party = _ruled_country(tok)
        if party:
            return party
        i -= 1
    if end < span.end and doc[end].text == ",":
        for j in range(end + 1, min(span.end, end + 8)):
            if doc[j].text in (",", ".") or doc[j].pos_ in ("VERB", "AUX"):
                break
            party = _ruled_country(doc[j])
            if party:
                return party
    return None


def _ruled_country(tok: Any) -> Party | None:
    if not tok.ent_type_ or tok.ent_type_ == "WEAPON":
        return None
    ent_text = next((e.text for e in tok.doc.ents if e.start <= tok.i < e.end), tok.text)
    party = resolve_party(ent_text, tok.ent_type_)
    if party and party.country:
        return Party(code_name(party.country), party.country, "state")
    return None


def find_parties(span: Any, *, offset: int = 0, memory: DocMemory | None = None) -> list[PartyMention]:
    """Party mentions of a parsed Span, states filled from context; `memory` learns people and states."""
    memory = memory if memory is not None else DocMemory()
    out: list[PartyMention] = []
    for ent in span.ents:
        party = resolve_party(ent.text, ent.label_, memory)
        if party is None:
            continue
        if (
            party.country is None
            and party.kind in ("person", "organisation", "media")
            and party.name not in international_bodies()
        ):
            aff = affiliation(span, ent.start, ent.end)
            if aff:
                name = party.name if party.kind == "person" else f"{aff.name} {party.name}"
                party = Party(name, aff.country, party.kind)
        memory.remember(party)
        out.append(PartyMention(ent.text, offset + ent.start_char, offset + ent.end_char, party, ent.label_))
    out.extend(_directional(span, offset, memory, out))
    return out


def _directional(span: Any, offset: int, memory: DocMemory, found: list[PartyMention]) -> list[PartyMention]:
    """'the North' / 'the South' standing for a country the article already named."""
    out = []
    for tok in span:
        if (
            tok.text in ("North", "South")
            and tok.i > 0
            and tok.doc[tok.i - 1].lower_ == "the"
            and not tok.ent_type_
        ):
            party = resolve_party(tok.text, "GPE", memory)
            if party and party.country:
                start = offset + tok.idx
                out.append(PartyMention(tok.text, start, start + len(tok.text), party, "GPE"))
    return out


def party_of(token: Any, parties: list[PartyMention], offset: int = 0) -> PartyMention | None:
    """The party mention covering a token (char offsets compared with `offset` added)."""
    pos = offset + token.idx
    for pm in parties:
        if pm.start <= pos < pm.end:
            return pm
    return None
