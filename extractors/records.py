"""Typed records passed between stages. Pure data: no I/O, no Prefect, no DuckDB.

Field names of `Party` and `Mention` are the mention contract (DESIGN.md): rename nothing without a
migration and a README note.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


def short_hash(*parts: str, length: int = 16) -> str:
    """Stable short hex digest of the parts (joined by NUL)."""
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, as the feed describes it (before any page is fetched)."""

    feed_name: str
    url: str  # canonical URL (see extractors.urls.canonical_url)
    title: str | None = None
    summary: str | None = None
    published: datetime | None = None  # timezone-aware UTC
    author: str | None = None
    guid: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """What a feed's bytes gave: its items, and whether the parser had to forgive it."""

    items: list[FeedItem]
    title: str | None = None
    malformed: bool = False  # the XML was broken but items were still recovered
    problem: str | None = None  # the parser's complaint, if any
    notes: tuple[str, ...] = ()  # what was neutralised or cut (entity declarations, over-long fields)


@dataclass(frozen=True)
class CleanedArticle:
    """Main text and metadata of one page."""

    text: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None  # ISO 639-1, e.g. "en"
    canonical_url: str | None = None
    text_hash: str = ""  # hash of normalised text, for exact syndication detection
    # added by "clean" (additive): near-duplicate fingerprint, the codec used, and what decoding overruled
    simhash: int = 0  # 64-bit SimHash of the text (extractors.dedup.simhash), for near-duplicates
    encoding: str | None = None  # Python codec name the body was decoded with; None for str input
    notes: tuple[str, ...] = ()  # e.g. "charset 'utf-8' from HTTP header does not fit the bytes"


@dataclass(frozen=True)
class Party:
    """A state, group, company, person, body or vessel named in a finding."""

    name: str
    country: str | None = None  # ISO 3166-1 alpha-3 or None
    kind: str = "other"  # one of extractors.vocabulary.PARTY_KINDS


@dataclass
class Mention:
    """One sentence-level finding: the mention contract.

    Fields not used by a type stay at their defaults (None / empty list). `start`/`end` are character
    offsets of `sentence` in the cleaned article text.
    """

    type: str  # one of extractors.vocabulary.FINDING_TYPES
    sentence: str
    start: int
    end: int
    confidence: float
    extractor_version: str
    source: Party | None = None
    stance: str | None = None  # arms_transfer, un_violation
    # arms_transfer
    supplier: Party | None = None
    recipient: Party | None = None
    weapons: list[str] = field(default_factory=list)
    weapon_category: str | None = None
    quantity: int | None = None
    # sanction
    authority: Party | None = None
    targets: list[Party] = field(default_factory=list)
    measure: str | None = None
    action: str | None = None
    programme: str | None = None
    # un_violation
    violator: Party | None = None
    resolutions: list[str] = field(default_factory=list)
    regime: str | None = None

    def span_key(self) -> str:
        """The finding's span: its sentence offsets plus what it says (stance/action and parties).

        A sentence can hold several findings of one type — a claim and its denial, two targets' measures,
        two authorities — so the offsets alone would give them one mention_id and one would be lost.
        """
        def name(p: Party | None) -> str:
            return p.name if p is not None else ""

        roles = [self.stance or self.action or "", name(self.supplier), name(self.recipient),
                 self.weapon_category or "", name(self.authority), ",".join(t.name for t in self.targets),
                 self.measure or "", name(self.violator), ",".join(self.resolutions)]
        return f"{self.start}:{self.end}:" + "|".join(roles)

    def mention_id(self, article_id: str) -> str:
        """hash(article_id, type, span, extractor_version): re-running is an upsert (see span_key)."""
        return short_hash(article_id, self.type, self.span_key(), self.extractor_version)

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object, with only the fields that belong to this type."""
        d = asdict(self)
        keep = _COMMON | _BY_TYPE.get(self.type, set())
        return {k: v for k, v in d.items() if k in keep}


_COMMON = {"type", "source", "sentence", "start", "end", "confidence", "extractor_version"}
_BY_TYPE = {
    "arms_transfer": {"stance", "supplier", "recipient", "weapons", "weapon_category", "quantity"},
    "sanction": {"authority", "targets", "measure", "action", "programme"},
    "un_violation": {"stance", "violator", "resolutions", "regime"},
}
