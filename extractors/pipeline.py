"""The shared extraction pipeline: cleaned article text in, `Mention`s out.

Public API:

- `MODULES`            the kind modules, imported by name here (adding one is one import and one entry).
  Each exposes `VERSION: str`, `is_candidate(sentence: str) -> bool` (keyword test, no model) and
  `extract(ctx: SentenceContext) -> list[Mention]`; optionally `complete(mentions, text) -> list[Mention]`,
  called once per article with that module's findings (e.g. to fill a role from an earlier sentence).
- `EXTRACTOR_VERSION`  the modules' VERSIONs joined with "+" (stored with every finding).
- `extract_mentions(text, *, title=None, nlp=None, full=False) -> list[Mention]`
  Cheap first: sentences are split without a model (extractors.sentences), each module's
  `is_candidate` picks sentences, and only those go through `nlp.pipe`. For each candidate the pipeline
  builds a `SentenceContext` (parties with states via extractors.parties, sentence-level source and
  stance via extractors.attribution, up to 3 previous sentences) and calls the modules that claimed it.
  `full=True` parses every sentence with the whole model (no component disabled) and offers every
  sentence to every module (the benchmark's baseline). Identical findings within one article
  sentence are kept once.
- `extract_bounded(text, *, title=None, nlp=None, bounds) -> Extraction` the same within `Bounds`
  (candidate sentences read, seconds, findings kept); `Extraction.limit` says what was cut, or None.
- `model_text(sentence) -> str`     the sentence as the model reads it (same length)
- `modules() -> list[ModuleType]`   the imported kind modules, in `MODULES` order.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from extractors import arms, sanctions, un_violations
from extractors.attribution import learn_speaker, sentence_source, sentence_stance
from extractors.context import SentenceContext
from extractors.errors import StructureError
from extractors.parties import DocMemory, find_parties
from extractors.records import Mention
from extractors.sentences import Sentence, split_sentences

MODULES: tuple[ModuleType, ...] = (arms, sanctions, un_violations)  # registered by plain import
PREVIOUS = 3


@cache
def modules() -> list[ModuleType]:
    """The kind modules of MODULES, checked for the interface."""
    for mod in MODULES:
        for attr in ("VERSION", "is_candidate", "extract"):
            if not hasattr(mod, attr):
                raise StructureError(f"{mod.__name__} lacks {attr} (see extractors/context.py)")
    return list(MODULES)


PIPELINE_VERSION = "pipeline/2"  # bump when sentence selection or model input changes findings
EXTRACTOR_VERSION: str = "+".join([PIPELINE_VERSION, *(m.VERSION for m in modules())])


@dataclass(frozen=True)
class Bounds:
    """How much one article may cost: candidate sentences read by the model, seconds of extraction,
    findings kept (the most confident). A hostile page of cue sentences stops here, with a reason."""

    max_candidates: int = 400
    max_seconds: float = 20.0
    max_findings: int = 200


@dataclass
class Extraction:
    """The findings of one article and, when a bound cut the work short, why (`limit`)."""

    mentions: list[Mention]
    limit: str | None = None


def extract_mentions(
    text: str, *, title: str | None = None, nlp: Any = None, full: bool = False
) -> list[Mention]:
    """Findings of one cleaned article (see module docstring)."""
    return _extract(text, title, nlp, full, None).mentions


def extract_bounded(text: str, *, title: str | None = None, nlp: Any = None, bounds: Bounds) -> Extraction:
    """Findings of one cleaned article within `bounds`; `limit` says which bound cut it and how much."""
    return _extract(text, title, nlp, False, bounds)


def _extract(text: str, title: str | None, nlp: Any, full: bool, bounds: Bounds | None) -> Extraction:
    clock = time.monotonic()
    sents = split_sentences(text)
    mods = modules()
    echoes = headline_echoes(sents, title)
    claims = [[m for m in mods if i not in echoes and (full or m.is_candidate(s.text))]
              for i, s in enumerate(sents)]
    todo = [i for i, c in enumerate(claims) if c]
    if not todo:
        return Extraction([])
    limits: list[str] = []
    if bounds is not None and len(todo) > bounds.max_candidates:
        limits.append(f"candidate sentences: {bounds.max_candidates:,} of {len(todo):,} read")
        todo = todo[:bounds.max_candidates]
    seconds = bounds.max_seconds if bounds is not None else float("inf")
    if nlp is None:
        from extractors.nlp import load_nlp

        nlp = load_nlp(full=full)  # the baseline keeps every component of the model
    texts = [model_text(sents[i].text) for i in todo]
    parsed = {}
    for i, doc in zip(todo, nlp.pipe(texts, batch_size=64), strict=False):
        parsed[i] = doc
        if time.monotonic() - clock > seconds and len(parsed) < len(todo):
            limits.append(f"time: {seconds:g} s spent, {len(parsed):,} of {len(todo):,} "
                          "candidate sentences read")
            break
    memory = DocMemory()
    found: dict[str, list[Mention]] = {m.__name__: [] for m in mods}
    for i, sent in enumerate(sents):
        if i not in parsed:
            learn_speaker(sent.text, memory)
            continue
        ctx = _context(text, sents, i, parsed[i][:], memory, title)
        for mod in claims[i]:
            found[mod.__name__].extend(mod.extract(ctx))
    out: list[Mention] = []
    for mod in mods:
        mentions = found[mod.__name__]
        if hasattr(mod, "complete"):
            mentions = mod.complete(mentions, text)
        out.extend(mentions)
    out = dedupe_mentions(out)
    if bounds is not None and len(out) > bounds.max_findings:
        limits.append(f"findings: {bounds.max_findings:,} of {len(out):,} kept (the most confident)")
        keep = set(map(id, sorted(out, key=lambda m: -m.confidence)[:bounds.max_findings]))
        out = [m for m in out if id(m) in keep]
    return Extraction(out, "; ".join(limits) or None)


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def headline_echoes(sents: list[Sentence], title: str | None) -> set[int]:
    """Indexes of sentences that only repeat the headline inside page chrome ("One thought on
    "<headline>"", "Comments on <headline>", related-link lists): the headline itself, the title or
    the first sentence, stays a finding; its echoes further down would count the same claim again."""
    heads = [h.strip() for h in (title, sents[0].text if sents else None) if h and len(h.strip()) >= 25]
    return {i for i, s in enumerate(sents) if i > 0 and s.text.strip() not in heads
            and any(h in s.text for h in heads)}


def model_text(sentence: str) -> str:
    """What the model reads (same length, so offsets hold): line breaks as spaces, typographic
    apostrophes as plain ones (so "People’s Republic" stays one name), SHOUTED headlines in title case
    so names like IRAN are recognised."""
    text = sentence.replace("\n", " ").translate(_APOSTROPHES)
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        titled = text.title()
        if len(titled) == len(text):
            return titled
    return text


def _context(
    text: str, sents: list[Sentence], i: int, span: Any, memory: DocMemory, title: str | None
) -> SentenceContext:
    sent = sents[i]
    parties = find_parties(span, offset=sent.start, memory=memory)
    following = sents[i + 1].text if i + 1 < len(sents) else None
    preceding = sents[i - 1].text if i > 0 else None
    source = sentence_source(
        span, parties, memory, offset=sent.start, following=following, preceding=preceding
    )
    return SentenceContext(
        text=text,
        start=sent.start,
        end=sent.end,
        span=span,
        parties=parties,
        source=source,
        stance=sentence_stance(span),
        previous=[s.text for s in sents[max(0, i - PREVIOUS) : i]],
        title=title,
    )


def dedupe_mentions(mentions: list[Mention]) -> list[Mention]:
    """Mentions with distinct contract JSON, first kept (one finding stated twice in a sentence)."""
    seen: set[str] = set()
    out = []
    for m in mentions:
        key = json.dumps(m.to_json(), sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
