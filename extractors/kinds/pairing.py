"""What every kind's `build` needs: the parties of a role, one mention per distinct party."""

from __future__ import annotations

from extractors.context import PartyMention
from extractors.learned.decide import Decision
from extractors.learned.decide import party_key as key

EXTRA = 0.75  # a second or third party in one role ("the US and Germany sent ...") needs this much


def role_parties(dec: Decision, role: str, *, exclude: tuple[str, ...] = (),
                 most: int = 3) -> list[tuple[PartyMention, float]]:
    """The distinct parties the classifier puts in `role`, most likely first: the best one, and others
    only when they are nearly as sure (EXTRA); a party that another role of the same decision claims
    with a higher probability is left to that role. Outlets are sources, never parties to a finding."""
    out: list[tuple[PartyMention, float]] = []
    seen: set[str] = set(exclude)
    for pm, p in dec.roles.get(role, []):
        k = key(pm)
        if k in seen or pm.party.kind == "media" or _better_elsewhere(dec, role, pm, p):
            continue
        if out and p < EXTRA:
            break
        seen.add(k)
        out.append((pm, p))
    return out[:most]


def _better_elsewhere(dec: Decision, role: str, pm: PartyMention, p: float) -> bool:
    return any(other is pm and q > p for r, ranked in dec.roles.items() if r != role for other, q in ranked)
