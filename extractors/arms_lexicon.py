"""Arms-transfer vocabulary and weapon helpers (data from gazetteers/cues.json and weapons.jsonl).

Public API (used by extractors.arms):

- `lexicon() -> (trigger word -> direction, weapon head words, weapon term -> (category, weak))`
   direction: "out" (supply, sell...), "in" (receive, buy...), "pair" (deal, transaction), "use".
- `candidate(sentence) -> bool`     keyword prefilter: a transfer word and a weapon word, or an arming verb
- `arming_words() -> frozenset`     verbs that carry their own weapons ("arming")
- `weapon_ents(span)`, `category(ent) -> (category, weak)`, `quantity(ents) -> int | None`
- `scope(trigger, weapons, triggers)`  weapons belonging to a trigger's clause;
  `antecedent(trigger, weapons)` the weapon a pronoun object stands for
- `blocked(trigger) -> bool`        under a ban/curb/talks/treaty ("curbs on exports to X")
- `military(ctx) -> bool`           a military word in the sentence, title or previous sentences
- `design_origin(ent) -> str | None` the state that makes a named system (Shahed -> IRN)
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from extractors import gazetteer
from extractors.context import SentenceContext
from extractors.cues import cue_words
from extractors.nlp import plurals
from extractors.parties import name_starts

_WORD = re.compile(r"[a-z0-9][a-z0-9/'’-]*")
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "thirty": 30, "forty": 40,
            "fifty": 50, "hundred": 100}
_BLOCK_VERBS = (
    "banned",
    "prohibited",
    "outlawed",
    "restricted",
    "barred",
    "halted",
    "suspended",
    "blocked",
    "curbed",
    "ban",
    "banning",
    "prohibit",
    "prohibits",
    "bans",
    "block",
    "blocking",
    "restrict",
    "cut", "cutting", "curbing", "stem", "stemming",
)


@cache
def lexicon() -> tuple[dict[str, str], frozenset[str], dict[str, tuple[str, bool]]]:
    """(trigger word -> direction, weapon head words, weapon term -> (category, weak))."""
    triggers: dict[str, str] = {}
    for word in cue_words("transfer_nouns_pair"):
        triggers[word] = "pair"
    for word in cue_words("use_verbs"):
        triggers[word] = "use"
    for direction in ("in", "out"):
        for word in cue_words(f"transfer_verbs_{direction}") | cue_words(f"transfer_nouns_{direction}"):
            triggers.setdefault(word.split()[-1], direction)
    heads: set[str] = set()
    terms: dict[str, tuple[str, bool]] = {}
    generic = cue_words("generic_weapon_heads")
    for w in gazetteer.weapons():
        terms[w.term.lower()] = (w.category, w.weak)
        for form in plurals(w.term):
            heads.add(form.lower().split()[-1])
    return triggers, frozenset(heads - generic), terms


@cache
def generic_phrases() -> tuple[str, ...]:
    """Weapon terms whose last word alone says nothing ("air defence system"): matched whole."""
    generic = cue_words("generic_weapon_heads")
    return tuple(
        form.lower()
        for w in gazetteer.weapons()
        for form in plurals(w.term)
        if form.lower().split()[-1] in generic and " " in form
    )


@cache
def arming_words() -> frozenset[str]:
    """Verbs that carry their own weapons ("Eritrea is arming al-Shabaab")."""
    return cue_words("arming_verbs") - {"arms"}


_ARMED = re.compile(r"\barmed\s+(?:the|its|their|them|rebels|militants|militias|groups|fighters)\b")


def candidate(sentence: str) -> bool:
    """A transfer word and a weapon word in the sentence, or an arming verb (no model)."""
    triggers, heads, _ = lexicon()
    low = " ".join(sentence.lower().split())
    words = set(_WORD.findall(low))
    words |= {part for w in words if "-" in w for part in w.split("-")}  # "weapons-related"
    if words & (arming_words() - {"armed"}) or ("armed" in words and _ARMED.search(low)):
        return True
    if not any(w in triggers for w in words):
        return False
    if not (words & heads or any(p in low for p in generic_phrases())):
        return False
    return names_a_party(sentence)


_CAP = re.compile(r"[A-Z][\w.&-]*|\b[a-z]{1,3}-[A-Z][\w-]*")  # "Iran", "U.S.", "al-Shabaab"


def names_a_party(sentence: str) -> bool:
    """Some capitalised word starts a gazetteer name (a state, demonym, capital, group, leader, body)."""
    starts = name_starts()
    for word in _CAP.findall(sentence):
        word = word.rstrip(".") if word.count(".") == 1 else word
        if word in starts or word.capitalize() in starts or word.rstrip("s") in starts:
            return True
    return False


def weapon_ents(span: Any) -> list[Any]:
    return [e for e in span.ents if e.label_ == "WEAPON" and not _first_name(e)]


def _first_name(ent: Any) -> bool:
    """ "Bradley Wiggins": a one-word system name followed by a capitalised name is a person."""
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if len(ent) != 1 or nxt is None or not nxt.is_title or nxt.lower_ in lexicon()[1]:
        return False
    return bool(nxt.pos_ == "PROPN" and nxt.ent_type_ in ("", "PERSON"))


def category(ent: Any) -> tuple[str, bool]:
    term = ent.ent_id_[2:].lower() if ent.ent_id_.startswith("W:") else ent.text.lower()
    return lexicon()[2].get(term, ("other", False))


def _governor(tok: Any, triggers: dict[str, str]) -> Any:
    """The nearest verb or trigger noun above a token (the clause it belongs to)."""
    node = tok.head
    for _ in range(10):
        if node.pos_ in ("VERB", "AUX") or node.lower_ in triggers:
            return node
        if node.head.i == node.i:
            return node
        node = node.head
    return node


def scope(trig: Any, weapons: list[Any], triggers: dict[str, str]) -> list[Any]:
    """Weapons belonging to this trigger: in its subtree, not inside another clause."""
    out = []
    for ent in weapons:
        root = ent.root
        if _modifies(trig, root):  # "drones used by Russia", "the P-3 programme the US sold to Taiwan"
            out.append(ent)
            continue
        if trig.dep_ == "xcomp" and root.head.i == trig.head.i and root.dep_.startswith("nsubj"):
            out.append(ent)  # "howitzers are expected to be delivered"
            continue
        if not (trig.left_edge.i <= root.i <= trig.right_edge.i) and root.i != trig.i:
            continue
        if root.dep_ == "compound" and root.head.lower_ in cue_words("weapon_modifier_heads"):
            continue  # "arms negotiators", "arms control": the weapon word only describes something else
        gov = root if root.i == trig.i else _governor(root, triggers)
        if (
            gov.i == trig.i
            or (gov.lower_ in triggers and gov.head.i == trig.i)
            or trig.i in range(ent.start, ent.end)
        ):
            out.append(ent)
    return out


def _modifies(trig: Any, root: Any) -> bool:
    """A participle or relative-clause trigger whose head noun is (or is compounded with) the weapon."""
    own = [c for c in trig.children if c.dep_ == "dobj" and c.lower_ not in ("that", "which")]
    if trig.dep_ not in ("acl", "relcl") or (trig.dep_ == "relcl" and own):
        return False
    head = trig.head
    return bool(root.i == head.i) or (root.dep_ == "compound" and root.head.i == head.i)


def antecedent(trig: Any, weapons: list[Any]) -> list[Any]:
    """ "weapons, many of them supplied by X to Y": a pronoun object stands for the weapon before it."""
    objs = [c for c in trig.children if c.dep_ in ("dobj", "nsubjpass")]
    objs += [c for c in trig.children if c.dep_ == "nsubj" and c.lower_ in ("many", "some", "most")]
    if trig.dep_ == "acl":
        objs.append(trig.head)
    pronoun = any(o.lower_ in ("them", "it", "many", "some", "most", "which", "these", "those") for o in objs)
    before = [e for e in weapons if e.end <= trig.i]
    return before[-1:] if pronoun else []


def blocked(trig: Any) -> bool:
    blocks = cue_words("block_heads")
    node = trig
    for _ in range(4):
        if node.lower_ in blocks or node.lower_ in _BLOCK_VERBS:
            return True
        if node.head.i == node.i or node.dep_ in ("conj", "ccomp", "advcl", "relcl", "ROOT"):
            return False  # a ban only covers what it governs, not a neighbouring clause
        node = node.head
    return False


def quantity(ents: list[Any]) -> int | None:
    for ent in ents:
        for c in ent.root.children:
            if c.dep_ == "nummod":
                text = c.text.replace(",", "").lower()
                if text.isdigit():
                    return int(text)
                if text in _NUMBERS:
                    return _NUMBERS[text]
    return None


def military(ctx: SentenceContext) -> bool:
    """A military word in the sentence, the title or the sentences just before it."""
    words = cue_words("military_context")
    if any(t.lower_ in words for t in ctx.span):
        return True
    near = " ".join([ctx.title or "", *ctx.previous]).lower()
    return bool(words & set(_WORD.findall(near)))


@cache
def _origins() -> dict[str, str]:
    return {w.term.lower(): w.origin for w in gazetteer.weapons() if w.origin}


def design_origin(ent: Any) -> str | None:
    """The state that makes a named weapon system ("Shahed drones" -> IRN), from weapons.jsonl."""
    term = ent.ent_id_[2:].lower() if ent.ent_id_.startswith("W:") else ent.text.lower()
    return _origins().get(term)
