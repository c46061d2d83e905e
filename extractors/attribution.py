"""Sentence-level attribution and stance: who says so, and whether it is asserted, denied or planned.

Public API (the pipeline fills `SentenceContext.source` / `.stance` with these; kind modules may call
`cues.stance_of` for a finer, clause-level answer):

- `sentence_source(span, parties, memory, *, offset=0, following=None, preceding=None) -> Party | None`
    the subject of a speech verb (said/told/stated/confirmed/accused...) or "according to X" in the
    sentence; for a quote without a speaker, "” X said" in the NEXT sentence, "X said ...:" ending the
    previous one, or the last speaker ("he said", a continued quote). Updates `memory.speaker`.
- `sentence_stance(span) -> str`    "denied" (deny verbs, "false"/"absurd"/"never happened"),
    "planned" (will, plans to, agreed to, expected to, set to, ordered, considering) or "asserted".
- `learn_speaker(text, memory) -> None`   remember "X said"/"X told" from a sentence never parsed.
- `learn_people(text, memory) -> None`    remember "Belgian envoy Luc Martens" -> BEL without a model.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.context import PartyMention
from extractors.cues import cue_words, planned, speaker
from extractors.parties import DocMemory, resolve_party
from extractors.records import Party

_VERBS = r"(?:said|says|told|added|stated|wrote|tweeted|insisted|explained|noted|warned|continued|declared)"
_WHO = r"(?P<who>(?:[A-Z][\w’'.-]+)(?:\s+[A-Z][\w’'.-]+){0,3}|he|she|they|the\s+\w+(?:\s+\w+)?)"
_AFTER_QUOTE = re.compile(r"[”\"]\s*,?\s*" + _WHO + r"\s+" + _VERBS + r"\b")
_BEFORE_COLON = re.compile(_WHO + r"(?:,[^,]{1,80},)?\s+" + _VERBS + r"\b[^“\"]{0,60}:\s*[“\"]?\s*$")
_SAID = re.compile(r"(?:^|[,”\"]\s*|\s)" + _WHO + r"\s+" + _VERBS + r"\b")
_CAPS = re.compile(r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")
_OPEN, _CLOSE = '“"‘', '”"’'


def _resolve_who(who: str, memory: DocMemory) -> Party | None:
    low = who.lower()
    if low in ("he", "she"):
        return memory.speaker
    if low.startswith("the ") or low == "they":
        speaker_ = memory.speaker
        return speaker_ if speaker_ and low.split()[-1] in speaker_.name.lower() else None
    party = resolve_party(who, "PERSON", memory)
    return party if party and (party.country or party.kind == "person") else None


def _set(memory: DocMemory, party: Party | None) -> Party | None:
    if party is not None and party.kind in ("person", "organisation", "media", "state"):
        memory.speaker = party
    return party


def _in_sentence(span: Any, parties: list[PartyMention], memory: DocMemory, offset: int) -> Party | None:
    speech = cue_words("speech_verbs")
    verbs = sorted(
        (t for t in span if t.lower_ in speech and t.pos_ in ("VERB", "AUX")),
        key=lambda t: (t.dep_ != "ROOT", t.i),
    )
    for verb in verbs:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                found = speaker(c, parties, memory, offset)
                if found:
                    return found
    for t in span:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor().lower_ == "to":
            for g in t.nbor().children:
                if g.dep_ == "pobj":
                    return speaker(g, parties, memory, offset)
        if t.lower_ == "by" and t.head.lower_ in _CARRIED:  # "a statement carried by KCNA"
            for g in t.children:
                found = speaker(g, parties, memory, offset) if g.dep_ == "pobj" else None
                if found:
                    return found
    return None


_CARRIED = frozenset({"carried", "published", "released", "broadcast", "aired", "issued", "quoted"})


def _is_quote(text: str) -> bool:
    t = text.strip()
    return bool(t) and (t[0] in _OPEN or t[-1] in _CLOSE or t.rstrip(".")[-1:] in _CLOSE)


def sentence_source(
    span: Any,
    parties: list[PartyMention],
    memory: DocMemory,
    *,
    offset: int = 0,
    following: str | None = None,
    preceding: str | None = None,
) -> Party | None:
    """Who says so (see module docstring)."""
    found = _in_sentence(span, parties, memory, offset)
    if found:
        return _set(memory, found)
    text = span.text
    if not _is_quote(text):
        return None
    opened = sum(text.count(q) for q in '“"') > sum(text.count(q) for q in "”") or text.lstrip()[:1] in _OPEN
    if following and opened:
        m = _AFTER_QUOTE.search(following)
        if m:
            return _set(memory, _resolve_who(m.group("who"), memory))
    if preceding:
        m = _BEFORE_COLON.search(preceding)
        if m:
            return _set(memory, _resolve_who(m.group("who"), memory))
    return memory.speaker


def sentence_stance(span: Any) -> str:
    """Sentence-level stance from cue words (kind modules refine it per clause)."""
    low = [t.lower_ for t in span]
    text = " " + " ".join(low) + " "
    if any(w in cue_words("deny_verbs") for w in low) or any(
        f" {w} " in text for w in cue_words("false_words")
    ):
        return "denied"
    if any(planned(t) for t in span if t.pos_ in ("VERB", "NOUN")):
        return "planned"
    return "asserted"


def learn_people(text: str, memory: DocMemory) -> None:
    """Remember "Belgian envoy Luc Martens" (a name a few words after a state word), without a model."""
    runs = list(_CAPS.finditer(text))
    for prev, run in zip(runs, runs[1:], strict=False):
        name = run.group(0)
        gap = text[prev.end() : run.start()]
        if not (2 <= len(name.split()) <= 3) or len(gap.split()) > 3 or resolve_party(name) is not None:
            continue
        words = prev.group(0).split()
        for k in range(len(words)):
            party = resolve_party(" ".join(words[k:]))
            if party is not None and party.country and party.kind == "state":
                memory.remember(Party(name, party.country, "person"))
                break


def learn_speaker(text: str, memory: DocMemory) -> None:
    """Note the speaker of an unparsed sentence ("Kirby said ...") when the name is already known."""
    learn_people(text, memory)
    m = _SAID.search(text)
    if m:
        who = _resolve_who(m.group("who"), memory)
        if who is not None and who.country:
            memory.speaker = who
