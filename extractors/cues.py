"""Stance and attribution cues (data: gazetteers/cues.json), read off the dependency parse.

Public API:

- `cue_words(name) -> frozenset[str]`    a word list of cues.json ("false_words", "report_nouns", ...);
   for verb tables ("speech_verbs", "deny_verbs", "planned_verbs", "transfer_verbs_out/in") all forms.
- `Frame(kind, verb, source)`            one layer of reporting above a token: kind "speech" | "deny" |
   "report"; `source` the Party who says/denies/reports (or None when not a party).
- `frames(token, parties, memory) -> list[Frame]`   innermost first, walking up the parse from `token`:
   speech verbs (said, told, confirmed, accused, according to X, in a statement), deny verbs (deny,
   reject, denounce...), a speech verb whose clause calls something "false"/"absurd"/"gossip" counts as
   a denial, report nouns with an owner ("a United States report that ...", "Washington's assessment").
- `negated(token) -> bool`   "has not been supplying", "no such", "never happened", "is nothing but
   gossip", "declined to send". `planned(token) -> bool`: will/may, "plans to", "agreed to", "is set to".
- `stance_of(token, parties, memory) -> list[tuple[str, Party | None]]`  (stance, source) findings for
   the claim at `token`: a claim and its denial give TWO entries (asserted by the reporter, denied by the
   denier); otherwise one entry.
- Sentence-level defaults (`sentence_stance`, `sentence_source`) live in extractors.attribution.
- `speaker(token, parties, memory) -> Party | None`   the Party a subject token stands for: a party
   mention, a role noun with its state ("a North Korean foreign ministry spokesperson" -> PRK), a
   pronoun or definite role noun ("he", "the spokesperson") -> the last speaker.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from extractors import gazetteer
from extractors.context import PartyMention
from extractors.errors import StructureError
from extractors.parties import DocMemory
from extractors.records import Party

_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_SUBJ = ("nsubj", "nsubjpass", "csubj")


@cache
def cue_words(name: str) -> frozenset[str]:
    """All words of a cue list (verb tables flattened to their forms), lower-cased."""
    value = gazetteer.load_json("cues.json").get(name)
    if isinstance(value, dict):
        return frozenset(f.lower() for forms in value.values() for f in forms)
    if isinstance(value, list):
        return frozenset(str(v).lower() for v in value)
    raise StructureError(f"cues.json: no list {name!r}")


@dataclass(frozen=True)
class Frame:
    kind: str  # speech | deny | report
    verb: str
    source: Party | None


def _mention_at(tok: Any, parties: list[PartyMention], offset: int) -> PartyMention | None:
    pos = offset + tok.idx
    return next((pm for pm in parties if pm.start <= pos < pm.end), None)


def speaker(tok: Any, parties: list[PartyMention], memory: DocMemory, offset: int = 0) -> Party | None:
    """The Party a subject token stands for (party, role noun with its state, pronoun -> last speaker)."""
    pm = _mention_at(tok, parties, offset)
    if pm:
        return pm.party
    for c in tok.children:  # "France's UN ambassador, Marie Leclerc, said"
        named = _mention_at(c, parties, offset) if c.dep_ == "appos" else None
        if named and named.party.kind == "person":
            return named.party
    if tok.lower_ in _PRONOUNS:
        return memory.speaker if tok.lower_ in ("he", "she") else None
    if tok.lower_ not in cue_words("role_nouns") and tok.lower_ not in cue_words("report_nouns"):
        return None
    inside = [pm for pm in parties if offset + tok.left_edge.idx <= pm.start < offset + tok.idx]
    states = [pm.party for pm in inside if pm.party.country]
    appos = _appos_name(tok)
    if appos:  # a name the model did not tag: "the UK's ambassador, Jane Roe, said"
        found = Party(appos, states[-1].country if states else None, "person")
        memory.remember(found)
        return found
    if states:
        phrase = tok.doc[tok.left_edge.i : tok.i + 1]
        words = [t.text for t in phrase if t.dep_ not in ("det", "punct", "case")]
        kind = "person" if tok.lower_ in cue_words("role_nouns") else "organisation"
        return Party(" ".join(words), states[-1].country, kind)
    if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
        return memory.speaker
    return None


def _appos_name(tok: Any) -> str | None:
    for c in tok.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN":
            words = [t.text for t in c.subtree if t.pos_ == "PROPN"]
            if 2 <= len(words) <= 4 and len(words) == len([t for t in c.subtree if t.pos_ != "PUNCT"]):
                return " ".join(words)
    return None


def _subject(verb: Any) -> Any:
    for c in verb.children:
        if c.dep_ in _SUBJ:
            return c
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _owner(noun: Any, parties: list[PartyMention], memory: DocMemory, offset: int) -> Party | None:
    before = [pm.party for pm in parties if offset + noun.left_edge.idx <= pm.start < offset + noun.idx]
    if before and before[-1].country:
        return before[-1]
    for c in noun.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            p = speaker(c, parties, memory, offset)
            if p:
                return p
        if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return speaker(g, parties, memory, offset)
    return None


def _according(verb: Any, parties: list[PartyMention], memory: DocMemory, offset: int) -> Party | None:
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            for to in c.children:
                for g in to.children:
                    if g.dep_ == "pobj":
                        return speaker(g, parties, memory, offset)
    return None


def _calls_false(verb: Any, skip: Any) -> bool:
    false = cue_words("false_words")
    for t in verb.subtree:
        if skip is not None and skip.left_edge.i <= t.i <= skip.right_edge.i:
            continue
        if t.lower_ in false or f"{t.lower_} {t.nbor().lower_ if t.i + 1 < len(t.doc) else ''}" in false:
            return True
    return False


def frames(tok: Any, parties: list[PartyMention], memory: DocMemory, offset: int = 0) -> list[Frame]:
    """Reporting layers above `tok`, innermost first (see module docstring)."""
    out: list[Frame] = []
    prev, node = None, tok
    while True:
        low = node.lower_
        if node.i != tok.i and node.pos_ in ("VERB", "AUX", "NOUN"):
            subj = _subject(node) if node.pos_ != "NOUN" else None
            src = speaker(subj, parties, memory, offset) if subj is not None else None
            src = src or _according(node, parties, memory, offset)
            if low in cue_words("deny_verbs"):
                out.append(Frame("deny", low, src))
            elif low in cue_words("report_nouns") and subj is None and node.dep_ != "ROOT":
                out.append(Frame("report", low, _owner(node, parties, memory, offset)))
            elif low in cue_words("speech_verbs") or src and _according(node, parties, memory, offset):
                out.append(Frame("deny" if _calls_false(node, prev) else "speech", low, src))
        if node.head.i == node.i:
            return out
        prev, node = node, node.head


def negated(tok: Any) -> bool:
    """Whether the claim at `tok` is negated in its own clause (not above a reporting verb)."""
    speech = cue_words("speech_verbs") | cue_words("deny_verbs") | cue_words("memory_verbs")
    node = tok
    while True:
        for c in node.children:
            if (c.dep_ == "neg" and not _until(node)) or (c.dep_ == "det" and c.lower_ == "no"):
                return True
            if node.i == tok.i and c.dep_ in ("dobj", "nsubjpass") and any(
                g.dep_ == "det" and g.lower_ == "no" for g in c.children
            ):
                return True  # "sold no weapons to"
            if c.dep_ == "relcl" and any(g.dep_ == "neg" for g in c.children):
                return True
            if node.i == tok.i and node.pos_ == "NOUN" and c.dep_ == "prep" and _relcl_negated(c):
                return True
            copula = node.lower_ in ("is", "was", "are", "were", "be", "been")
            if copula and c.dep_ in ("attr", "acomp") and _calls_false(c, None):
                return True
        if node.dep_ == "xcomp" and node.head.lower_ in cue_words("refusal_verbs"):
            return True  # "declined to send arms"
        if node.head.i == node.i or (node.head.lower_ in speech and node.head.pos_ in ("VERB", "AUX")):
            return False
        node = node.head


def _until(node: Any) -> bool:
    """'did not begin until 1985' is a date, not a denial."""
    return any(c.lower_ in ("until", "till", "before") for c in node.children)


def _relcl_negated(prep: Any) -> bool:
    """'a transaction between X and Y which has never happened'."""
    return any(
        c.dep_ == "relcl" and any(g.dep_ == "neg" for g in c.children)
        for t in prep.subtree
        for c in t.children
    )


def planned(tok: Any) -> bool:
    """Whether the claim at `tok` is a plan/agreement/expectation rather than a done deed."""
    aux, verbs, be_to = cue_words("planned_aux"), cue_words("planned_verbs"), cue_words("planned_be_to")
    mods = cue_words("planned_modifiers") - {"new", "further", "additional"}
    node = tok
    for _ in range(6):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in aux for c in node.children):
            return True
        if any(c.dep_ == "amod" and c.lower_ in mods for c in node.children):
            return True
        head = node.head
        if node.dep_ in ("xcomp", "acl", "advcl") and (head.lower_ in verbs or head.lower_ in be_to):
            return True
        if node.dep_ == "dobj" and node.pos_ == "NOUN" and head.lower_ in verbs:
            return True  # "approved the sale of", "signed contracts to buy"
        if head.i == node.i or node.dep_ == "relcl" or head.lower_ in cue_words("speech_verbs"):
            return False  # a relative clause has its own tense ("the jets the US sold", "wants")
        node = head
    return False


def stance_of(
    tok: Any,
    parties: list[PartyMention],
    memory: DocMemory,
    offset: int = 0,
    default_source: Party | None = None,
) -> list[tuple[str, Party | None]]:
    """(stance, source) findings for the claim at `tok`; a reported claim under a denial gives two."""
    layers = frames(tok, parties, memory, offset)
    deny = next((i for i, f in enumerate(layers) if f.kind == "deny"), None)
    if deny is not None:
        out: list[tuple[str, Party | None]] = [("denied", layers[deny].source or default_source)]
        inner = [f.source for f in layers[:deny] if f.source is not None]
        if inner and not negated(tok):
            out.append(("asserted", inner[0]))
        return out
    spoken: list[Party | None] = [f.source for f in layers if f.source is not None and f.kind == "speech"]
    reported: list[Party | None] = [f.source for f in layers if f.source is not None]
    source = (spoken or reported or [default_source])[0]
    if negated(tok):
        return [("denied", source)]
    return [("planned" if planned(tok) else "asserted", source)]
