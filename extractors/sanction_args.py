"""Authority and targets of a sanctions sentence, read off the dependency parse.

The trigger is the measure phrase ("curbs on technology exports", "sanctions", "arms embargo"). Its
owner is the authority: the subject of the imposing verb ("Sweden announced sanctions"), a by-agent
("sanctions imposed by the EU"), or a possessive / compound ("the EU's sanctions", "US arms embargo").
Targets are named in the trigger's own phrase or in the verb's on/against/to/from/of phrases, as the
object of a sanctioning verb ("blacklisted three banks") or as the subject of a passive or of "be under"
/ "face". When the sentence names no owner: an authority named earlier in the sentence, the actor of a
previous sanctions sentence, or the speaker's state.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extractors.context import SentenceContext
from extractors.records import Party
from extractors.sanction_fallback import (
    UN,
    body_owner,
    coordinated,
    fallback_authority,
    for_subject,
    regime_target,
    same_country,
)
from extractors.sanction_roles import (
    Slot,
    as_state,
    can_sanction,
    governing_verb,
    in_subtree,
    same_party,
    slot_tokens,
    subject_of,
)
from extractors.sanctions_data import flex

_PREPS = frozenset({"on", "against", "to", "targeting", "from", "of", "including", "toward", "towards", "at"})
_SANCTION_VERBS = (
    "sanction", "blacklist", "designate", "target", "hit", "penalize", "penalise", "punish", "add", "list",
    "freeze", "froze", "frozen", "ban", "bar", "name", "delist", "slap", "unfreeze", "block", "embargo",
    "place", "put", "impose", "remove", "drop", "exempt", "release", "unfroze", "unfrozen",
)
_LIFT_WORD = flex(r"\b(?:lift(?:s|ed|ing)?|eas(?:e|es|ed|ing)|unfr(?:eeze|oze|ozen)|scrap(?:s|ped)?)\b", re.I)
_LIST_BREAK = re.compile(r",|;|\band\b|\bor\b")
_REASONS = frozenset({"for", "over", "after", "because", "amid", "despite", "following", "since"})
_ASIDE = frozenset({"despite", "under", "amid", "after", "since", "because", "against", "from", "with",
                    "during", "before", "until"})
_NEVER_TARGETS = frozenset({"UN Security Council", "United Nations"})
_UNDER_VERBS = ("be", "is", "are", "was", "were", "been", "remain", "face", "come", "fall", "stay", "suffer")


def _forms(bases: tuple[str, ...]) -> frozenset[str]:
    """Inflected forms of verbs (the pipeline runs without a lemmatizer)."""
    out: set[str] = set()
    for b in bases:
        stem = b[:-1] if b.endswith("e") else b
        double = b + b[-1] if len(b) <= 4 and b[-1] not in "aeiouwy" else b
        out.update({b, b + "s", b + "es", stem + "ed", stem + "ing", double + "ed", double + "ing"})
    return frozenset(out)


_SANCTIONING = _forms(_SANCTION_VERBS)
_IMPOSING = _SANCTIONING | _forms((
    "announce", "unveil", "adopt", "approve", "extend", "lift", "ease", "introduce", "expand", "tighten",
    "levy", "agree", "decide", "renew", "prolong", "consider", "prepare", "plan", "propose", "threaten",
    "order", "issue", "enact", "pass", "sign", "apply", "reimpose", "end", "scrap", "suspend", "waive",
    "keep", "maintain", "restrict", "phase", "broaden", "widen", "toughen", "step", "roll", "slap", "vote",
    "draw", "finalise", "finalize", "authorize", "authorise", "hit",
))
_UNDER = _forms(_UNDER_VERBS)
_STOP = flex(
    r"\b(?:in response to|in retaliation for|over|because|for (?:its|their|his|her|the)|for \w+ing|after|"
    r"since|following|amid|which|who|said|says|according to|told|to punish|to pressure)\b|[;:]"
)


@dataclass
class Roles:
    """What the parse says: the authority (or None), the slots naming it, the targets."""

    authority: Party | None = None
    agent: list[Slot] = field(default_factory=list)
    targets: list[Slot] = field(default_factory=list)
    explicit: bool = False
    also: list[Slot] = field(default_factory=list)  # further authorities coordinated with the first


def trigger_head(ctx: SentenceContext, start: int, end: int) -> Any:
    """The syntactic head of the trigger words [start, end) (sentence-relative offsets)."""
    base = ctx.span.start_char
    toks = [t for t in ctx.span if start <= t.idx - base < end] or [ctx.span[0]]
    inside = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    head = heads[0] if heads else toks[-1]
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head  # "sanctions package", "arms embargo regime": the phrase's noun
    return head


def find_roles(ctx: SentenceContext, slots: list[Slot], start: int, end: int,
               is_candidate: Callable[[str], bool]) -> Roles:
    """Authority and targets for the trigger at [start, end)."""
    head = trigger_head(ctx, start, end)
    verb = head if head.pos_ == "VERB" else governing_verb(head)
    roles = Roles()
    roles.agent = _agents(ctx, slots, head, verb)
    if roles.agent:
        roles.authority, roles.explicit = as_state(roles.agent[0].party), True
    roles.targets = _targets(ctx, slots, head, verb, (start, end), roles)
    if roles.authority is None:
        roles.authority = fallback_authority(ctx, slots, start, roles.targets, is_candidate)
    if not roles.targets and roles.explicit and _LIFT_WORD.search(ctx.sentence):
        roles.targets = _lone_state(ctx, slots, roles)
    kept = [t for t in roles.targets if not same_party(t.party, roles.authority)]
    roles.targets = _drop_modifiers(ctx, kept)
    if not roles.targets and roles.authority is not None and (roles.explicit or roles.authority == UN):
        found = regime_target(ctx, roles.authority, roles.agent, head, (start, end))
        roles.targets = [found] if found else []
    also = coordinated(ctx, roles.agent) if roles.explicit else []
    roles.also = [a for a in also if not any(same_country(t.party, as_state(a.party)) for t in roles.targets)]
    if roles.authority is not None and roles.authority.name == "United Nations":
        roles.authority = UN  # the UN sanctions through its Security Council
    return roles


def _lone_state(ctx: SentenceContext, slots: list[Slot], roles: Roles) -> list[Slot]:
    """'plans to reverse its position on Sudan and lift trade sanctions': a lifting with no target phrase
    is about the one state the sentence names besides the authority."""
    others = [s for s in slots if s.party.kind == "state" and not same_party(s.party, roles.authority)
              and s not in roles.agent and not _never_target(s, ctx.sentence)]
    return others if len({s.party.country for s in others}) == 1 else []


def _drop_modifiers(ctx: SentenceContext, targets: list[Slot]) -> list[Slot]:
    """'Russia's largest bank Sberbank', 'US Secretary of State Mike Pompeo': the state only qualifies."""
    sent = ctx.sentence
    named = [t for t in targets if t.party.kind != "state" and t.party.country]
    return [t for t in targets if not (t.party.kind == "state" and any(
        n.party.country == t.party.country and 0 <= n.start - t.end <= 40
        and not _LIST_BREAK.search(sent, t.end, n.start) for n in named))]


def _agents(ctx: SentenceContext, slots: list[Slot], head: Any, verb: Any) -> list[Slot]:
    subj = subject_of(verb)
    passive = subj is not None and subj.dep_ == "nsubjpass" and subj.head.i == verb.i
    by = [c for v in (verb, *[c for c in head.children if c.dep_ == "acl"]) for c in v.children
          if c.dep_ == "agent"]
    has_target = any(c.dep_ == "prep" and c.lower_ in _PREPS for c in head.children)
    # "Japanese trade sanctions" may be sanctions ON Japan: an adjective owns them only beside a target
    owners = [c for c in head.children if c.dep_ in ("poss", "compound", "nmod")
              or (c.dep_ == "amod" and (has_target or c.ent_type_ != "NORP"))]
    # "Despite the sanctions, Eritrea is ...": the subject of a clause the measure only qualifies
    aside = verb.lower_ not in _IMPOSING and head.dep_ == "pobj" and head.head.lower_ in _ASIDE
    subjects = [subj] if subj is not None and not aside else []
    groups: list[list[Any]] = [by, owners] if passive else [subjects, by, owners]
    if subj is not None and head.i in range(subj.left_edge.i, subj.right_edge.i + 1) and not passive:
        groups = [by, owners]
    elif has_target or verb.lower_ not in _IMPOSING or body_owner(ctx, slots, owners):
        groups = [owners, *groups]  # "the US arms embargo to Vietnam", "protest against U.S. sanctions"
    groups = [for_subject(verb), *groups]
    for heads in groups:
        found = [s for s in slots for h in heads if in_subtree(ctx, s, h) and can_sanction(s.party)
                 and (not s.anaphor or s.label == "GOVERNMENT")
                 and not (subj is not None and h.i == subj.i and head.i != verb.i
                          and in_subtree(ctx, s, head))]
        if found:
            return sorted(found, key=lambda s: not any(h.i in _token_ids(ctx, s) for h in heads))
    return []


def _targets(
    ctx: SentenceContext, slots: list[Slot], head: Any, verb: Any, trigger: tuple[int, int], roles: Roles
) -> list[Slot]:
    sent = ctx.sentence
    start, end = trigger
    stop = _STOP.search(sent, start)
    limit = stop.start() if stop else len(sent)
    inside = [t for t in ctx.span if start <= t.idx - ctx.span.start_char < end and t.dep_ != "pcomp"]
    heads = [c for t in (verb, head, *inside) for c in t.children if c.dep_ == "prep" and c.lower_ in _PREPS
             and not (c.lower_ == "from" and any(g.dep_ == "pcomp" for g in c.children))]  # "from selling"
    heads += [c for c in head.children if c.dep_ in ("conj", "appos")]
    sanctioning = verb.lower_ in _SANCTIONING or head.i == verb.i
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")] if sanctioning else []
    found = [s for s in slots if (start <= s.start < limit and any(in_subtree(ctx, s, h) for h in heads))
             or any(_object_of(ctx, s, o, head, verb) for o in objects)]
    subj = subject_of(verb)
    if subj is not None and (
        (subj.dep_ == "nsubjpass" and subj.head.i == verb.i and verb.lower_ in _SANCTIONING)
        or (verb.lower_ in _UNDER and any(c.lower_ in ("under", "with") for c in verb.children))
        or verb.lower_ in ("face", "faces", "faced", "facing")
    ):
        if subj.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
            subj = verb.head  # "Stroygazmontazh, which is already under U.S. sanctions"
        found = [s for s in slots if in_subtree(ctx, s, subj) and not in_subtree(ctx, s, head)][:1] + found
    owners = {id(s) for s in roles.agent}
    src = ctx.source
    return [s for s in found if id(s) not in owners and not _never_target(s, sent)
            and not _in_appos(ctx, s, slots)
            and not (src is not None and s.party.kind == "person" and same_party(s.party, src))]


def _never_target(slot: Slot, sent: str) -> bool:
    """Nameless bodies, UN organs, a state's own sanctioning bodies, 'Russia-related' programme words."""
    p = slot.party
    if p.kind == "media":
        return True
    state_body = slot.label == "AUTHORITY" and p.kind == "organisation" and p.country is not None
    return _generic(p) or state_body or p.name in _NEVER_TARGETS or sent[slot.end : slot.end + 9].startswith(
        ("-related", "-linked"))


def _token_ids(ctx: SentenceContext, slot: Slot) -> set[int]:
    return {t.i for t in slot_tokens(ctx, slot)}


def _object_of(ctx: SentenceContext, slot: Slot, obj: Any, head: Any, verb: Any) -> bool:
    """The slot is named in the verb's object itself, not in a clause hanging off it ("funds held in X")."""
    if not in_subtree(ctx, slot, obj) or (head.i != verb.i and in_subtree(ctx, slot, head)):
        return False
    cur = slot_tokens(ctx, slot)[0]
    while cur.i != obj.i and cur.head.i != cur.i:
        if cur.dep_ in ("acl", "relcl", "advcl") or (cur.dep_ == "prep" and cur.lower_ in _REASONS):
            return False
        cur = cur.head
    return True


def _generic(p: Party) -> bool:
    """A nameless body ("military", "government") is no target."""
    nameless = p.name[:1].islower() or p.kind == "other"
    return p.kind in ("organisation", "other") and p.country is None and nameless


def _in_appos(ctx: SentenceContext, slot: Slot, slots: list[Slot]) -> bool:
    """Inside an apposition to another named party ("Ivanov, a close associate of Putin")."""
    for tok in slot_tokens(ctx, slot)[:1]:
        cur = tok
        while cur.head.i != cur.i:
            if cur.dep_ == "appos":
                owner = cur.head
                return any(o is not slot and owner.i in {t.i for t in slot_tokens(ctx, o)} for o in slots)
            cur = cur.head
    return False
