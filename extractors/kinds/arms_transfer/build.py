"""Mentions of arms transfers from the trained classifiers' decision for one sentence."""

from __future__ import annotations

from extractors.context import SentenceContext
from extractors.kinds.arms_transfer.normalise import weapons
from extractors.learned.decide import Decision
from extractors.records import Mention


def build(dec: Decision, ctx: SentenceContext, version: str) -> list[Mention]:
    """One mention per accepted (supplier, recipient) pair and stance; a missing side stays None."""
    terms, cat, qty = weapons(ctx.span)
    return [
        Mention(type="arms_transfer", sentence=ctx.sentence, start=ctx.start, end=ctx.end,
                confidence=round(dec.prob * p * pst, 3), extractor_version=version,
                source=dec.sources.get(k, {}).get(stance, ctx.source),
                stance=stance, supplier=sup.party if sup else None, recipient=rec.party if rec else None,
                weapons=terms, weapon_category=cat, quantity=qty)
        for k, (sup, rec, p) in enumerate(dec.pairs)
        for stance, pst in dec.stances
    ]
