"""Mentions of UN violations from the trained classifiers' decision for one sentence."""

from __future__ import annotations

from extractors.context import SentenceContext
from extractors.kinds.pairing import role_parties
from extractors.kinds.un_violation.normalise import resolutions_and_regime
from extractors.learned.decide import Decision
from extractors.records import Mention


def build(dec: Decision, ctx: SentenceContext, version: str) -> list[Mention]:
    """One mention per violator and stance; no violator named, no mention."""
    out = []
    for k, (violator, pv) in enumerate(role_parties(dec, "violator")):
        numbers, regime = resolutions_and_regime(ctx.sentence, violator.party.country)
        for stance, pst in dec.stances:
            out.append(Mention(
                type="un_violation", sentence=ctx.sentence, start=ctx.start, end=ctx.end,
                confidence=round(dec.prob * pv * pst, 3), extractor_version=version,
                source=dec.sources.get(k, {}).get(stance, ctx.source),
                stance=stance, violator=violator.party, resolutions=numbers, regime=regime,
            ))
    return out
