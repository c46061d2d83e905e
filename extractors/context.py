"""The interface between the shared extraction pipeline and the per-kind modules.

`extractors.pipeline` splits the cleaned text into sentences, asks every kind module whether a
sentence is a candidate (cheap keyword test, no model), runs the spaCy model only on candidates, then
builds one `SentenceContext` per candidate and calls the modules that claimed it:

    arms.py / sanctions.py / un_violations.py each expose
        VERSION: str                                   # e.g. "arms/1"; bump when output changes
        def is_candidate(sentence: str) -> bool        # keyword automaton / regex only
        def extract(ctx: SentenceContext) -> list[Mention]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractors.records import Party


@dataclass(frozen=True)
class PartyMention:
    """A party found in a sentence: surface text, char offsets (into the article text), resolution."""

    text: str
    start: int
    end: int
    party: Party
    label: str  # spaCy / ruler label: GPE, NORP, ORG, PERSON, ARMED_GROUP, AUTHORITY, ...


@dataclass
class SentenceContext:
    """Everything a kind module needs about one candidate sentence."""

    text: str  # the whole cleaned article text
    start: int  # sentence offsets in `text`
    end: int
    span: Any  # the spaCy Span of the sentence (parsed, with entities)
    parties: list[PartyMention] = field(default_factory=list)
    source: Party | None = None  # who says so (attribution in or around the sentence)
    stance: str = "asserted"  # asserted | denied | planned, from cues in the sentence
    previous: list[str] = field(default_factory=list)  # up to 3 preceding sentences, nearest last
    title: str | None = None

    @property
    def sentence(self) -> str:
        return self.text[self.start : self.end]
