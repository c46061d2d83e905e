"""Roles of a sanctions sentence that its own parse does not give: read from the sentence's neighbours.

- the authority, when the sentence names none: the Council when its resolutions are the topic, an
  authority named earlier in the sentence, the actor of a previous sanctions sentence, or the speaker;
- the target, when the sentence names none: the one state under a UN sanctions regime (Iran, North
  Korea, Libya, ...) named in the sentence or, failing that, in the nearest previous sentence naming one;
- the subject of "for X to impose sanctions", which the parse hangs on the outer verb;
- the other authorities of "Japan and Australia imposed sanctions": coordinated with the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from extractors.context import SentenceContext
from extractors.records import Party
from extractors.resolutions import find_resolutions
from extractors.sanction_roles import Slot, as_state, can_sanction, in_subtree, same_party, slot_tokens
from extractors.sanction_text import states_at, states_in_text
from extractors.sanctions_data import flex, regime_for_state

UN = Party("UN Security Council", None, "organisation")
_COUNCIL_WORDS = flex(r"\b(?:resolutions?|the Council)\b")
_UN_TALK = flex(r"\bSecurity Council\b|\bUNSC\b|\bUnited Nations\b|\bUN\b|\bU\.N\.")
_SANCTIONS_WORD = flex(r"sanction|embargo|penalt|punitive|measures", re.IGNORECASE)
_COORDINATED = flex(r"^(?:\s*(?:,|and|&|as well as|together with|along with)\s*)+(?:the\s+)?$", re.IGNORECASE)


def same_country(a: Party, b: Party) -> bool:
    """For a guessed authority: any party of the target's own state is excluded."""
    return same_party(a, b) or (a.country is not None and a.country == b.country)


def fallback_authority(ctx: SentenceContext, slots: list[Slot], start: int, targets: list[Slot],
                       is_candidate: Callable[[str], bool]) -> Party | None:
    """Who acts when the sentence's parse names no owner of the measure (see module docstring)."""
    council_topic = any(_UN_TALK.search(t) or find_resolutions(t) for t in (ctx.sentence, *ctx.previous))
    if council_topic and _COUNCIL_WORDS.search(ctx.sentence):
        return UN  # "resolutions imposing sanctions against Iran", where the Council is the topic
    before = [s.party for s in slots if s.end <= start and s.label == "AUTHORITY" and can_sanction(s.party)]
    for p in reversed(before):
        if not any(same_country(t.party, p) for t in targets):
            return as_state(p)
    for text in reversed(ctx.previous):
        if not is_candidate(text):
            continue
        named = states_in_text(text)
        actors = [p for p in named if can_sanction(p) and not any(same_country(t.party, p) for t in targets)]
        return as_state(actors[0]) if actors else None
    src = ctx.source
    if src is not None and src.country and src.kind in ("person", "organisation", "state"):
        actor = as_state(src) if src.kind == "person" else src
        return None if any(same_country(t.party, actor) for t in targets) else actor
    return None


def regime_target(ctx: SentenceContext, authority: Party, agent: list[Slot], head: Any,
                  trigger: tuple[int, int]) -> Slot | None:
    """The one state under a UN sanctions regime the sentence (else the nearest earlier sentence naming
    any) names, other than the authority: 'UN sanctions were adopted in June and hit Tehran hard'. Only
    for sanctions named as such (not a verb with its own object, not 'the Russia sanctions deal')."""
    if head.pos_ == "VERB" or target_like(ctx, agent) or not _SANCTIONS_WORD.search(ctx.sentence, *trigger):
        return None
    texts = [(ctx.sentence, True), *((t, False) for t in reversed(ctx.previous))]
    for text, here in texts:
        found = [(s, e, p) for s, e, p in states_at(text) if p.kind == "state" and regime_for_state(p.country)
                 and not same_party(p, authority)]
        if not found:
            continue
        if len({p.country for _, _, p in found}) != 1:
            return None
        s, e, p = found[0]
        return Slot(p, s, e, "GPE") if here else Slot(p, 0, 0, "CONTEXT", anaphor=True)
    return None


def for_subject(verb: Any) -> list[Any]:
    """'it took five weeks for Obama to impose sanctions': the object of 'for' is who imposes;
    'Russia criticized the US and the EU for following up with sanctions': the criticized act."""
    if verb.dep_ == "pcomp" and verb.head.lower_ == "for" and verb.head.head.i != verb.head.i:
        return [c for c in verb.head.head.children if c.dep_ == "dobj"]
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) or verb.head.i == verb.i:
        return []
    fors = [c for c in verb.head.children if c.dep_ == "prep" and c.lower_ == "for" and c.i < verb.i]
    return [g for f in fors[-1:] for g in f.children if g.dep_ == "pobj"]


def coordinated(ctx: SentenceContext, agents: list[Slot]) -> list[Slot]:
    """The agents coordinated with the first one ('Japan and Australia', 'the US, the EU and Britain'),
    each a distinct sanctioning party, in text order; not parties of a phrase ('talks between X and Y')."""
    toks = slot_tokens(ctx, agents[0]) if agents else []
    if not toks or (toks[-1].dep_ == "pobj" and toks[-1].head.lower_ != "by"):
        return []
    sent = ctx.sentence
    runs: list[list[Slot]] = []
    for cur in sorted(agents, key=lambda a: a.start):
        if runs and _COORDINATED.match(sent[runs[-1][-1].end : cur.start]):
            runs[-1].append(cur)
        else:
            runs.append([cur])
    first = agents[0]
    run = next(r for r in runs if first in r)
    out: list[Slot] = []
    for cur in run:
        if cur is not first and can_sanction(cur.party) and not any(
                same_party(as_state(cur.party), as_state(o.party)) for o in [first, *out]):
            out.append(cur)
    return out


def target_like(ctx: SentenceContext, agent: list[Slot]) -> bool:
    """'the Russia sanctions deal': a state's full name as a bare modifier names the target as often."""
    toks = slot_tokens(ctx, agent[0]) if agent else []
    bare = bool(toks) and toks[-1].dep_ == "compound" and agent[0].label == "GPE"
    return bare and not short_form(ctx, agent[0])


def body_owner(ctx: SentenceContext, slots: list[Slot], owners: list[Any]) -> bool:
    """The measure's own modifier is a sanctioning body or a state's short form ("Security Council
    sanctions", "U.S. sanctions"): it owns them whoever the clause's subject is."""
    named = [s for s in slots for o in owners if in_subtree(ctx, s, o)]
    return any(s.label == "AUTHORITY" or short_form(ctx, s) for s in named)


def short_form(ctx: SentenceContext, slot: Slot) -> bool:
    """'U.S.', 'UK', 'EU': a short form (a full name before 'sanctions' may name the target)."""
    return ctx.sentence[slot.start : slot.end].replace(".", "").isupper()
