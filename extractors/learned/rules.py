"""The round-1 rule extractors as FEATURES of the learned one (stacking): what the hand-written cue
modules (extractors.arms, .sanctions, .un_violations) find in a sentence becomes evidence the trained
classifiers weigh against everything else — they decide, the rules only testify. Kept until the learned
components alone beat them on the dev split; then this module and the cue modules go."""

from __future__ import annotations

from dataclasses import replace

from extractors import arms, sanctions, un_violations
from extractors.attribution import sentence_stance
from extractors.context import PartyMention, SentenceContext
from extractors.records import Mention, Party

_MODULES = (arms, sanctions, un_violations)


def rule_findings(ctx: SentenceContext) -> list[Mention]:
    """What the cue modules find in one sentence (their per-article completion is not run)."""
    ctx = replace(ctx, stance=sentence_stance(ctx.span))
    out: list[Mention] = []
    for mod in _MODULES:
        if mod.is_candidate(ctx.sentence):
            out.extend(mod.extract(ctx))
    return out


def same(pm: PartyMention | None, party: Party | None) -> bool:
    """A candidate and a rule finding's party are the same party (state by code, else by name)."""
    if pm is None or party is None:
        return pm is None and party is None
    if pm.party.country and pm.party.kind == "state":
        return party.country == pm.party.country
    return pm.party.name.lower() == party.name.lower()


def sentence_evidence(found: list[Mention]) -> list[str]:
    """Sentence-level features: which types and stances the rules found."""
    out = []
    for m in found:
        out.append(f"rule_type={m.type}")
        out.append(f"rule_stance={m.type}:{m.stance or m.action}")
    return out


def pair_evidence(found: list[Mention], ftype: str, a: PartyMention | None, b: PartyMention | None) -> list[str]:
    """Pair-level features: does a rule finding of this type have a first, b second (or either)."""
    out = []
    for m in found:
        if m.type != ftype:
            continue
        firsts = [m.supplier] if ftype == "arms_transfer" else [m.authority]
        seconds = [m.recipient] if ftype == "arms_transfer" else list(m.targets)
        first = any(same(a, p) for p in firsts)
        second = any(same(b, p) for p in seconds)
        if first and second:
            out.append("rule_pair")
        elif first:
            out.append("rule_first")
        elif second:
            out.append("rule_second")
    return out


def party_evidence(found: list[Mention], ftype: str, pm: PartyMention) -> list[str]:
    """Party-level features: the roles the rules gave this party in findings of this type."""
    out = []
    for m in found:
        if m.type != ftype:
            continue
        for role, party in (("supplier", m.supplier), ("recipient", m.recipient), ("authority", m.authority),
                            ("violator", m.violator)):
            if party is not None and same(pm, party):
                out.append(f"rule_role={role}")
        if any(same(pm, t) for t in m.targets):
            out.append("rule_role=target")
    return out
