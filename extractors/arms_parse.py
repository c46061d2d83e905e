"""Dependency-parse helpers for the arms roles: which party a phrase names, subjects, objects, pronouns.

Public API (tokens are spaCy Tokens; `parties` the sentence's PartyMentions, `offset` where its doc starts):

- `party_at(tok, parties, offset)`       the role-capable party covering a token (a state-bound party, or a
   named group/company)
- `phrase_party(tok, parties, offset)`   the party a noun phrase names (head, apposition, compound, possessor)
- `pobjs(tok, preps)`, `with_conj(toks)`, `objects(trigger)`   prepositional objects, conjuncts, things moved
- `subject(verb)`                         the subject, inherited through xcomp/conj/advcl/pcomp, with object
   control ("asked France to stop selling", "accused Iran of supplying")
- `role_of(tok, parties, offset, avoid)`  a subject as a role: pronoun, "the country", or its phrase's party
- `pronoun(...)`, `pronoun_subject(...)`, `definite_state(...)`   what "it", "its", "the regime" stand for
"""

from __future__ import annotations

from typing import Any

from extractors.context import PartyMention
from extractors.parties import code_name, international_bodies
from extractors.records import Party

_ROLE_KINDS = ("state", "group", "company", "organisation", "person", "vessel")
_PRIORITY = ("appos", "compound", "poss", "nmod", "amod")
PRONOUNS = ("it", "them", "they", "its", "their")
_RELATIVE = ("which", "who", "that", "whom")


def party_at(tok: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    pos = offset + tok.idx
    pm = next((p for p in parties if p.start <= pos < p.end), None)
    if pm is None or pm.party.kind not in _ROLE_KINDS:
        return None
    # a body or person of no known state cannot be a side of a transfer; a named group, company or
    # alliance (NATO, the EU) can
    named = pm.party.kind in ("group", "company") or pm.party.name in international_bodies()
    return pm if pm.party.country or named else None


def phrase_party(tok: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    """The party a noun phrase headed by `tok` names: the head itself, else an apposition, compound,
    possessor or demonym modifier ("the Russian mercenary force, Wagner Group" -> Wagner Group)."""
    if tok is None:
        return None
    if tok.lower_ in _RELATIVE:  # "X, which Sudan is suspected of arming": X
        clause = next((a for a in [tok, *tok.ancestors][:5] if a.dep_ == "relcl"), None)
        tok = clause.head if clause is not None else tok
    pm = party_at(tok, parties, offset)
    if pm:
        return pm
    for dep in _PRIORITY:
        for c in tok.children:
            if c.dep_ == dep:
                pm = party_at(c, parties, offset) or (
                    phrase_party(c, parties, offset) if dep == "appos" else None
                )
                if pm:
                    return pm
    return _generic_actor(tok, parties, offset)


_ACTORS = frozenset(
    (
        "rebels",
        "rebel",
        "militants",
        "militias",
        "militia",
        "insurgents",
        "fighters",
        "separatists",
        "guerrillas",
        "guerrilla",
        "opposition",
        "jihadists",
        "extremists",
        "forces",
        "soldiers",
        "troops",
        "army",
        "military",
    )
)


def _generic_actor(tok: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    """ "the rebels in Libya", "Syrian rebels": an unnamed armed group, placed in its state."""
    if tok.lower_ not in _ACTORS:
        return None
    places = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod")]
    places += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "from") for g in c.children]
    for place in places:
        pm = party_at(place, parties, offset)
        if pm and pm.party.country and pm.party.kind == "state":
            name = f"{code_name(pm.party.country)} {tok.lower_}"
            kind = "state" if tok.lower_ in ("forces", "soldiers", "troops", "army", "military") else "group"
            return PartyMention(
                tok.text,
                offset + tok.idx,
                offset + tok.idx + len(tok.text),
                Party(name, pm.party.country, kind),
                "GROUP",
            )
    return None


def pobjs(tok: Any, preps: tuple[str, ...]) -> list[Any]:
    out: list[Any] = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            out.extend(g for g in c.children if g.dep_ == "pobj")
    return out


def with_conj(toks: list[Any]) -> list[Any]:
    out = []
    for t in toks:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


def objects(trig: Any) -> list[Any]:
    """The things moved: direct object / passive subject and what their "of" names ("a shipment of X")."""
    objs = [c for c in trig.children if c.dep_ in ("dobj", "nsubjpass")] + pobjs(trig, ("of",))
    return objs + [g for o in objs for g in pobjs(o, ("of",))]


def subject(verb: Any) -> Any:
    node = verb
    for _ in range(5):
        kids = list(node.children)
        kids += [g for c in kids if c.dep_ == "aux" for g in c.children]  # "The US ... was bringing"
        for c in kids:
            if c.dep_ in ("nsubj", "nsubjpass") and not (c.dep_ == "nsubjpass" and node.i == verb.i):
                return c
        control = node.dep_ == "xcomp" and node.i != verb.i  # "asked France to stop selling"
        control = control or (
            node.dep_ == "prep" and node.lower_ in ("for", "of")
        )  # "accused Iran of supplying"
        if control:
            obj = next((c for c in node.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        if node.dep_ not in ("conj", "xcomp", "advcl", "pcomp", "prep", "acomp") or node.head.i == node.i:
            return None
        node = node.head
    return None


DEFINITE_STATE = ("country", "state", "government", "regime", "nation", "authorities", "leadership")


def definite_state(tok: Any, parties: list[PartyMention], offset: int, avoid: Any) -> PartyMention | None:
    """ "the country" / "the regime": the nearest state-bound party named before it in the sentence."""
    if tok.lower_ not in DEFINITE_STATE or not any(c.lower_ == "the" for c in tok.children):
        return None
    before = [
        p
        for p in parties
        if p.end <= offset + tok.idx
        and p.party.country
        and (avoid is None or p.party.country != avoid.party.country)
    ]
    if not before:
        return None
    pm = before[-1]
    return PartyMention(
        pm.text,
        pm.start,
        pm.end,
        Party(code_name(pm.party.country or ""), pm.party.country, "state"),
        pm.label,
    )


def role_of(tok: Any, parties: list[PartyMention], offset: int, avoid: Any) -> PartyMention | None:
    """A subject as a role: a pronoun, "the country", or the party its phrase names."""
    if tok.lower_ in PRONOUNS:
        return pronoun_subject(tok, parties, offset)
    return phrase_party(tok, parties, offset) or definite_state(tok, parties, offset, avoid)


def pronoun(
    tok: Any, parties: list[PartyMention], offset: int, avoid: PartyMention | None
) -> PartyMention | None:
    """A pronoun role: the nearest party before it in the sentence other than `avoid`."""
    before = [
        p
        for p in parties
        if p.end <= offset + tok.idx
        and p.party.kind in _ROLE_KINDS
        and (avoid is None or p.party != avoid.party)
    ]
    return before[-1] if before else None


def pronoun_subject(subj: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    """'North Korea said it had ...' -> the subject of the governing clause."""
    node = subj.head
    for _ in range(6):
        if node.head.i == node.i:
            break
        node = node.head
        for c in node.children:
            if c.dep_ == "nsubj" and c.i != subj.i:
                pm = phrase_party(c, parties, offset)
                if pm:
                    return pm
    return pronoun(subj, parties, offset, None)
