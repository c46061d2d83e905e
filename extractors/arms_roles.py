"""Supplier and recipient of an arms-transfer trigger, read off the dependency parse.

Public API:

- `Roles(supplier, recipient, explicit)`     PartyMentions (or None); `explicit` False when a role came
   from a weaker cue (a weapon's origin "North Korean rockets", a pronoun).
- `roles_for(trigger, direction, parties, offset) -> list[Roles]`   direction "out" (supply, deliver,
   send, sell, provide, export...), "in" (receive, acquire, buy, obtain, import...), "pair" (a
   "transaction between X and Y", "dealings with Y"). Handles the passive ("were sold by X to Y"),
   participles ("weapons supplied by X"), "X's deliveries of Y to Z", "Y from X", "supplied Z with Y",
   "turned to X to provide Y" (X supplies the one who turned), "for use by Z" (Z is the recipient),
   a pronoun recipient ("providing it with") and conjunctions (one Roles per recipient).
- `phrase_party(token, parties, offset) -> PartyMention | None`    the party a noun phrase names.
- `origin(weapon_token, parties, offset) -> PartyMention | None`  "Iranian drones", "X-made drones".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extractors.context import PartyMention
from extractors.parties import code_name
from extractors.records import Party

_TO = ("to", "into", "for")
_FROM = ("from",)
_ROLE_KINDS = ("state", "group", "company", "organisation", "person", "vessel")
_PRIORITY = ("appos", "compound", "poss", "nmod", "amod")
_PRONOUNS = ("it", "them", "they", "its", "their")
_RELATIVE = ("which", "who", "that", "whom")


@dataclass(frozen=True)
class Roles:
    supplier: PartyMention | None
    recipient: PartyMention | None
    explicit: bool


def _at(tok: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    pos = offset + tok.idx
    pm = next((p for p in parties if p.start <= pos < p.end), None)
    if pm is None or pm.party.kind not in _ROLE_KINDS:
        return None
    # a body or person of no known state cannot be a side of a transfer; a named group or company can
    return pm if pm.party.country or pm.party.kind in ("group", "company") else None


def phrase_party(tok: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    """The party a noun phrase headed by `tok` names: the head itself, else an apposition, compound,
    possessor or demonym modifier ("the Russian mercenary force, Wagner Group" -> Wagner Group)."""
    if tok is None:
        return None
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
        tok = tok.head.head
    pm = _at(tok, parties, offset)
    if pm:
        return pm
    for dep in _PRIORITY:
        for c in tok.children:
            if c.dep_ == dep:
                pm = _at(c, parties, offset) or (phrase_party(c, parties, offset) if dep == "appos" else None)
                if pm:
                    return pm
    return None


def _pobjs(tok: Any, preps: tuple[str, ...]) -> list[Any]:
    out: list[Any] = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            out.extend(g for g in c.children if g.dep_ == "pobj")
    return out


def _with_conj(toks: list[Any]) -> list[Any]:
    out = []
    for t in toks:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


def _objects(trig: Any) -> list[Any]:
    """The things moved: direct object / passive subject and what their "of" names ("a shipment of X")."""
    objs = [c for c in trig.children if c.dep_ in ("dobj", "nsubjpass")] + _pobjs(trig, ("of",))
    return objs + [g for o in objs for g in _pobjs(o, ("of",))]


def _subject(verb: Any) -> Any:
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


_DEFINITE_STATE = ("country", "state", "government", "regime", "nation", "authorities", "leadership")


def _definite_state(tok: Any, parties: list[PartyMention], offset: int, avoid: Any) -> PartyMention | None:
    """ "the country" / "the regime": the nearest state-bound party named before it in the sentence."""
    if tok.lower_ not in _DEFINITE_STATE or not any(c.lower_ == "the" for c in tok.children):
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


def _role_of(tok: Any, parties: list[PartyMention], offset: int, avoid: Any) -> PartyMention | None:
    """A subject as a role: a pronoun, "the country", or the party its phrase names."""
    if tok.lower_ in _PRONOUNS:
        return _pronoun_subject(tok, parties, offset)
    return phrase_party(tok, parties, offset) or _definite_state(tok, parties, offset, avoid)


def _pronoun(
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


def _controller(verb: Any, parties: list[PartyMention], offset: int) -> tuple[Any, Any]:
    """'Russia turned to Iran to provide drones' -> (Iran, Russia); (None, None) when not that shape."""
    if verb.dep_ not in ("xcomp", "advcl") or any(c.dep_ == "nsubj" for c in verb.children):
        return None, None
    head = verb.head
    cands = [c for c in head.children if c.dep_ == "dobj"] + _pobjs(head, ("to", "on", "upon"))
    for c in cands:
        pm = phrase_party(c, parties, offset)
        if pm:
            return pm, phrase_party(_subject(head), parties, offset)
    return None, None


def _use_by(tok: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    for t in tok.subtree:
        if t.lower_ == "use" and t.head.lower_ == "for":
            for by in _pobjs(t, ("by",)):
                return phrase_party(by, parties, offset)
    return None


def _recipients(trig: Any, parties: list[PartyMention], offset: int, supplier: Any) -> list[Any]:
    by_use = _use_by(trig, parties, offset)
    if by_use:
        return [by_use]
    toks = _with_conj(_pobjs(trig, _TO))
    if trig.pos_ == "NOUN" and trig.dep_ == "dobj":  # "approved export licences for X to Y"
        toks += _with_conj(_pobjs(trig.head, ("to", "into")))
    for obj in _objects(trig):
        toks += _with_conj(_pobjs(obj, ("to", "into")))
    toks += [c for c in trig.children if c.dep_ in ("dative", "iobj")]
    if trig.pos_ == "VERB":
        toks += [
            c for c in trig.children if c.dep_ == "dobj" and any(g.lower_ == "with" for g in trig.children)
        ]
    out = []
    for t in toks:
        pm = (
            _pronoun(t, parties, offset, supplier)
            if t.lower_ in _PRONOUNS
            else phrase_party(t, parties, offset)
        )
        if pm:
            out.append(pm)
    return out


def _noun_agent(noun: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    """Who does what a noun trigger names: "X's deliveries", "deliveries by X", "X completed a delivery",
    "Hanoi seeks to improve ... with the procurement of ..." (the governing clause's subject)."""
    mods = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")] + _pobjs(
        noun, ("by",)
    )
    found = next((p for p in (phrase_party(c, parties, offset) for c in mods) if p), None)
    if found is None and any(c.dep_ == "poss" and c.lower_ in _PRONOUNS for c in noun.children):
        found = _pronoun_subject(noun, parties, offset)  # "through its arming of X": the clause's subject
    if found is not None or noun.dep_ not in ("dobj", "pobj"):
        return found
    head = noun.head
    while head.dep_ == "prep" and head.head.i != head.i and head.head.pos_ != "NOUN":
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    subj = _subject(head)
    if subj is None:
        return None
    return (
        _pronoun_subject(subj, parties, offset)
        if subj.lower_ in _PRONOUNS
        else phrase_party(subj, parties, offset)
    )


def roles_for(trig: Any, direction: str, parties: list[PartyMention], offset: int) -> list[Roles]:
    """Supplier/recipient pairs of one trigger (see module docstring)."""
    if direction == "pair":
        return _pair(trig, parties, offset)
    own_subj = any(c.dep_ in ("nsubj", "csubj") for c in trig.children)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trig.children) or (
        trig.dep_ == "acl" and not own_subj and trig.tag_ == "VBN"
    )
    agent = next(iter(_pobjs(trig, ("by",))), None)
    subj = agent if passive else (_subject(trig) if trig.pos_ in ("VERB", "AUX") else None)
    subj_pm = _role_of(subj, parties, offset, None) if subj is not None else None
    if trig.pos_ == "NOUN":
        subj_pm = _noun_agent(trig, parties, offset)
    if direction == "in":
        sources = [
            phrase_party(t, parties, offset) for o in (trig, *_objects(trig)) for t in _pobjs(o, _FROM)
        ]
        supplier = next((s for s in sources if s), None)
        return [Roles(supplier, subj_pm, supplier is not None)]
    sources = [phrase_party(t, parties, offset) for o in (trig, *_objects(trig)) for t in _pobjs(o, _FROM)]
    controlled, controller = (None, None) if own_subj or passive else _controller(trig, parties, offset)
    supplier = controlled or subj_pm or next((s for s in sources if s), None)
    recipients = _recipients(trig, parties, offset, supplier) or ([controller] if controller else [])
    return [Roles(supplier, r, True) for r in recipients] or [Roles(supplier, None, False)]


def _pronoun_subject(subj: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
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
    return _pronoun(subj, parties, offset, None)


def _pair(noun: Any, parties: list[PartyMention], offset: int) -> list[Roles]:
    between = _pobjs(noun, ("between",))
    if between:
        sides = [phrase_party(t, parties, offset) for t in _with_conj(between)]
        named = [s for s in sides if s]
        if len(named) >= 2:
            return [Roles(named[0], named[1], True)]
    partners = [phrase_party(t, parties, offset) for t in _pobjs(noun, ("with",))]
    partner = next((p for p in partners if p), None)
    if partner is None or noun.dep_ not in ("dobj", "nsubj", "pobj"):
        return []
    subj = _subject(noun.head)
    if subj is None:
        return []
    first = _role_of(subj, parties, offset, partner)
    return [Roles(first, partner, True)] if first else []


def origin(weapon: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    """The state a weapon comes from when the phrase says so ("North Korean rockets", "Iranian-made")."""
    for t in weapon.doc[weapon.left_edge.i : weapon.i]:
        pm = _at(t, parties, offset)
        if pm and pm.label in ("NORP", "GPE") and pm.party.country:
            return pm
    return None


def arming_roles(trig: Any, parties: list[PartyMention], offset: int) -> list[Roles]:
    """ "X is arming Y" / "X's arming of Y and Z": the object is the recipient, the weapons implicit."""
    supplier = _noun_agent(trig, parties, offset) if trig.pos_ == "NOUN" else None
    if supplier is None and trig.pos_ != "NOUN":
        subj = _subject(trig)
        supplier = phrase_party(subj, parties, offset) if subj is not None else None
    if supplier is None:
        return []
    last = trig.conjuncts[-1] if trig.conjuncts else trig
    objs = [c for t in (trig, last) for c in t.children if c.dep_ == "dobj"] + _pobjs(last, ("of",))
    out = []
    for obj in objs:
        named = [p for p in parties if offset + obj.left_edge.idx <= p.start <= offset + obj.right_edge.idx]
        for pm in named:
            if pm.party.kind in ("group", "state") and pm.party != supplier.party:
                out.append(Roles(supplier, pm, True))
    return out
