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
- `arming_roles(trigger, parties, offset) -> list[Roles]`   "X is arming Y" (weapons implicit).
- `origin(weapon_token, parties, offset) -> PartyMention | None`  "Iranian drones", "X-made drones".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extractors.arms_parse import (
    PRONOUNS,
    objects,
    party_at,
    phrase_party,
    pobjs,
    pronoun,
    pronoun_subject,
    role_of,
    subject,
    with_conj,
)
from extractors.context import PartyMention

_TO = ("to", "into", "for")
_FROM = ("from",)


@dataclass(frozen=True)
class Roles:
    supplier: PartyMention | None
    recipient: PartyMention | None
    explicit: bool


def _controller(verb: Any, parties: list[PartyMention], offset: int) -> tuple[Any, Any]:
    """'Russia turned to Iran to provide drones' -> (Iran, Russia); (None, None) when not that shape."""
    if verb.dep_ not in ("xcomp", "advcl") or any(c.dep_ == "nsubj" for c in verb.children):
        return None, None
    head = verb.head
    cands = [c for c in head.children if c.dep_ == "dobj"] + pobjs(head, ("to", "on", "upon"))
    for c in cands:
        pm = phrase_party(c, parties, offset)
        if pm:
            return pm, phrase_party(subject(head), parties, offset)
    return None, None


def _use_by(tok: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    for t in tok.subtree:
        if t.lower_ == "use" and t.head.lower_ == "for":
            for by in pobjs(t, ("by",)):
                return phrase_party(by, parties, offset)
    return None


def _recipients(trig: Any, parties: list[PartyMention], offset: int, supplier: Any) -> list[Any]:
    by_use = _use_by(trig, parties, offset)
    if by_use:
        return [by_use]
    toks = with_conj(pobjs(trig, _TO))
    if trig.pos_ == "NOUN" and trig.dep_ == "dobj":  # "approved export licences for X to Y"
        toks += with_conj(pobjs(trig.head, ("to", "into")))
    for obj in objects(trig):
        toks += with_conj(pobjs(obj, ("to", "into")))
    if trig.pos_ == "NOUN" and trig.dep_ == "pobj" and trig.head.lower_ == "with":  # "flooded X with sales"
        toks += [c for c in trig.head.head.children if c.dep_ == "dobj" and trig.head.head.pos_ == "VERB"]
    toks += [c for c in trig.children if c.dep_ in ("dative", "iobj")]
    if trig.pos_ == "VERB":
        toks += [
            c for c in trig.children if c.dep_ == "dobj" and any(g.lower_ == "with" for g in trig.children)
        ]
    out = []
    for t in toks:
        pm = (
            pronoun(t, parties, offset, supplier)
            if t.lower_ in PRONOUNS
            else phrase_party(t, parties, offset)
        )
        if pm:
            out.append(pm)
    return out


def _noun_agent(noun: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    """Who does what a noun trigger names: "X's deliveries", "deliveries by X", "X completed a delivery",
    "Hanoi seeks to improve ... with the procurement of ..." (the governing clause's subject)."""
    mods = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")] + pobjs(noun, ("by",))
    found = next((p for p in (phrase_party(c, parties, offset) for c in mods) if p), None)
    if found is None and any(c.dep_ == "poss" and c.lower_ in PRONOUNS for c in noun.children):
        found = pronoun_subject(noun, parties, offset)  # "through its arming of X": the clause's subject
    if found is not None or noun.dep_ not in ("dobj", "pobj"):
        return found
    head = noun.head
    while head.dep_ == "prep" and head.head.i != head.i and head.head.pos_ != "NOUN":
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    subj = subject(head)
    if subj is None:
        return None
    return (
        pronoun_subject(subj, parties, offset)
        if subj.lower_ in PRONOUNS
        else phrase_party(subj, parties, offset)
    )


def _bare_participle(trig: Any, agent: Any, parties: list[PartyMention], offset: int) -> bool:
    """ "many of them supplied by the Americans": a participle with no auxiliary and a party as agent."""
    no_aux = not any(c.dep_ in ("aux", "auxpass") for c in trig.children)
    return no_aux and agent is not None and phrase_party(agent, parties, offset) is not None


def roles_for(trig: Any, direction: str, parties: list[PartyMention], offset: int) -> list[Roles]:
    """Supplier/recipient pairs of one trigger (see module docstring)."""
    if direction == "pair":
        return _pair(trig, parties, offset)
    own_subj = any(c.dep_ in ("nsubj", "csubj") for c in trig.children)
    agent = next(iter(pobjs(trig, ("by",))), None)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trig.children) or (
        trig.tag_ == "VBN"
        and (trig.dep_ == "acl" and not own_subj or _bare_participle(trig, agent, parties, offset))
    )
    subj = agent if passive else (subject(trig) if trig.pos_ in ("VERB", "AUX") else None)
    subj_pm = role_of(subj, parties, offset, None) if subj is not None else None
    if trig.pos_ == "NOUN":
        subj_pm = _noun_agent(trig, parties, offset)
    if direction == "in":
        sources = [phrase_party(t, parties, offset) for o in (trig, *objects(trig)) for t in pobjs(o, _FROM)]
        supplier = next((s for s in sources if s), None)
        return [Roles(supplier, subj_pm, supplier is not None)]
    sources = [phrase_party(t, parties, offset) for o in (trig, *objects(trig)) for t in pobjs(o, _FROM)]
    controlled, controller = (None, None) if own_subj or passive else _controller(trig, parties, offset)
    supplier = controlled or subj_pm or next((s for s in sources if s), None)
    recipients = _recipients(trig, parties, offset, supplier) or ([controller] if controller else [])
    return [Roles(supplier, r, True) for r in recipients] or [Roles(supplier, None, False)]


def _pair(noun: Any, parties: list[PartyMention], offset: int) -> list[Roles]:
    between = pobjs(noun, ("between",))
    if between:
        sides = [phrase_party(t, parties, offset) for t in with_conj(between)]
        named = [s for s in sides if s]
        if len(named) >= 2:
            return [Roles(named[0], named[1], True)]
    partners = [phrase_party(t, parties, offset) for t in pobjs(noun, ("with",))]
    partner = next((p for p in partners if p), None)
    if partner is None or noun.dep_ not in ("dobj", "nsubj", "pobj"):
        return []
    subj = subject(noun.head)
    if subj is None:
        return []
    first = role_of(subj, parties, offset, partner)
    return [Roles(first, partner, True)] if first else []


def origin(weapon: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    """The state a weapon comes from when the phrase says so ("North Korean rockets", "Iranian-made")."""
    for t in weapon.doc[weapon.left_edge.i : weapon.i]:
        pm = party_at(t, parties, offset)
        if pm and pm.label in ("NORP", "GPE") and pm.party.country:
            return pm
    return None


def arming_roles(trig: Any, parties: list[PartyMention], offset: int) -> list[Roles]:
    """ "X is arming Y" / "X's arming of Y and Z": the object is the recipient, the weapons implicit."""
    supplier = _noun_agent(trig, parties, offset) if trig.pos_ == "NOUN" else None
    if supplier is None and trig.pos_ != "NOUN":
        subj = subject(trig)
        supplier = role_of(subj, parties, offset, None) if subj is not None else None
    if supplier is None:
        return []
    last = trig.conjuncts[-1] if trig.conjuncts else trig
    objs = [c for t in (trig, last) for c in t.children if c.dep_ == "dobj"] + pobjs(last, ("of",))
    out = []
    for obj in objs:
        for tok in obj.subtree:
            pm = party_at(tok, parties, offset)
            if pm is None or pm.start != offset + tok.idx or pm.party.kind not in ("group", "state"):
                continue
            if tok.head.dep_ == "prep" and tok.head.lower_ not in ("as", "of"):
                continue  # "fighters in Somalia" is a place, not who is armed ("such as X" is)
            if pm.party != supplier.party:
                out.append(Roles(supplier, pm, True))
    return out
