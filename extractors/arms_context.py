"""Article context for arms roles: what a sentence leaves to the sentences around it.

Public API (used by extractors.arms):

- `context_supplier(ctx, trigger, recipient) -> PartyMention | None`
   "profits from arms sales to Iran were diverted": the sentence names only the recipient, the seller is
   the party the article is about. Only for supply-side triggers ("sale", "sell", "shipment") with no
   subject of their own (or a personal pronoun one). The first state-bound party (a state, a leader of
   a known state, an arms company) named before the trigger in the sentence, else the first one named
   in the nearest previous sentence (up to 3 back; a person or company before a state), else in the
   title; never the recipient's own state, never media or bodies.
- `presupposed(trigger) -> bool`   a transfer the sentence takes as given (asserted whatever frames it)
- `ruled_out(trigger) -> bool`     "no more/further transfers": denied
- `coreferent_parties(ctx) -> list[PartyMention]`   extra mentions for "the group" (the armed group the
   article was just talking about: the subject-position group of this sentence before it, else the first
   group named in the nearest previous sentence) and "the country" as an object or recipient (the first
   state named in the nearest previous sentence; a subject "the country" is read in its own sentence).
   Offsets are those of the phrase's head noun, so role finding (extractors.arms_parse.party_at) sees
   them like any named party.
"""

from __future__ import annotations

from typing import Any

from extractors.arms_parse import subject
from extractors.context import PartyMention, SentenceContext
from extractors.cues import cue_words
from extractors.parties import code_name, gazetteer_parties
from extractors.records import Party

_SUPPLIER_KINDS = ("state", "person", "company")
_GROUP_NOUNS = ("group", "militia", "movement", "faction")
_STATE_NOUNS = ("country", "kingdom", "regime")
_PERSONAL = ("he", "she", "we", "i", "they")


def _state_bound(party: Party, avoid: str | None) -> bool:
    if party.kind not in _SUPPLIER_KINDS or not party.country:
        return False
    return party.country != avoid


def _as_mention(party: Party, at: int) -> PartyMention:
    """A party borrowed from elsewhere in the article, anchored (zero width) at `at`."""
    if party.kind == "person" and party.country:
        party = Party(code_name(party.country), party.country, "state")
    return PartyMention(party.name, at, at, party, "CONTEXT")


def _readable(text: str) -> str:
    """A SHOUTED title in title case, so gazetteer names (Reagan, Iran) are found in it."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        return text.title()
    return text


def _earlier_texts(ctx: SentenceContext) -> list[str]:
    """The previous sentences, nearest first, then the title."""
    return [*reversed(ctx.previous), *([_readable(ctx.title)] if ctx.title else [])]


def context_supplier(
    ctx: SentenceContext, trig: Any, recipient: PartyMention | None, earlier: bool = True
) -> PartyMention | None:
    """The implicit supplier of a transfer whose sentence names only the recipient (module docstring)."""
    if not _subjectless(trig):
        return None  # "soldiers ... are selling arms to X": a subject the text names, not a party we know
    avoid = recipient.party.country if recipient is not None else None
    at = ctx.start + trig.idx
    before = [
        pm
        for pm in ctx.parties
        if pm.end <= at and _state_bound(pm.party, avoid) and pm.label not in ("CONTEXT", "NORP")
        and (recipient is None or pm.party != recipient.party)
    ]
    if before:  # the first: the sentence's topic, seldom a modifier ("a Swiss bank account")
        return _as_mention(before[0].party, before[0].start)
    for text in _earlier_texts(ctx) if earlier else []:
        named = [p for p in gazetteer_parties(_readable(text)) if _state_bound(p, avoid)]
        if named:  # an actor (a leader, a company) before a state that may only be a place
            return _as_mention(next((p for p in named if p.kind != "state"), named[0]), ctx.start)
    return None


def presupposed(trig: Any) -> bool:
    """A transfer taken as given, whatever the verbs above say: "profits from arms sales to X" (a noun
    under proceeds, cues.json "proceeds_nouns"), "stop selling weapons to X" (ongoing, "ongoing_verbs")."""
    if trig.pos_ == "NOUN" and trig.head.lower_ in ("from", "of"):
        return trig.head.head.lower_ in cue_words("proceeds_nouns")
    node = trig
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    return node.dep_ == "xcomp" and node.head.lower_ in cue_words("ongoing_verbs")


def ruled_out(trig: Any) -> bool:
    """ "there will be no more transfers of arms to X": a denial of further transfers."""
    return any(
        c.dep_ == "amod" and c.lower_ in ("more", "further") and any(g.lower_ == "no" for g in c.children)
        for c in trig.children
    )


def _subjectless(trig: Any) -> bool:
    """A noun trigger without an agent, or a verb whose subject is absent or a personal pronoun."""
    if trig.pos_ == "NOUN":
        return True
    subj = subject(trig)
    return subj is None or subj.lower_ in _PERSONAL


def coreferent_parties(ctx: SentenceContext) -> list[PartyMention]:
    """ "the group" / "the country" as the party they stand for (module docstring)."""
    out: list[PartyMention] = []
    for tok in ctx.span:
        low = tok.lower_
        if low not in _GROUP_NOUNS and low not in _STATE_NOUNS:
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            continue
        at = ctx.start + tok.idx
        if any(pm.start <= at < pm.end for pm in ctx.parties):
            continue
        party = _group_for(ctx, at) if low in _GROUP_NOUNS else _state_for(ctx, tok)
        if party is not None:
            out.append(PartyMention(tok.text, at, at + len(tok.text), party, "CONTEXT"))
    return out


def _group_for(ctx: SentenceContext, at: int) -> Party | None:
    subjects = [
        pm
        for pm in ctx.parties
        if pm.end <= at and pm.party.kind == "group" and _is_subject(ctx, pm)
    ]
    if subjects:
        return subjects[-1].party
    return _first_earlier(ctx, lambda p: p.kind == "group")


def _state_for(ctx: SentenceContext, tok: Any) -> Party | None:
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return None  # a subject: extractors.arms_parse.definite_state reads it inside the sentence
    return _first_earlier(ctx, lambda p: p.kind == "state" and bool(p.country))


def _first_earlier(ctx: SentenceContext, wanted: Any) -> Party | None:
    for text in _earlier_texts(ctx)[: len(ctx.previous)]:
        found = next((p for p in gazetteer_parties(text) if wanted(p)), None)
        if found is not None:
            return found
    return None


def _is_subject(ctx: SentenceContext, pm: PartyMention) -> bool:
    for tok in ctx.span:
        if ctx.start + tok.idx == pm.start or pm.start <= ctx.start + tok.idx < pm.end:
            node = tok
            while node.dep_ in ("compound", "amod", "appos", "flat") and node.head.i != node.i:
                node = node.head
            if node.dep_ in ("nsubj", "nsubjpass"):
                return True
    return False
