"""UN Security Council violations: who breaches which resolutions (and so which sanctions regime).

A candidate sentence names the Council, its resolutions, UN sanctions or a UN panel, AND a violation cue
(violate, breach, defy, flout, "banned under", "failure to comply", ship-to-ship transfers ...; data in
`gazetteers/violation_cues.jsonl`). The violator is the subject of the violating verb, the owner of the
violation noun ("Iran's defiance", "violations by X"), or, for "in violation of" / "banned under", the
state whose UN sanctions regime is at stake, else the clause subject; "its"/"such tests" fall back to the
nearest state named in the previous sentences.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.context import SentenceContext
from extractors.parties import code_name
from extractors.records import Mention, Party
from extractors.resolutions import earlier_resolutions, resolution_numbers
from extractors.sanction_roles import (
    Slot,
    as_state,
    governing_verb,
    in_subtree,
    sentence_slots,
    subject_of,
    token_at,
)
from extractors.sanction_text import states_in_text
from extractors.sanctions_data import (
    Found,
    find_cues,
    flex,
    regime_for_resolutions,
    regime_for_state,
    state_of_regime,
)

VERSION = "un_violations/2"
_CANDIDATE_UN = flex(
    r"Security Council|\bUNSC|\bUN\b|U\.N\.|United Nations|resolution|Panel of Experts|embargo|S/RES/",
    re.IGNORECASE,
)
_CANDIDATE_BREACH = flex(
    r"violat|breach|contraven|defian|def(?:y|ies|ied)|flout|disregard|ignor|non-?complian|not complied|"
    r"fail\w* to|refus\w* to|banned|prohibited|forbidden|barred|evad|evasion|circumvent|bust|ship-to-ship|"
    r"illicit|smuggl|undermin|reject|compel|live up",
    re.IGNORECASE,
)
_RESOLUTION_BACK = flex(
    r"\b(?:the|this|that|these|those|its|same) (?:same )?(?:resolutions?|(?:arms )?embargo|sanctions)\b",
    re.IGNORECASE
)
_BROKE_RESOLUTION = flex(
    r"\b(?:violat\w*|breach\w*|def(?:y|ies|ied|ying)|flout\w*|reject\w*|contraven\w*) "
    r"(?:the|this|that|its|these) (?:same )?resolutions?\b",
    re.IGNORECASE,
)
_FRAMED = flex(r"\bin (?:\w+ ){0,2}$")
_POINTERS = frozenset({"it", "its", "such", "these", "those", "this"})
_SANCTIONS_ON = flex(
    r"\b(?:sanctions|embargo|measures|resolutions?) (?:imposed )?(?:on|against)\b", re.IGNORECASE
)
_CONDITIONAL = flex(r"\b(?:if|unless|whether)\b", re.IGNORECASE)
_EVENT_SUBJECT = flex(
    r"^(?:the|this|that|such an?|any) (?:\w+ )?(?:shipments?|transfers?|deliver(?:y|ies)|launch(?:es)?|"
    r"tests?|cargo|purchases?|sales?|suppl(?:y|ies)|exports?|transactions?|programmes?|programs?)\b",
    re.IGNORECASE,
)
_PUT_IN = flex(
    r"\b(?:put|puts|putting|place[sd]?|placing|leaves?|left)\b(?P<who>.{1,90}?)"
    r"\bin (?:\w+ )?(?:breach|violation)",
    re.IGNORECASE,
)
_ACCUSE = frozenset({"accused", "accuses", "accuse", "accusing", "charged", "blamed", "suspected", "caught"})
_UN_BODIES = frozenset({
    "UN Security Council", "United Nations", "General Assembly", "Security Council", "Secretariat",
    "Human Rights Council", "IAEA", "International Atomic Energy Agency", "Secretary-General",
})
_VIOLATOR_KINDS = frozenset({"state", "group", "company", "vessel", "organisation"})


def is_candidate(sentence: str) -> bool:
    """Cheap keyword test: a UN reference and a violation word in the same sentence."""
    return bool(_CANDIDATE_UN.search(sentence)) and bool(_CANDIDATE_BREACH.search(sentence))


def extract(ctx: SentenceContext) -> list[Mention]:
    """The UN violation finding of one sentence (at most one), or none."""
    sent = ctx.sentence
    cues = [c for c in find_cues("violation", sent) if not _conditional(sent, c)]
    numbers = resolution_numbers(sent)
    un = bool(find_cues("un_context", sent) or numbers)
    by_verb = False
    if not un and _RESOLUTION_BACK.search(sent):
        un, numbers = earlier_resolutions(ctx)
        by_verb = not un and bool(_BROKE_RESOLUTION.search(sent))  # "X violated the resolution"
    if not (un or by_verb) or not cues:
        return []
    cue = cues[0]
    slots = sentence_slots(ctx)
    violator, how = _violator(ctx, slots, cue, numbers)
    if violator is None or (by_verb and not _breaks_council(violator)):
        return []
    regime = regime_for_resolutions(numbers) or _regime_named(ctx, slots)
    regime = regime or regime_for_state(violator.country)
    stance = _stance(ctx, sent, cue)
    conf = {"subject": 0.8, "regime": 0.75, "owner": 0.8, "previous": 0.6}.get(how, 0.65)
    conf += 0.1 * bool(numbers) - 0.1 * (cue.value in ("failure", "transfer"))
    return [Mention(
        type="un_violation", sentence=sent, start=ctx.start, end=ctx.end,
        confidence=round(min(conf, 0.95), 2), extractor_version=VERSION, source=ctx.source,
        stance=stance, violator=violator, resolutions=numbers, regime=regime,
    )]


def _breaks_council(p: Party) -> bool:
    """Who breaks an unnamed "resolution": states, armed groups, alliances (NATO); a firm rejecting
    "the resolution" is a shareholders' vote."""
    return p.kind in ("state", "group") or p.name.isupper()


def _regime_named(ctx: SentenceContext, slots: list[Slot]) -> str | None:
    """'UN sanctions on North Korea', 'the arms embargo on Libya': the regime of the state named."""
    for m in _SANCTIONS_ON.finditer(ctx.sentence):
        nxt = [s for s in slots if m.end() <= s.start <= m.end() + 5 and s.party.kind == "state"]
        regime = regime_for_state(nxt[0].party.country) if nxt else None
        if regime:
            return regime
    return None


def _conditional(sent: str, cue: Found) -> bool:
    return bool(_CONDITIONAL.search(sent[max(0, cue.start - 25) : cue.start]))


def _violator(
    ctx: SentenceContext, slots: list[Slot], cue: Found, numbers: list[str]
) -> tuple[Party | None, str]:
    """(violator, how it was found)."""
    sent = ctx.sentence
    candidates = [s for s in slots if s.party.kind in _VIOLATOR_KINDS and not _is_un(s.party)
                  and not (s.party.country is None and s.party.name[:1].islower())]
    regime_state = _regime_state(candidates, numbers)
    window = sent[max(0, cue.start - 30) : cue.start]
    framed = cue.value in ("prohibited", "transfer") or bool(_FRAMED.search(window))
    tok = token_at(ctx, cue.start)
    put = _put_in_breach(ctx, candidates)
    if put is not None:
        return as_state(put.party), "owner"
    if framed and regime_state is not None:
        return as_state(regime_state.party), "regime"
    verb = governing_verb(tok)
    owner = _owner(ctx, candidates, tok) or _accused(ctx, candidates, verb)
    if owner is not None:
        return as_state(owner.party), "owner"
    subj = subject_of(verb) if verb is not None else None
    if subj is not None:
        inside = [s for s in candidates if in_subtree(ctx, s, subj)]
        if inside:
            return as_state(inside[0].party), "subject"
        words = " ".join(t.text for t in subj.subtree)
        if any(t.lower_ in _POINTERS for t in subj.subtree) or _EVENT_SUBJECT.match(words):
            return _antecedent(ctx, candidates, cue, numbers), "previous"
    if regime_state is not None:
        return as_state(regime_state.party), "regime"
    return None, ""


def _owner(ctx: SentenceContext, candidates: list[Slot], tok: Any) -> Slot | None:
    """'Iran's violations', 'violations by North Korea', 'Pyongyang's manoeuvres, which violate'."""
    heads = [tok]
    if tok.dep_ == "relcl" or (tok.head.i != tok.i and tok.head.dep_ in ("relcl",)):
        heads.append(tok.head if tok.dep_ == "relcl" else tok.head.head)
    for head in heads:
        for child in head.children:
            by_noun = child.dep_ == "prep" and child.lower_ == "by" and head.pos_ == "NOUN"
            if child.dep_ == "poss" or by_noun:
                inside = [s for s in candidates if in_subtree(ctx, s, child)]
                if inside:
                    return inside[0]
    return None


def _accused(ctx: SentenceContext, candidates: list[Slot], verb: Any) -> Slot | None:
    """'The experts accused Wagner of violating the embargo': the accused is the violator."""
    cur = verb
    for _ in range(3):
        if cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.lower_ in _ACCUSE:
            objs = [c for c in cur.children if c.dep_ in ("dobj", "nsubjpass")]
            inside = [s for s in candidates for o in objs if in_subtree(ctx, s, o)]
            return inside[0] if inside else None
    return None


def _put_in_breach(ctx: SentenceContext, candidates: list[Slot]) -> Slot | None:
    """'would put Russia in breach of ...', 'Russia is in breach of ...': the one put in breach."""
    m = _PUT_IN.search(ctx.sentence)
    if m is None:
        return None
    inside = [s for s in candidates if m.start("who") <= s.start < m.end("who")]
    return inside[0] if inside else None


def _regime_state(candidates: list[Slot], numbers: list[str]) -> Slot | None:
    """The state the sentence's UN regime targets, where that state is the usual violator (DPRK, Iran)."""
    wanted = regime_for_resolutions(numbers)
    for s in candidates:
        regime = regime_for_state(s.party.country) if s.party.kind == "state" else None
        if regime and (wanted is None or regime == wanted) and state_of_regime(regime) == s.party.country:
            return s
    return None


def _is_un(p: Party) -> bool:
    return p.name in _UN_BODIES or p.name.startswith(("UN ", "U.N. ", "United Nations "))


def _antecedent(ctx: SentenceContext, slots: list[Slot], cue: Found, numbers: list[str]) -> Party | None:
    """The state "it"/"such tests" stands for: the nearest state before it in the sentence, else in the
    previous sentences one of the resolutions' regime, else the regime's own state, else the first named."""
    here = [s.party for s in slots if s.end <= cue.start and s.party.kind == "state"]
    if here:
        return here[-1]
    regime = regime_for_resolutions(numbers)
    first: Party | None = None
    for text in reversed(ctx.previous):
        states = [p for p in states_in_text(text) if p.kind == "state"]
        fitting = [p for p in states if regime and regime_for_state(p.country) == regime]
        if fitting:
            return fitting[0]
        first = first or (states[0] if states else None)
    code = state_of_regime(regime)
    return Party(code_name(code), code, "state") if code else first


def _stance(ctx: SentenceContext, sent: str, cue: Found) -> str:
    rejecting = "reject" in sent[cue.start : cue.end + 20].lower()  # "rejected the resolution" is the breach
    if (ctx.stance == "denied" and not rejecting) or find_cues("denial", sent):
        return "denied"
    planned = ctx.stance == "planned" and re.search(r"\b(?:will|plans?|intends?|(?:is|are) set to)\b", sent)
    return "planned" if planned else "asserted"
