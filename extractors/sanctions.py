"""Sanctions announcements: who sanctions whom, with which measure, imposed / planned / lifted.

A finding needs an authority (a state, the EU, the UN, or a named body with its state) and at least one
target. Cues live in `gazetteers/measures.jsonl` and `gazetteers/sanction_cues.jsonl`; authorities in
`gazetteers/authorities.jsonl`. Not findings: sanctions as a topic, debates and calls for sanctions,
threats, sport sanctions, "sanction" meaning approval.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.context import SentenceContext
from extractors.records import Mention, Party
from extractors.sanction_args import find_roles, trigger_head
from extractors.sanction_roles import Slot, as_state, sentence_slots, token_at
from extractors.sanctions_data import Found, find_cues, find_measures, find_programme, flex

VERSION = "sanctions/2"
_CANDIDATE = flex(
    r"sanction|embargo|blacklist|designat|freez|froze|entity list|export (?:control|curb|ban|restriction)|"
    r"curbs on|restrictions on|travel ban|visa ban|entry ban|price cap|delist|boycott|tariff|"
    r"\bOFAC\b|\bSDN\b|restrictive measures|\bban(?:s|ned|ning)?\b|\bbarred\b|restrictions|curbs|penalties|"
    r"measures (?:on|against)|licen[cs]e requirement|phas(?:e|es|ed|ing) out|from entering|restrict|"
    r"prohibit|forb[ia]d|contracts (?:to|with)|debar|measures (?:to|for the)",
    re.IGNORECASE,
)
_DEBATE_WINDOW = 90
_AFTER_WINDOW = 100
_MODALS = frozenset({"would", "could", "might", "may", "should"})
_PLAN_WINDOW = 70
_MEASURE_ORDER = (
    "arms_embargo", "asset_freeze", "travel_ban", "export_controls", "trade_restrictions", "designation",
    "other",
)
_LIFTED_AFTER = flex(
    r"\b(?:be|been|are|is|were|was|being) (?:lifted|eased|removed|suspended)\b|"
    r"\b(?:will|shall|would|to) (?:also |soon |now )?(?:end|expire|lapse)\b"
)
_COMING = flex(
    r"\b(?:are|is|were|was|will be) (?:coming|planned|expected|due|to be imposed|being (?:prepared|drawn up|"
    r"considered|readied|finalised|finalized)|in the works|in the pipeline)\b"
)
_SANCTIONED = flex(r"sanction(?:ed|ing)\b", re.IGNORECASE)
_LISTED_PEOPLE = flex(
    r" ?(?:[\w-]+ ){0,3}?(?:officials|individuals|people|persons|entities|companies|firms|banks|businessmen|"
    r"oligarchs|ministers|generals|commanders|nationals|officers|executives|lawmakers|judges|leaders)\b",
    re.IGNORECASE,
)
_NOT_A_MEASURE = flex(  # "sanctions monitors", "sanctions lawyers": people and bodies around sanctions
    r" (?:monitors?|experts?|panel|committee|lawyers?|specialists?|evasion|busting|compliance|screening|"
    r"and Trade)\b",  # "General Agreement on Tariffs and Trade" is a treaty's name
    re.IGNORECASE,
)
_NON_STATE_TARGETS = frozenset({"person", "company", "group", "vessel", "organisation"})


def is_candidate(sentence: str) -> bool:
    """Cheap keyword test: could this sentence announce a sanction?"""
    return bool(_CANDIDATE.search(sentence))


def extract(ctx: SentenceContext) -> list[Mention]:
    """The sanction finding of one sentence (at most one), or none."""
    sent = ctx.sentence
    trigger = _trigger(ctx)
    if trigger is None or _not_finding(sent, trigger):
        return []
    if any(c.start < trigger.start for c in find_cues("violation", sent)) and find_cues("un_context", sent):
        return []  # "in defiance of a UN ban ... sanctions on the country": a violation, not news of one
    sport = any(h.value == "sport" for h in find_cues("not_finding", sent))
    roles = find_roles(ctx, sentence_slots(ctx), trigger.start, trigger.end, is_candidate)
    authority = roles.authority
    targets = [t for t in roles.targets if not _is_cue(sent[t.start : t.end])]
    if authority is None or not targets or _hypothetical(ctx, trigger) or (sport and not roles.explicit):
        return []
    measure = _measure(sent, targets, trigger)
    action = _action(ctx, trigger)
    programme = find_programme(sent)
    named = any(not t.anaphor for t in targets)
    conf = 0.5 + 0.15 * roles.explicit + 0.1 * named + 0.1 * (measure != "other")
    conf += 0.05 * (programme is not None) - 0.05 * (action == "planned")
    found = [Mention(
        type="sanction", sentence=sent, start=ctx.start, end=ctx.end, confidence=round(min(conf, 0.95), 2),
        extractor_version=VERSION, source=ctx.source, authority=authority,
        targets=_unique([t.party for t in targets]), measure=measure, action=action, programme=programme,
    )]
    return found + [_also(found[0], slot, trigger) for slot in roles.also if _narrower(sent, slot, trigger)]


def _narrower(sent: str, slot: Slot, trigger: Found) -> bool:
    """Its own part of the sentence is shorter than the sentence (so its span differs from the first's)."""
    return slot.start > 0 if slot.start < trigger.start else slot.end < len(sent)


def _also(first: Mention, slot: Slot, trigger: Found) -> Mention:
    """The same measure by a coordinated authority ("Japan and Australia imposed ..."): one finding per
    authority, so each (authority, target, measure) claim and its alert stand on their own. Its evidence
    is the part of the sentence from that authority on (or up to it, when it follows the measure), which
    also gives it its own span, hence its own mention_id."""
    rel_start, rel_end = (slot.start, len(first.sentence)) if slot.start < trigger.start else (0, slot.end)
    return replace(first, sentence=first.sentence[rel_start:rel_end], start=first.start + rel_start,
                   end=first.start + rel_end, authority=as_state(slot.party))


def _trigger(ctx: SentenceContext) -> Found | None:
    sent = ctx.sentence
    names = [(p.start - ctx.start, p.end - ctx.start) for p in ctx.parties if p.party.kind != "state"]
    hits = find_measures(sent) + find_cues("trigger", sent)
    hits = [h for h in hits if not _NOT_A_MEASURE.match(sent, h.end)
            and not any(a < h.start and h.end <= b for a, b in names)]  # "General Agreement on Tariffs"
    return min(hits, key=lambda f: f.start) if hits else None


def _not_finding(sent: str, trigger: Found) -> bool:
    """Sport, approval, or a debate / threat / condition around the trigger."""
    for hit in find_cues("not_finding", sent):
        if hit.value in ("approval", "campaign"):
            return True
        if hit.value == "debate" and trigger.start - _DEBATE_WINDOW <= hit.start <= trigger.end:
            return True
    return any(trigger.end <= h.start <= trigger.end + _AFTER_WINDOW for h in find_cues("condition", sent))


def _is_cue(words: str) -> bool:
    """A 'party' that is really a measure word ("SDN", "Entity List")."""
    return bool(find_measures(words) or find_cues("trigger", words))


def _hypothetical(ctx: SentenceContext, trigger: Found) -> bool:
    """'sanctions against X would set back ...': the measure is the subject of a modal verb."""
    head = trigger_head(ctx, trigger.start, trigger.end)
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in head.head.children)


def _measure(sent: str, targets: list[Slot], trigger: Found) -> str:
    """The most specific measure named; unspecified sanctions on people or entities are designations."""
    hits = find_measures(sent)
    at_trigger = [h.value for h in hits if h.start < trigger.end and trigger.start < h.end]
    if hits:
        return min(at_trigger or [h.value for h in hits], key=_MEASURE_ORDER.index)
    if all(t.party.kind in _NON_STATE_TARGETS for t in targets) or _SANCTIONED.match(sent, trigger.start):
        return "designation"
    if any(_LISTED_PEOPLE.match(sent, t.end) for t in targets):
        return "designation"  # "five North Korean officials": people of a state, not the state
    return "other"


def _action(ctx: SentenceContext, trigger: Found) -> str:
    sent = ctx.sentence
    lo = max(0, trigger.start - _PLAN_WINDOW)
    before = sent[lo : trigger.end]
    kept = find_cues("kept", before)
    lifting = [h for h in find_cues("lifted", before) if not _lifts_other(ctx, lo + h.start, trigger)]
    lifted = lifting or _LIFTED_AFTER.findall(sent[trigger.end : trigger.end + 40])
    if lifted and not kept:
        hedged = find_cues("hedge", sent[max(0, trigger.start - 2 * _PLAN_WINDOW) : trigger.end + 40])
        return "imposed" if hedged else "lifted"
    planned = find_cues("planned", sent[lo : trigger.start]) + find_cues("planned", sent[trigger.start :])
    if any(h.value == "planned" for h in planned) and _plans_near(sent, trigger):
        return "planned"
    return "imposed"


def _lifts_other(ctx: SentenceContext, at: int, trigger: Found) -> bool:
    """'agreed to remove any reference to it in the Council sanctions': the lifting verb's object is
    something else than the measure."""
    verb = token_at(ctx, at)
    objects = [c for c in verb.children if c.dep_ == "dobj"] if verb.pos_ == "VERB" else []
    head = trigger_head(ctx, trigger.start, trigger.end)
    if not objects or any(o.left_edge.i <= head.i <= o.right_edge.i for o in objects):
        return False
    base = ctx.span.start_char
    spans = [(o.left_edge.idx - base, o.right_edge.idx - base + len(o.right_edge)) for o in objects]
    named = [pm for pm in ctx.parties for a, b in spans if a <= pm.start - ctx.start < b]
    return not named  # "removed three officials from the list": the object is whom the lifting frees


def _plans_near(sent: str, trigger: Found) -> bool:
    lo = max(0, trigger.start - _PLAN_WINDOW)
    if find_cues("planned", sent[lo : trigger.start]):
        return True
    after = sent[trigger.start : trigger.end + 40]
    return bool(_COMING.search(after))


def _unique(parties: list[Party]) -> list[Party]:
    out: list[Party] = []
    for p in parties:
        if all((p.name, p.country) != (q.name, q.country) for q in out):
            out.append(p)
    return out
