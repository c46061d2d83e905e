"""What the trained classifiers say about one candidate sentence: which finding types it holds, with
which stance/action, and how likely each party fills each role. Pure scoring; the kind packages turn a
`Decision` into mentions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractors.context import PartyMention
from extractors.learned.features import party_features, sentence_features
from extractors.learned.model import Model
from extractors.learned.pairs import pair_features
from extractors.vocabulary import ACTIONS, FINDING_TYPES, ROLES, STANCES


def stance_values(ftype: str) -> tuple[str, ...]:
    """The stance/action vocabulary of a finding type."""
    return ACTIONS if ftype == "sanction" else STANCES


@dataclass
class Decision:
    """One finding type in one sentence: its probability, stances and role scores per party."""

    type: str
    prob: float
    stances: list[tuple[str, float]] = field(default_factory=list)  # chosen values, most likely first
    roles: dict[str, list[tuple[PartyMention, float]]] = field(default_factory=dict)  # role -> ranked
    pairs: list[Pair] = field(default_factory=list)  # (first role, second role, p), most likely first


Pair = tuple[PartyMention | None, PartyMention | None, float]
PAIRED = ("arms_transfer", "sanction")  # kinds with two roles, decided pair by pair


def candidate_pairs(parties: list[PartyMention]) -> list[tuple[PartyMention | None, PartyMention | None]]:
    """Every ordered pair of distinct parties, and each party with the other side missing."""
    people = [pm for pm in parties if pm.party.kind != "media"]
    out: list[tuple[PartyMention | None, PartyMention | None]] = []
    for a in people:
        out.append((a, None))
        out.append((None, a))
        out.extend((a, b) for b in people if b is not a and _key(a) != _key(b))
    return out


def _key(pm: PartyMention) -> str:
    return pm.party.country if pm.party.kind == "state" and pm.party.country else pm.party.name.lower()


def decide(model: Model, span: Any, parties: list[PartyMention], offset: int,
           source_name: str | None) -> list[Decision]:
    """The finding types above their thresholds, each with stances and ranked role candidates."""
    sent = sentence_features(span)
    out = []
    for ftype in FINDING_TYPES:
        p = model.get(f"type:{ftype}").prob(sent, "1")
        if p < model.threshold(f"type:{ftype}"):
            continue
        dec = Decision(ftype, p, stances=_stances(model, ftype, sent))
        if parties:
            rows = [party_features(span, pm, offset, source_name) for pm in parties]
            clf = model.get(f"role:{ftype}")
            probs = clf.proba(rows)
            for role in ROLES[ftype]:
                col = clf.classes.index(role)
                ranked = sorted(((pm, float(probs[i, col])) for i, pm in enumerate(parties)),
                                key=lambda x: -x[1])
                dec.roles[role] = [(pm, q) for pm, q in ranked
                                   if q >= model.threshold(f"role:{ftype}:{role}")]
        if ftype in PAIRED:
            dec.pairs = _pairs(model, ftype, span, parties, offset, source_name)
        out.append(dec)
    return out


def _pairs(model: Model, ftype: str, span: Any, parties: list[PartyMention], offset: int,
           source_name: str | None) -> list[Pair]:
    """The pairs the pair classifier accepts; a one-sided pair only where no accepted full pair
    already uses that party on that side."""
    cands = candidate_pairs(parties)
    if not cands:
        return []
    clf = model.get(f"pair:{ftype}")
    probs = clf.proba([pair_features(span, a, b, offset, source_name) for a, b in cands])[:, 1]
    thr = model.threshold(f"pair:{ftype}")
    kept = sorted(((a, b, float(p)) for (a, b), p in zip(cands, probs, strict=True) if p >= thr),
                  key=lambda x: -x[2])
    full = [(a, b) for a, b, _ in kept if a is not None and b is not None]
    return [(a, b, p) for a, b, p in kept
            if (a is not None and b is not None)
            or (b is None and all(x is not a for x, _ in full))
            or (a is None and all(y is not b for _, y in full))]


def _stances(model: Model, ftype: str, sent: list[str]) -> list[tuple[str, float]]:
    scored = sorted(((v, model.get(f"stance:{ftype}:{v}").prob(sent, "1")) for v in stance_values(ftype)),
                    key=lambda x: -x[1])
    chosen = [scored[0]]
    chosen.extend((v, p) for v, p in scored[1:] if p >= model.threshold(f"stance:{ftype}", 0.5))
    return chosen
