"""Training examples from labelled sentences: each sentence parsed once, exactly as the pipeline parses
it (same model text, party candidates, attribution), then one feature list per classifier.

Role labels come from aligning the sentence's party candidates with the labelled parties by the
scorer's own rule (extractors.scoring_match.party_matches): a candidate that matches a finding's
supplier is a supplier, and so on; every other candidate is "none".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from extractors.attribution import sentence_source
from extractors.context import PartyMention
from extractors.context import SentenceContext
from extractors.learned.decide import PAIRED, candidate_pairs, stance_values, with_names
from extractors.learned.rules import pair_evidence, party_evidence, rule_findings, sentence_evidence
from extractors.learned.pairs import pair_features
from extractors.learned.features import party_features, sentence_features, text_features
from extractors.learned.linear import Features
from extractors.learned.candidates import sentence_parties
from extractors.parties import DocMemory
from extractors.pipeline import model_text
from extractors.scoring_match import party_matches
from extractors.training.sentences import LabelledSentence
from extractors.vocabulary import FINDING_TYPES, ROLES

NONE = "none"
_FIELD = {"supplier": "supplier", "recipient": "recipient", "authority": "authority", "target": "targets",
          "violator": "violator"}


@dataclass
class Examples:
    """Feature lists and labels per classifier name, with the sentence each example came from."""

    x: dict[str, list[Features]] = field(default_factory=lambda: defaultdict(list))
    y: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    origin: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, name: str, feats: Features, label: str, sid: str) -> None:
        self.x[name].append(feats)
        self.y[name].append(label)
        self.origin[name].append(sid)


def build(sentences: Iterable[LabelledSentence], nlp: Any) -> Examples:
    """Examples for every classifier from the sentences (documents kept together, in order)."""
    docs: dict[str, list[LabelledSentence]] = defaultdict(list)
    for s in sentences:
        docs[s.doc].append(s)
    ordered = [s for doc_sents in docs.values() for s in doc_sents]
    parsed = iter(nlp.pipe([model_text(s.text) for s in ordered], batch_size=256))
    ex = Examples()
    for doc_sents in docs.values():
        memory = DocMemory()
        for k, sent in enumerate(doc_sents):
            span = next(parsed)[:]
            parties = sentence_parties(span, 0, memory)
            source = sentence_source(span, parties, memory, offset=0,
                                     following=doc_sents[k + 1].text if k + 1 < len(doc_sents) else None,
                                     preceding=doc_sents[k - 1].text if k else None)
            ctx = SentenceContext(text=sent.text, start=0, end=len(sent.text), span=span, parties=parties,
                                  source=source, previous=[s.text for s in doc_sents[max(0, k - 3) : k]])
            add_sentence(ex, sent, span, parties, source.name if source else None, rule_findings(ctx))
    return ex


def add_sentence(ex: Examples, sent: LabelledSentence, span: Any, parties: list[PartyMention],
                 source: str | None, found: list[Any]) -> None:
    """The sentence's examples for the relevance, type, stance/action and role classifiers."""
    ex.add("relevance", text_features(sent.text), "1" if sent.findings else "0", sent.doc)
    feats = with_names(sentence_features(span), sentence_evidence(found))
    for ftype in FINDING_TYPES:
        mine = [f for f in sent.findings if f["type"] == ftype]
        ex.add(f"type:{ftype}", feats, "1" if mine else "0", sent.doc)
        if not mine:
            continue
        stances = {f.get("stance") or f.get("action") for f in mine}
        for value in stance_values(ftype):
            ex.add(f"stance:{ftype}:{value}", feats, "1" if value in stances else "0", sent.doc)
        for pm in parties:
            pf = with_names(party_features(span, pm, 0, source), party_evidence(found, ftype, pm))
            ex.add(f"role:{ftype}", pf, role_of(pm, mine, ftype), sent.doc)
        if ftype in PAIRED:
            for a, b in candidate_pairs(parties):
                label = "1" if any(pair_holds(f, a, b) for f in mine) else "0"
                pf = with_names(pair_features(span, a, b, 0, source), pair_evidence(found, ftype, a, b))
                ex.add(f"pair:{ftype}", pf, label, sent.doc)


_PAIR_FIELDS = {"arms_transfer": ("supplier", "recipient"), "sanction": ("authority", "targets")}


def pair_holds(f: dict[str, Any], a: PartyMention | None, b: PartyMention | None) -> bool:
    """Whether a labelled finding is the pair (a, b); a missing side matches only a "?" label."""
    first, second = _PAIR_FIELDS[f["type"]]
    seconds = f.get(second) if second == "targets" else [f.get(second)]
    return _side(f.get(first), a) and any(_side(v, b) for v in seconds or [])


def _side(label: Any, pm: PartyMention | None) -> bool:
    if pm is None:
        return label == "?" or (isinstance(label, list) and "?" in label)
    if label is None or label == "?":
        return False
    return party_matches(label, {"name": pm.party.name, "country": pm.party.country, "kind": pm.party.kind})


def role_of(pm: PartyMention, findings: list[dict[str, Any]], ftype: str) -> str:
    """The role a candidate plays in the labelled findings of a type, or "none"."""
    as_dict = {"name": pm.party.name, "country": pm.party.country, "kind": pm.party.kind}
    for role in ROLES[ftype]:
        key = _FIELD[role]
        for f in findings:
            wanted = f.get(key)
            options = wanted if key == "targets" else [wanted]
            if any(o is not None and o != "?" and party_matches(o, as_dict) for o in options or []):
                return role
    return NONE
