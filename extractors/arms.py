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

from dataclasses import replace
from typing import Any

from extractors.arms_context import context_supplier, coreferent_parties, presupposed, ruled_out
from extractors.arms_lexicon import (
    antecedent,
    arming_words,
    blocked,
    candidate,
    category,
    design_origin,
    lexicon,
    military,
    quantity,
    scope,
    weapon_ents,
)
from extractors.arms_roles import Roles, arming_roles, origin, roles_for
from extractors.context import PartyMention, SentenceContext
from extractors.cues import stance_of
from extractors.parties import DocMemory, code_name
from extractors.records import Mention, Party

VERSION = "arms/2"
_DEFINITE = ("the", "this", "that", "these", "those", "such")


def is_candidate(sentence: str) -> bool:
    """A transfer word and a weapon word in the sentence, or an arming verb (no model)."""
    return candidate(sentence)


def extract(ctx: SentenceContext) -> list[Mention]:
    """Arms-transfer findings of one candidate sentence."""
    span, offset = ctx.span, ctx.start
    triggers = lexicon()[0]
    arming = arming_words() | {"arms"}
    # "it arms the Houthis": a verb, not a weapon
    verbs = {t.i for t in span if t.lower_ in arming and t.pos_ == "VERB" and t.dep_ != "amod"}
    weapons = [
        e
        for e in weapon_ents(span)
        if (not category(e)[1] or military(ctx)) and not (e.end - e.start == 1 and e.start in verbs)
    ]
    if not weapons and not verbs:
        return []
    extra = coreferent_parties(ctx)
    if extra:
        ctx = replace(ctx, parties=sorted([*ctx.parties, *extra], key=lambda p: p.start))
    memory = DocMemory(speaker=ctx.source)
    out: list[Mention] = []
    for trig in span:
        direction = triggers.get(trig.lower_)
        if (
            direction is None
            or trig.pos_ not in ("VERB", "NOUN")
            or blocked(trig)
            or _inside_weapon(trig, weapons)
        ):
            continue
        if trig.pos_ == "NOUN" and trig.head.lower_ in triggers and trig.head.pos_ == "VERB":
            continue  # "sent a cache of weapons": the verb speaks for the noun
        scoped = scope(trig, weapons, triggers) or antecedent(trig, weapons)
        if not scoped and (trig.i in verbs or (trig.lower_ in arming and trig.pos_ == "NOUN")):
            for roles in arming_roles(trig, ctx.parties, offset):
                out.extend(_findings(ctx, trig, roles, [], memory))
            continue
        if not scoped:
            continue
        for roles in roles_for(trig, "in" if direction == "use" else direction, ctx.parties, offset):
            roles = _with_origin(roles, scoped, ctx.parties, offset)
            if direction == "use" and (roles.supplier is None or roles.recipient is None):
                continue
            out.extend(_findings(ctx, trig, roles, scoped, memory, direction))
            out.extend(_origin_findings(ctx, trig, roles, scoped, memory, direction))
    return out


def _inside_weapon(trig: Any, weapons: list[Any]) -> bool:
    return any(e.start <= trig.i < e.end for e in weapons)


def _with_origin(roles: Roles, scoped: list[Any], parties: list[PartyMention], offset: int) -> Roles:
    if roles.supplier is not None:
        return roles
    found = next((o for o in (origin(e.root, parties, offset) for e in scoped) if o), None)
    if found is None and roles.recipient is not None:  # "Iran acquired Silkworm missiles": made in China
        made = next(((e, c) for e in scoped if (c := design_origin(e))), None)
        if made:
            ent, code = made
            start = offset + ent[0].idx
            found = PartyMention(
                ent.text, start, start + len(ent.text), Party(code_name(code), code, "state"), "ORIGIN"
            )
    if found is None or (roles.recipient and found.party.country == roles.recipient.party.country):
        return roles
    return Roles(found, roles.recipient, False)


def _findings(
    ctx: SentenceContext,
    trig: Any,
    roles: Roles,
    scoped: list[Any],
    memory: DocMemory,
    direction: str = "out",
) -> list[Mention]:
    sup, rec = _as_state(roles.supplier), _as_state(roles.recipient)
    if sup is None and rec is not None and direction == "out":
        # "arms sales to Iran": the seller named before ("the shipment to X" only from its own sentence)
        sup = context_supplier(ctx, trig, rec, earlier=not _definite(trig))
        roles = Roles(sup, roles.recipient, False)
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
    cats = [category(e)[0] for e in scoped]
    cat = next((c for c in cats if c != "other"), "other")
    out = []
    stances = stance_of(trig, ctx.parties, memory, ctx.start, default_source=ctx.source)
    if presupposed(trig):  # "profits from arms sales to X were diverted": the sale is a given
        stances = [("asserted", next((s for _, s in stances if s is not None), ctx.source))]
    elif ruled_out(trig):
        stances = [("denied", next((s for _, s in stances if s is not None), ctx.source))]
    for stance, source in stances:
        if trig.lower_ in ("order", "ordered", "orders") and stance == "asserted":
            stance = "planned"
        if direction == "use" and stance == "planned":
            stance = "asserted"  # "Iran will use its Chinese missiles": it has them already
        conf = 0.45 + (0.2 if roles.explicit else 0.1) + (0.1 if cat != "other" else 0.0)
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
                weapon_category=cat,
                quantity=quantity(scoped),
            )
        )
    return out


def _origin_findings(
    ctx: SentenceContext, trig: Any, roles: Roles, scoped: list[Any], memory: DocMemory, direction: str
) -> list[Mention]:
    """ "an Israeli shipment of U.S. arms to Iran": the state that made the arms supplied them too."""
    if roles.supplier is None or roles.recipient is None or direction == "use":
        return []
    made = next((o for o in (origin(e.root, ctx.parties, ctx.start) for e in scoped) if o), None)
    if made is None or made.party.country in (roles.supplier.party.country, roles.recipient.party.country):
        return []
    return _findings(ctx, trig, Roles(made, roles.recipient, False), scoped, memory, direction)


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
