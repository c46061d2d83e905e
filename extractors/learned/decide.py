"""What the trained classifiers say about one candidate sentence: which finding types it holds, with
which stance/action, and how likely each party fills each role. Pure scoring; the kind packages turn a
`Decision` into mentions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractors.context import PartyMention
from extractors.learned.features import party_features, sentence_features
from extractors.learned.linear import Features
from extractors.learned.model import Model
from extractors.learned.pairs import pair_features
from extractors.learned.rules import pair_evidence, party_evidence, sentence_evidence
from extractors.records import Mention, Party
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
    sources: dict[int, dict[str, Party | None]] = field(default_factory=dict)  # pair -> stance -> source


Pair = tuple[PartyMention | None, PartyMention | None, float]
PAIRED = ("arms_transfer", "sanction")
EXTRA_PAIR = 0.85  # one sentence, one finding pair; more only when the classifier is this sure


def candidate_pairs(parties: list[PartyMention]) -> list[tuple[PartyMention | None, PartyMention | None]]:
    """Every ordered pair of distinct parties, and each party with the other side missing."""
    people = [pm for pm in parties if pm.party.kind != "media"]
    out: list[tuple[PartyMention | None, PartyMention | None]] = []
    for a in people:
        out.append((a, None))
        out.append((None, a))
        out.extend((a, b) for b in people
                   if b is not a and party_key(a) != party_key(b) and not _same_state(a, b))
    return out


def _same_state(a: PartyMention, b: PartyMention) -> bool:
    """Both sides of one state: a state's own forces or firms are not a transfer or a sanction."""
    return a.party.country is not None and a.party.country == b.party.country


def _actor_key(pm: PartyMention) -> str:
    """The acting side (supplier, authority) is its state when it has one: the US government, its
    president and the Treasury impose one US sanction, not three."""
    return pm.party.country or party_key(pm)


def party_key(pm: PartyMention) -> str:
    """One key per party: its state for states, else its name."""
    return pm.party.country if pm.party.kind == "state" and pm.party.country else pm.party.name.lower()


def with_names(feats: Features, extra: list[str]) -> Features:
    """The features plus more names (the rules' testimony)."""
    return Features([*feats.names, *extra], feats.dense) if extra else feats


def decide(model: Model, span: Any, parties: list[PartyMention], offset: int,
           source_name: str | None, found: list[Mention]) -> list[Decision]:
    """The finding types above their thresholds, each with stances and ranked role candidates;
    `found` is what the rule modules found in the sentence (features, see extractors.learned.rules)."""
    sent = with_names(sentence_features(span), sentence_evidence(found))
    out = []
    for ftype in FINDING_TYPES:
        p = model.get(f"type:{ftype}").prob(sent, "1")
        if p < model.threshold(f"type:{ftype}"):
            continue
        dec = Decision(ftype, p, stances=_stances(model, ftype, sent))
        if parties:
            rows = [with_names(party_features(span, pm, offset, source_name),
                               party_evidence(found, ftype, pm)) for pm in parties]
            clf = model.get(f"role:{ftype}")
            probs = clf.proba(rows)
            for role in ROLES[ftype]:
                col = clf.classes.index(role)
                ranked = sorted(((pm, float(probs[i, col])) for i, pm in enumerate(parties)),
                                key=lambda x: -x[1])
                dec.roles[role] = [(pm, q) for pm, q in ranked
                                   if q >= model.threshold(f"role:{ftype}:{role}")]
        if ftype in PAIRED:
            dec.pairs = _pairs(model, ftype, span, parties, offset, source_name, found)
        out.append(dec)
    return out


def _pairs(model: Model, ftype: str, span: Any, parties: list[PartyMention], offset: int,
           source_name: str | None, found: list[Mention]) -> list[Pair]:
    """The pairs the pair classifier accepts; a one-sided pair only where no accepted full pair
    already uses that party on that side."""
    cands = candidate_pairs(parties)
    if not cands:
        return []
    clf = model.get(f"pair:{ftype}")
    rows = [with_names(pair_features(span, a, b, offset, source_name), pair_evidence(found, ftype, a, b))
            for a, b in cands]
    probs = clf.proba(rows)[:, 1]
    thr = model.threshold(f"pair:{ftype}")
    best: dict[tuple[str, str], Pair] = {}
    for (a, b), p in zip(cands, probs, strict=True):
        k = (_actor_key(a) if a else "", party_key(b) if b else "")
        if p >= thr and (k not in best or p > best[k][2]):
            best[k] = (a, b, float(p))
    ranked = sorted(best.values(), key=lambda x: -x[2])
    if not ranked:
        return []
    top = ranked[0]
    return [top, *(x for x in ranked[1:] if x[2] >= EXTRA_PAIR and _shares_side(x, top))]


def _shares_side(x: Pair, top: Pair) -> bool:
    """One event per sentence: a further pair keeps one side of the best one ("the US and Germany
    sent tanks to Ukraine"; "sanctions on A and B") and fills the other."""
    same_a = x[0] is not None and top[0] is not None and party_key(x[0]) == party_key(top[0])
    same_b = x[1] is not None and top[1] is not None and party_key(x[1]) == party_key(top[1])
    return (same_a and x[1] is not None) or (same_b and x[0] is not None)


def _stances(model: Model, ftype: str, sent: Features) -> list[tuple[str, float]]:
    scored = sorted(((v, model.get(f"stance:{ftype}:{v}").prob(sent, "1")) for v in stance_values(ftype)),
                    key=lambda x: -x[1])
    chosen = [scored[0]]
    chosen.extend((v, p) for v, p in scored[1:] if p >= model.threshold(f"stance:{ftype}", 0.5))
    return chosen
