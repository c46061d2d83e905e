"""Sanctions announcements: who sanctions whom, with which measure, imposed / planned / lifted.

A finding needs an authority (a state, the EU, the UN, or a named body with its state) and at least one
target. Cues live in `gazetteers/measures.jsonl` and `gazetteers/sanction_cues.jsonl`; authorities in
`gazetteers/authorities.jsonl`. Not findings: sanctions as a topic, debates and calls for sanctions,
threats, sport sanctions, "sanction" meaning approval.
"""

from __future__ import annotations

import re

from extractors.context import SentenceContext
from extractors.records import Mention, Party
from extractors.sanction_roles import (
    Slot,
    as_state,
    governing_verb,
    in_subtree,
    sentence_slots,
    subject_of,
    token_at,
)
from extractors.sanctions_data import Found, find_authorities, find_cues, find_measures, find_programme

VERSION = "sanctions/1"
_CANDIDATE = re.compile(
    r"sanction|embargo|blacklist|designat|freez|froze|entity list|export (?:control|curb|ban|restriction)|"
    r"curbs on|restrictions on|travel ban|visa ban|entry ban|price cap|delist|boycott|tariff|"
    r"\bOFAC\b|\bSDN\b|restrictive measures|ban on",
    re.IGNORECASE,
)
# Words after which a party no longer is a target: reasons, time clauses, attribution.
_TARGET_STOP = re.compile(
    r"\b(?:in response to|in retaliation for|over|because|for (?:its|their|his|her|the)|after|since|"
    r"following|amid|which|who|said|says|according to|told|to punish|to pressure)\b|[;:]"
)
_PASSIVE_TARGET = re.compile(
    r"\b(?:is|are|was|were|been|be|remains?|remained|being)\s+(?:\w+\s+){0,2}(?:under|sanctioned|blacklisted|"
    r"designated|hit|targeted|subject(?:ed)? to|placed|added|listed)\b|\b(?:faces?|faced|facing)\b",
    re.IGNORECASE,
)
_DEBATE_WINDOW = 90
_PLAN_WINDOW = 70
_MEASURE_ORDER = (
    "arms_embargo", "asset_freeze", "travel_ban", "export_controls", "trade_restrictions", "designation",
)
_COMING = re.compile(r"\b(?:are|is|were|was|will be) (?:coming|planned|expected|due|to be imposed)\b")
_NON_STATE_TARGETS = frozenset({"person", "company", "group", "vessel", "organisation"})


def is_candidate(sentence: str) -> bool:
    """Cheap keyword test: could this sentence announce a sanction?"""
    return bool(_CANDIDATE.search(sentence))


def extract(ctx: SentenceContext) -> list[Mention]:
    """The sanction finding of one sentence (at most one), or none."""
    sent = ctx.sentence
    trigger = _trigger(sent)
    if trigger is None or _not_finding(sent, trigger):
        return []
    slots = sentence_slots(ctx)
    authority, agent_slots, explicit = _authority(ctx, slots, trigger)
    targets = _targets(ctx, slots, trigger, authority, agent_slots)
    if authority is None or not targets:
        return []
    measure = _measure(sent, targets)
    action = _action(sent, trigger)
    programme = find_programme(sent)
    conf = 0.5 + 0.15 * explicit + 0.1 * any(not t.anaphor for t in targets) + 0.1 * (measure != "other")
    conf += 0.05 * (programme is not None) - 0.05 * (action == "planned")
    return [Mention(
        type="sanction", sentence=sent, start=ctx.start, end=ctx.end, confidence=round(min(conf, 0.95), 2),
        extractor_version=VERSION, source=ctx.source, authority=authority,
        targets=_unique([t.party for t in targets]), measure=measure, action=action, programme=programme,
    )]


def _trigger(sent: str) -> Found | None:
    hits = find_measures(sent) + find_cues("trigger", sent)
    return min(hits, key=lambda f: f.start) if hits else None


def _not_finding(sent: str, trigger: Found) -> bool:
    for hit in find_cues("not_finding", sent):
        if hit.value != "debate":
            return True
        if trigger.start - _DEBATE_WINDOW <= hit.start <= trigger.end:
            return True
    return False


def _authority(
    ctx: SentenceContext, slots: list[Slot], trigger: Found
) -> tuple[Party | None, list[Slot], bool]:
    """(authority, the slots that name it, named in this sentence?)."""
    tok = token_at(ctx, trigger.start)
    verb = governing_verb(tok)
    subj = subject_of(verb)
    candidates: list[Slot] = []
    for head in (tok, subj):
        if head is None:
            continue
        for s in slots:
            if s.anaphor or s in candidates or not in_subtree(ctx, s, head):
                continue
            if head is tok and s.start >= trigger.start:
                continue  # "curbs on exports to X": X is a target, not the owner
            candidates.append(s)
    owners = [s for s in candidates if _can_sanction(s.party)]
    passive = subj is not None and subj.dep_ == "nsubjpass"
    if owners and not (passive and owners[0] not in _by_agent(ctx, slots, verb)):
        return as_state(owners[0].party), owners, True
    by = _by_agent(ctx, slots, verb)
    if by:
        return as_state(by[0].party), by, True
    return _fallback_authority(ctx, slots, trigger), [], False


def _by_agent(ctx: SentenceContext, slots: list[Slot], verb: object) -> list[Slot]:
    agents = [c for c in getattr(verb, "children", []) if c.dep_ == "agent"]
    return [s for a in agents for s in slots if in_subtree(ctx, s, a) and _can_sanction(s.party)]


def _can_sanction(p: Party) -> bool:
    return p.kind == "state" or (p.country is not None and p.kind in ("organisation", "person")) or (
        p.kind == "organisation" and p.name in ("European Union", "European Community", "UN Security Council")
    )


def _fallback_authority(ctx: SentenceContext, slots: list[Slot], trigger: Found) -> Party | None:
    """An authority named before the trigger, in a previous sanctions sentence, or the speaker's state."""
    before = [s for s in slots if s.end <= trigger.start and s.label == "AUTHORITY"]
    if before:
        return as_state(before[-1].party)
    for text in reversed(ctx.previous):
        if is_candidate(text):
            found = find_authorities(text)
            if found and found[0].party:
                return found[0].party
            from extractors.sanction_roles import parties_in_text

            states = [p for p in parties_in_text(text) if p.kind == "state"]
            if states:
                return states[0]
    src = ctx.source
    if src is not None and src.country and src.kind in ("person", "organisation"):
        return as_state(src) if src.kind == "person" else src
    return None


def _targets(ctx: SentenceContext, slots: list[Slot], trigger: Found, authority: Party | None,
             agent_slots: list[Slot]) -> list[Slot]:
    sent = ctx.sentence
    stop = _TARGET_STOP.search(sent, trigger.end)
    limit = stop.start() if stop else len(sent)
    out = [s for s in slots if trigger.start <= s.start < limit]
    passive = _PASSIVE_TARGET.search(sent[: trigger.end + 1])
    if passive:
        out = [s for s in slots if s.end <= passive.start()][:1] + out
    src = ctx.source
    return [s for s in out if s not in agent_slots and not _same(s.party, authority)
            and not (src is not None and _same(s.party, src) and s.party.kind == "person")]


def _same(a: Party, b: Party | None) -> bool:
    if b is None:
        return False
    if a.kind == "state" and b.kind == "state":
        return a.country == b.country
    return (a.name, a.country) == (b.name, b.country)


def _measure(sent: str, targets: list[Slot]) -> str:
    hits = find_measures(sent)
    if hits:
        return min((h.value for h in hits), key=_MEASURE_ORDER.index)
    if all(t.party.kind in _NON_STATE_TARGETS for t in targets):
        return "designation"
    return "other"


def _action(sent: str, trigger: Found) -> str:
    lo = max(0, trigger.start - _PLAN_WINDOW)
    window = sent[lo : trigger.end + 40]
    kept = find_cues("kept", window)
    lifted = [h for h in find_cues("lifted", window) if not any(k.start <= h.start < k.end for k in kept)]
    if lifted and not kept:
        return "lifted"
    planned = find_cues("planned", sent[lo : trigger.start]) + find_cues("planned", sent[trigger.start :])
    if any(h.value == "planned" for h in planned) and _plans_near(sent, trigger):
        return "planned"
    return "imposed"


def _plans_near(sent: str, trigger: Found) -> bool:
    lo = max(0, trigger.start - _PLAN_WINDOW)
    if find_cues("planned", sent[lo : trigger.start]):
        return True
    after = sent[trigger.start : trigger.end + 40]
    return bool(_COMING.search(after))


def _unique(parties: list[Party]) -> list[Party]:
    out: list[Party] = []
    for p in parties:
        if all(not _same(p, q) for q in out):
            out.append(p)
    return out
