"""Mentions of sanctions from the trained classifiers' decision for one sentence."""

from __future__ import annotations

from extractors.context import SentenceContext
from extractors.kinds.sanction.normalise import measure_and_programme
from extractors.learned.decide import Decision
from extractors.records import Mention


def build(dec: Decision, ctx: SentenceContext, version: str) -> list[Mention]:
    """One mention per accepted (authority, target) pair; the authority is None when the text names
    none (never guessed); a pair needs a target."""
    measure, programme = measure_and_programme(ctx.sentence)
    action, pst = dec.stances[0]
    return [
        Mention(type="sanction", sentence=ctx.sentence, start=ctx.start, end=ctx.end,
                confidence=round(dec.prob * p * pst, 3), extractor_version=version,
                source=next(iter(dec.sources.get(k, {}).values()), ctx.source),
                authority=authority.party if authority else None, targets=[target.party], measure=measure,
                action=action, programme=programme)
        for k, (authority, target, p) in enumerate(dec.pairs)
        if target is not None
    ]
