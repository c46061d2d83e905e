"""Features of sentences and of the parties in them, as strings (hashed by extractors.learned.linear).

Three views, each used both in training and at run time (one definition, so they cannot drift):
- `text_features(text)`: words and word pairs of the raw sentence, no model (the cheap relevance filter);
- `sentence_features(span)`: words with entities replaced by their type, dependency triples, negation,
  modals (finding type and stance/action classifiers);
- `party_features(span, pm, offset)`: where one party stands in the parse: its dependency, governing
  verb or noun and preposition, path to the root, the words around it (role classifier).
Words are lower-cased and crudely stemmed so "supplied", "supplies", "supplying" share a feature.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import numpy as np

from extractors.context import PartyMention
from extractors.cues import cue_words
from extractors.learned.linear import Features, Vector
from extractors.resolutions import resolution_numbers
from extractors.sanctions_data import find_measures

NO_VECTOR: Vector = np.zeros(0, dtype=np.float32)

_WORD = re.compile(r"[a-z]+|\d[\d,.]*")
_SUFFIXES = ("ings", "ing", "ied", "ies", "ed", "es", "s")


def stem(word: str) -> str:
    """A crude, stable stem: lower case, one common suffix off, digits folded to '0'."""
    w = word.lower()
    if w[:1].isdigit():
        return "0"
    for suf in _SUFFIXES:
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)] + ("y" if suf in ("ied", "ies") else "")
    return w


LEXICONS = ("transfer_verbs_out", "transfer_verbs_in", "transfer_nouns_out", "transfer_nouns_in",
            "transfer_nouns_pair", "speech_verbs", "deny_verbs", "false_words", "planned_aux",
            "planned_verbs",
            "report_nouns", "use_verbs", "arming_verbs", "refusal_verbs", "military_context", "role_nouns")


@cache
def lexicon() -> dict[str, tuple[str, ...]]:
    """word -> the cue lists (gazetteers/cues.json) it belongs to: word classes the model can weigh."""
    out: dict[str, list[str]] = {}
    for name in LEXICONS:
        for word in cue_words(name):
            out.setdefault(word, []).append(name)
    return {w: tuple(v) for w, v in out.items()}


def _classes(tok: Any) -> tuple[str, ...]:
    return lexicon().get(tok.lower_, ())


def text_features(text: str) -> Features:
    """Stems and stem pairs of the raw text (no dense part)."""
    words = [stem(w) for w in _WORD.findall(text.lower())]
    feats = [*(f"w={w}" for w in words)]
    feats.extend(f"b={a}_{b}" for a, b in zip(words, words[1:], strict=False))
    return Features(feats, NO_VECTOR)


def _vector(tokens: Any) -> Vector:
    """The mean contextual vector (the model's tok2vec output) of some tokens."""
    rows = [t.tensor for t in tokens if t.tensor.size]
    if not rows:
        return np.zeros(TENSOR_WIDTH, dtype=np.float32)
    return np.asarray(np.mean(rows, axis=0), dtype=np.float32)


TENSOR_WIDTH = 96  # en_core_web_sm's tok2vec width


def _token_form(tok: Any) -> str:
    if tok.ent_type_:
        return f"E:{tok.ent_type_}"
    return stem(tok.text)


def sentence_features(span: Any) -> Features:
    """Features of a parsed sentence for the type and stance/action classifiers."""
    toks = [t for t in span if not t.is_space and not t.is_punct]
    forms: list[str] = []
    for t in toks:  # one form per entity, not one per token
        f = _token_form(t)
        if not (t.ent_iob_ == "I" and forms and forms[-1] == f):
            forms.append(f)
    feats = [*(f"w={f}" for f in forms)]
    feats.extend(f"b={a}_{b}" for a, b in zip(forms, forms[1:], strict=False))
    for t in toks:
        if t.dep_ in ("ROOT", "nsubj", "nsubjpass", "dobj", "pobj", "xcomp", "ccomp", "advcl", "relcl",
                      "acl", "amod", "compound", "agent", "dative", "attr", "conj"):
            feats.append(f"d={_token_form(t.head)}>{t.dep_}>{_token_form(t)}")
        if t.dep_ == "neg":
            feats.append(f"neg={_token_form(t.head)}")
        if t.dep_ in ("aux", "auxpass") and t.lower_ in ("will", "would", "could", "may", "might", "shall"):
            feats.append(f"modal={t.lower_}>{_token_form(t.head)}")
        for cls in _classes(t):
            feats.append(f"lex={cls}")
            feats.append(f"lex={cls}|dep={t.dep_}")
            if any(c.dep_ == "neg" for c in t.children):
                feats.append(f"lex={cls}|neg")
    text = span.text
    feats.extend(f"measure={hit.value}" for hit in find_measures(text))
    if resolution_numbers(text):
        feats.append("resolution_number")
    feats.append(f"ents={min(sum(1 for e in span.ents if e.label_ != 'WEAPON'), 5)}")
    return Features(feats, _vector(span))


def entity_root(span: Any, pm: PartyMention, offset: int) -> tuple[Any, int, int] | None:
    """(root token, first token index, end token index) of a party mention; `offset` is where the
    span's doc starts in the article text (mention offsets are article offsets)."""
    lo, hi = pm.start - offset, pm.end - offset
    toks = [t for t in span if lo <= t.idx < hi]
    if not toks:
        return None
    return span.doc[toks[0].i : toks[-1].i + 1].root, toks[0].i, toks[-1].i + 1


def party_features(span: Any, pm: PartyMention, offset: int, source_name: str | None) -> Features:
    """Features of one party mention's place in the sentence (for the role classifiers); the dense
    part is the contextual vector of the mention and of the word governing it."""
    found = entity_root(span, pm, offset)
    feats = [f"label={pm.label}", f"kind={pm.party.kind}"]
    if pm.party.country:
        feats.append("has_state")
    if source_name and pm.party.name == source_name:
        feats.append("is_source")
    if found is None:
        return Features(feats, np.zeros(2 * TENSOR_WIDTH, dtype=np.float32))
    root, first, end = found
    node = root
    while node.dep_ == "conj" and node.head.i != node.i:  # "Iran and Syria": Syria takes Iran's place
        node = node.head
        feats.append("conj")
    dep, gov = node.dep_, node.head
    feats.append(f"dep={dep}")
    if dep == "pobj":
        prep = gov.lower_
        feats.append(f"prep={prep}")
        feats.append(f"prep={prep}|gov={_token_form(gov.head)}")
        feats.append(f"prep={prep}|govdep={gov.head.dep_}")
        if gov.dep_ == "agent":
            feats.append("agent")
        gov = gov.head
    feats.append(f"dep={dep}|gov={_token_form(gov)}")
    for cls in _classes(gov):
        feats.append(f"govlex={cls}|dep={dep}")
        if dep == "pobj":
            feats.append(f"govlex={cls}|prep={node.head.lower_}")
    feats.append(f"govpos={gov.pos_}|dep={dep}")
    if any(c.dep_ == "nsubjpass" for c in gov.children):
        feats.append(f"passive|dep={dep}")
    if any(c.dep_ == "neg" for c in gov.children):
        feats.append(f"gov_neg|dep={dep}")
    feats.append(f"path={'>'.join(_path(node))}")
    top = _clause_head(gov)
    feats.append(f"clause={_token_form(top)}|dep={dep}")
    feats.append(f"clause={_token_form(top)}")
    doc = span.doc
    for k, i in (("l1", first - 1), ("l2", first - 2), ("r1", end), ("r2", end + 1)):
        if span.start <= i < span.end:
            feats.append(f"{k}={_token_form(doc[i])}")
    if span.end - span.start:
        feats.append(f"pos={3 * (first - span.start) // max(span.end - span.start, 1)}")
    weapons = [e for e in span.ents if e.label_ == "WEAPON"]
    if weapons:
        feats.append("before_weapon" if first < weapons[0].start else "after_weapon")
        if any(w.start <= root.head.i < w.end for w in weapons):
            feats.append("modifies_weapon")
    dense = np.concatenate([_vector(span.doc[first:end]), _vector([gov])])
    return Features(feats, dense)


def _path(tok: Any, depth: int = 4) -> list[str]:
    out = []
    node = tok
    for _ in range(depth):
        out.append(node.dep_)
        if node.head.i == node.i:
            break
        node = node.head
    return out


def _clause_head(tok: Any) -> Any:
    """The verb heading the clause a token belongs to."""
    node = tok
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node
