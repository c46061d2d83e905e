"""Role helpers shared by `sanctions` and `un_violations`: parties of a sentence, agents, anaphora.

A `Slot` is a party with offsets relative to the sentence. Parties come from the shared pipeline
(`SentenceContext.parties`) plus the sanctioning-authority gazetteer (OFAC, HM Treasury, the EU, the
Security Council, ...), which wins where both cover the same words. "the company" / "the group" /
"the country" are resolved to the nearest fitting party named before them (same sentence first, then
up to three previous sentences) and only when that nearest sentence offers a single candidate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extractors.context import SentenceContext
from extractors.records import Party
from extractors.sanction_text import main_state, parties_in_text, states_at, states_in_text
from extractors.sanctions_data import find_authorities, flex

STATE_LIKE = frozenset({"state"})
BODY_KINDS = frozenset({"organisation", "group", "company", "vessel", "other"})
_ANAPHOR = flex(
    r"\b(?:the|that|this) (company|firm|group|organi[sz]ation|bank|entity|network|militia|vessel|ship|tanker|"
    r"country|nation|regime|government|administration|state)\b",
    re.IGNORECASE,
)
_VESSEL = flex(
    r"\b(?:[Tt]anker|[Vv]essel|[Ss]hip|[Ff]reighter|[Cc]argo ship|[Bb]ulk carrier|[Cc]arrier|[Dd]how|"
    r"[Yy]acht|[Ss]uperyacht)s? (?:named |called )?(?P<name>[A-Z][\w-]+(?: [A-Z0-9][\w-]*){0,3})"
)
_CREDIT = re.compile(
    r"\([^()]{0,40}\b(?:Press|News|Reuters|AP|AFP|Agency|Times|Post|Online|TV)\b[^()]{0,20}\)"
)
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .,'-]{2,40}(?:,\s*[A-Z][\w .-]{1,30})?\s*(?:\([^)]{1,40}\)\s*)?[-—–]+\s"
)
_BLOCS = frozenset({"European Union", "European Community", "UN Security Council", "United Nations"})
_ANAPHOR_KINDS = {
    "company": {"company", "group", "organisation"}, "firm": {"company", "group", "organisation"},
    "bank": {"company", "organisation"}, "entity": {"company", "group", "organisation"},
    "group": {"group", "company"}, "network": {"group", "company"}, "militia": {"group"},
    "organisation": {"group", "company", "organisation"},
    "organization": {"group", "company", "organisation"},
    "vessel": {"vessel"}, "ship": {"vessel"}, "tanker": {"vessel"},
    "country": {"state"}, "nation": {"state"}, "regime": {"state"}, "government": {"state"},
    "administration": {"state"}, "state": {"state"},
}


@dataclass(frozen=True)
class Slot:
    """A party in the sentence: offsets relative to the sentence start."""

    party: Party
    start: int
    end: int
    label: str
    anaphor: bool = False


def sentence_slots(ctx: SentenceContext) -> list[Slot]:
    """Parties of the sentence (pipeline + authority gazetteer + resolved anaphora), in text order."""
    sent = ctx.sentence
    slots = [Slot(f.party, f.start, f.end, "AUTHORITY") for f in find_authorities(sent) if f.party]
    slots += [Slot(Party(m.group("name"), None, "vessel"), m.start("name"), m.end("name"), "VESSEL")
              for m in _VESSEL.finditer(sent)]
    pms = sorted(ctx.parties, key=lambda pm: pm.start)
    pairs = zip(pms, pms[1:], strict=False)
    if any(b.start - a.end <= 1 and None in (a.party.country, b.party.country) for a, b in pairs) or any(
            pm.party.country is None and " " in pm.text for pm in pms):
        # two names side by side, one unknown, or an unknown long name: a state's name the model misread
        slots += [Slot(p, s, e, "GPE") for s, e, p in states_at(sent)
                  if p.kind == "state" and " " in sent[s:e]
                  and _splits(ctx, s, e, p) and not any(s < o.end and o.start < e for o in slots)]
    for pm in ctx.parties:
        s, e = pm.start - ctx.start, pm.end - ctx.start
        if s < 0 or e > len(sent) or any(s < o.end and o.start < e for o in slots) or _nameless(pm.party):
            continue
        slots.append(Slot(pm.party, s, e, pm.label))
    credits = [m.span() for m in _CREDIT.finditer(sent)]  # "(Canadian Press)", "(Reuters)"
    slots = [x for x in slots if not any(a <= x.start < b for a, b in credits)]
    dateline = _DATELINE.match(sent)
    if dateline:  # "BRUSSELS (Reuters) -": where the story was filed, not who acts
        slots = [x for x in slots if x.start >= dateline.end()]
    slots.sort(key=lambda x: x.start)
    for m in _ANAPHOR.finditer(sent):
        if any(m.start() < o.end and o.start < m.end() for o in slots):
            continue
        word = m.group(1).lower()
        party = resolve_anaphor(ctx, m.start(), _ANAPHOR_KINDS[word], slots)
        if party is None and word in ("government", "administration"):
            party = main_state(ctx.text, ctx.start)  # the government of the state the story is about
        if party:
            label = "GOVERNMENT" if word in ("government", "administration") else "ANAPHOR"
            slots.append(Slot(party, m.start(), m.end(), label, anaphor=True))
    return sorted(slots, key=lambda x: x.start)


def _nameless(p: Party) -> bool:
    """'the government', 'the administration': left to the anaphor resolver, which finds their state."""
    return p.country is None and p.name[:1].islower() and p.kind in ("organisation", "other")


def _splits(ctx: SentenceContext, start: int, end: int, party: Party) -> bool:
    """The model split or misread a long state name ("Democratic People’s Republic of Korea")."""
    inside = [pm for pm in ctx.parties if pm.start - ctx.start < end and start < pm.end - ctx.start]
    return len(inside) > 1 or any(pm.party.country != party.country for pm in inside)


def _fits(party: Party, kinds: set[str]) -> bool:
    return party.kind in kinds and not (party.kind == "organisation" and party.country is not None)


def resolve_anaphor(ctx: SentenceContext, pos: int, kinds: set[str], slots: list[Slot]) -> Party | None:
    """The party "the company"/"the country" at `pos` stands for, or None when unclear."""
    before = [s.party for s in slots if s.end <= pos and _fits(s.party, kinds)]
    if before:
        return before[-1]
    lookup = states_in_text if kinds == {"state"} else parties_in_text
    for text in reversed(ctx.previous):
        found = _distinct([p for p in lookup(text) if _fits(p, kinds)])
        if len(found) == 1:
            return found[0]
        if found:
            return None  # two candidates in the nearest sentence: not clear
    return None


def _distinct(parties: list[Party]) -> list[Party]:
    out: list[Party] = []
    for p in parties:
        if all((p.name, p.country) != (q.name, q.country) for q in out):
            out.append(p)
    return out


def token_at(ctx: SentenceContext, rel: int) -> Any:
    """The spaCy token covering sentence-relative offset `rel` (or the nearest before it)."""
    base = ctx.span.start_char
    best = None
    for tok in ctx.span:
        if tok.idx - base <= rel:
            best = tok
        else:
            break
    return best if best is not None else ctx.span[0]


def slot_tokens(ctx: SentenceContext, slot: Slot) -> list[Any]:
    """Tokens of the sentence covered by a slot."""
    base = ctx.span.start_char
    return [t for t in ctx.span if slot.start <= t.idx - base < slot.end]


def in_subtree(ctx: SentenceContext, slot: Slot, head: Any) -> bool:
    """True when the slot's words lie in the dependency subtree of `head`."""
    toks = slot_tokens(ctx, slot)
    return bool(toks) and all(head.left_edge.i <= t.i <= head.right_edge.i for t in toks)


def governing_verb(tok: Any) -> Any:
    """The nearest verb (or auxiliary) at or above a token in the parse; the root when none."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("aux", "auxpass"):
            return cur
        if cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def subject_of(verb: Any) -> Any | None:
    """The subject token of a verb, climbing through xcomp/conj/ccomp-less chains ("plans to impose")."""
    cur = verb
    for _ in range(4):
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
        if subj is not None:
            return subj
        if cur.dep_ in ("xcomp", "conj", "advcl", "relcl", "pcomp", "prep") and cur.head.i != cur.i:
            cur = cur.head
        elif cur.dep_ == "acl" and cur.head.i != cur.i:
            cur = governing_verb(cur.head)  # "signed an order banning imports": the signer bans
        else:
            return None
    return None


def as_state(party: Party) -> Party:
    """A person or nameless body acting for a state stands for that state; others are kept."""
    if party.kind in ("person", "other") and party.country:
        from extractors.parties import code_name

        return Party(code_name(party.country), party.country, "state")
    return party


def can_sanction(p: Party) -> bool:
    """States, bodies of a state, people acting for a state, the EU and the UN can sanction."""
    return p.kind == "state" or (p.country is not None and p.kind in ("organisation", "person")) or (
        p.kind == "organisation" and p.name in _BLOCS
    )


def same_party(a: Party, b: Party | None) -> bool:
    """The same party (a state and its bodies count as one)."""
    if b is None:
        return False
    if "state" in (a.kind, b.kind) and {a.kind, b.kind} & {"company", "vessel"}:
        return False  # a state may sanction its own firms ("Japan barred Toshiba Machine from exporting")
    if "state" in (a.kind, b.kind) and a.country and b.country:
        return a.country == b.country and (a.kind == b.kind or "person" not in (a.kind, b.kind))
    return (a.name, a.country) == (b.name, b.country)
