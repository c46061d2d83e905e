"""Arms transfers: who supplies which weapons to whom, with stance, source and confidence.

Kind module (see extractors/context.py): `VERSION`, `is_candidate(sentence)`, `extract(ctx)`, and
`complete(mentions, text)` (a definite "the shipment to Wagner" borrows its missing supplier from the
article's previous finding; findings still missing a role are dropped).

A finding needs a transfer trigger (verb or noun from cues.json), a weapon term in its scope
(gazetteers/weapons.jsonl; terms with a civilian reading need a military word nearby), a supplier and
a recipient that are different states/groups. Triggers under a ban ("curbs on exports to X", "exports
are banned"), talks or treaties are not transfers; nor is a purchase from one's own country.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from extractors import gazetteer
from extractors.arms_roles import Roles, arming_roles, origin, roles_for
from extractors.context import PartyMention, SentenceContext
from extractors.cues import cue_words, stance_of
from extractors.nlp import plurals
from extractors.parties import DocMemory, code_name
from extractors.records import Mention, Party

VERSION = "arms/1"
_WORD = re.compile(r"[a-z0-9][a-z0-9/'’-]*")
_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_DEFINITE = ("the", "this", "that", "these", "those", "such")
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
)


@cache
def _lexicon() -> tuple[dict[str, str], frozenset[str], dict[str, tuple[str, bool]]]:
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
    for w in gazetteer.weapons():
        terms[w.term.lower()] = (w.category, w.weak)
        for form in plurals(w.term):
            heads.add(form.lower().split()[-1])
    return triggers, frozenset(heads), terms


@cache
def _arming_words() -> frozenset[str]:
    """Verbs that carry their own weapons ("Eritrea is arming al-Shabaab")."""
    return cue_words("arming_verbs") - {"arms"}


_ARMED = re.compile(r"\barmed\s+(?:the|its|their|them|rebels|militants|militias|groups|fighters)\b")


def is_candidate(sentence: str) -> bool:
    """A transfer word and a weapon word in the sentence, or an arming verb (no model)."""
    triggers, heads, _ = _lexicon()
    low = sentence.lower()
    words = set(_WORD.findall(low))
    if words & (_arming_words() - {"armed"}) or ("armed" in words and _ARMED.search(low)):
        return True
    return bool(words & heads) and any(w in triggers for w in words)


def _weapon_ents(span: Any) -> list[Any]:
    return [e for e in span.ents if e.label_ == "WEAPON"]


def _category(ent: Any) -> tuple[str, bool]:
    term = ent.ent_id_[2:].lower() if ent.ent_id_.startswith("W:") else ent.text.lower()
    return _lexicon()[2].get(term, ("other", False))


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


def _scope(trig: Any, weapons: list[Any], triggers: dict[str, str]) -> list[Any]:
    """Weapons belonging to this trigger: in its subtree, not inside another clause."""
    out = []
    for ent in weapons:
        root = ent.root
        if trig.dep_ == "acl" and trig.head.i == root.i:  # "drones used by Russia"
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


def _antecedent(trig: Any, weapons: list[Any]) -> list[Any]:
    """ "weapons, many of them supplied by X to Y": a pronoun object stands for the weapon before it."""
    objs = [c for c in trig.children if c.dep_ in ("dobj", "nsubjpass")]
    if trig.dep_ == "acl":
        objs.append(trig.head)
    pronoun = any(o.lower_ in ("them", "it", "many", "some", "most", "which", "these", "those") for o in objs)
    before = [e for e in weapons if e.end <= trig.i]
    return before[-1:] if pronoun else []


def _blocked(trig: Any) -> bool:
    blocks = cue_words("block_heads")
    node = trig
    for _ in range(4):
        if node.lower_ in blocks or node.lower_ in _BLOCK_VERBS:
            return True
        if node.head.i == node.i or node.dep_ in ("conj", "ccomp", "advcl", "relcl", "ROOT"):
            return False  # a ban only covers what it governs, not a neighbouring clause
        node = node.head
    return False


def _quantity(ents: list[Any]) -> int | None:
    for ent in ents:
        for c in ent.root.children:
            if c.dep_ == "nummod":
                text = c.text.replace(",", "").lower()
                if text.isdigit():
                    return int(text)
                if text in _NUMBERS:
                    return _NUMBERS[text]
    return None


def _military(ctx: SentenceContext) -> bool:
    """A military word in the sentence, the title or the sentences just before it."""
    words = cue_words("military_context")
    if any(t.lower_ in words for t in ctx.span):
        return True
    near = " ".join([ctx.title or "", *ctx.previous]).lower()
    return bool(words & set(_WORD.findall(near)))


def extract(ctx: SentenceContext) -> list[Mention]:
    """Arms-transfer findings of one candidate sentence."""
    span, offset = ctx.span, ctx.start
    triggers = _lexicon()[0]
    weapons = [e for e in _weapon_ents(span) if not _category(e)[1] or _military(ctx)]
    arming = _arming_words()
    if not weapons and not any(t.lower_ in arming for t in span):
        return []
    memory = DocMemory(speaker=ctx.source)
    out: list[Mention] = []
    for trig in span:
        direction = triggers.get(trig.lower_)
        if (
            direction is None
            or trig.pos_ not in ("VERB", "NOUN")
            or _blocked(trig)
            or _inside_weapon(trig, weapons)
        ):
            continue
        if trig.pos_ == "NOUN" and trig.head.lower_ in triggers and trig.head.pos_ == "VERB":
            continue  # "sent a cache of weapons": the verb speaks for the noun
        scoped = _scope(trig, weapons, triggers) or _antecedent(trig, weapons)
        if not scoped and trig.lower_ in arming and trig.dep_ != "amod":
            for roles in arming_roles(trig, ctx.parties, offset):
                out.extend(_findings(ctx, trig, roles, [], memory))
            continue
        if not scoped:
            continue
        for roles in roles_for(trig, "in" if direction == "use" else direction, ctx.parties, offset):
            roles = _with_origin(roles, scoped, ctx.parties, offset)
            if direction == "use" and (roles.supplier is None or roles.recipient is None):
                continue
            out.extend(_findings(ctx, trig, roles, scoped, memory))
    return out


def _inside_weapon(trig: Any, weapons: list[Any]) -> bool:
    return any(e.start <= trig.i < e.end for e in weapons)


def _with_origin(roles: Roles, scoped: list[Any], parties: list[PartyMention], offset: int) -> Roles:
    if roles.supplier is not None:
        return roles
    found = next((o for o in (origin(e.root, parties, offset) for e in scoped) if o), None)
    if found is None or (roles.recipient and found.party.country == roles.recipient.party.country):
        return roles
    return Roles(found, roles.recipient, False)


def _findings(
    ctx: SentenceContext, trig: Any, roles: Roles, scoped: list[Any], memory: DocMemory
) -> list[Mention]:
    sup, rec = _as_state(roles.supplier), _as_state(roles.recipient)
    if sup is None and rec is None:
        return []
    if (
        sup
        and rec
        and (sup.party == rec.party or (sup.party.country and sup.party.country == rec.party.country))
    ):
        return []
    if (sup is None or rec is None) and not _definite(trig):
        return []
    cats = [_category(e)[0] for e in scoped]
    category = next((c for c in cats if c != "other"), "other")
    out = []
    for stance, source in stance_of(trig, ctx.parties, memory, ctx.start, default_source=ctx.source):
        if trig.lower_ in ("order", "ordered", "orders") and stance == "asserted":
            stance = "planned"
        conf = 0.45 + (0.2 if roles.explicit else 0.1) + (0.1 if category != "other" else 0.0)
        conf += (0.1 if source is not None else 0.0) + (0.05 if trig.pos_ == "VERB" else 0.0)
        out.append(
            Mention(
                type="arms_transfer",
                sentence=ctx.sentence,
                start=ctx.start,
                end=ctx.end,
                confidence=round(min(conf, 0.95), 2),
                extractor_version=VERSION,
                source=source,
                stance=stance,
                supplier=sup.party if sup else None,
                recipient=rec.party if rec else None,
                weapons=[e.text for e in scoped],
                weapon_category=category,
                quantity=_quantity(scoped),
            )
        )
    return out


def _as_state(pm: PartyMention | None) -> PartyMention | None:
    """A leader acting as supplier or recipient stands for the state ("Reagan sold arms" -> USA)."""
    if pm is None or pm.party.kind != "person" or not pm.party.country:
        return pm
    return PartyMention(
        pm.text, pm.start, pm.end, Party(code_name(pm.party.country), pm.party.country, "state"), pm.label
    )


def _definite(trig: Any) -> bool:
    return trig.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in trig.children)


def complete(mentions: list[Mention], text: str) -> list[Mention]:
    """Fill a missing role from the previous complete finding that shares the other role; drop the rest."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if m.supplier is None or m.recipient is None:
            prev = next((p for p in reversed(out) if _shares(p, m)), None)
            if prev is None:
                continue
            m.supplier = m.supplier or prev.supplier
            m.recipient = m.recipient or prev.recipient
            m.confidence = round(max(0.3, m.confidence - 0.15), 2)
        out.append(m)
    return out


def _shares(prev: Mention, m: Mention) -> bool:
    def same(a: Party | None, b: Party | None) -> bool:
        return (
            a is not None
            and b is not None
            and (a == b or (a.country is not None and a.country == b.country and a.kind == b.kind))
        )

    return same(prev.supplier, m.supplier) or same(prev.recipient, m.recipient)
