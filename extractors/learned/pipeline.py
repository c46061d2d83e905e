"""The learned extraction pipeline (in evaluation, not yet the default): cleaned article text in,
`Mention`s out, every decision taken by the trained classifiers.

- `LEARNED_VERSION`  the pipeline's version and the trained model's.
- `extract_mentions(text, *, title=None, nlp=None, full=False) -> list[Mention]`
  Cheap first: sentences are split without a model (extractors.sentences) and the trained relevance
  filter (a linear model over the raw words, no parse) picks the candidates; only those go through
  `nlp.pipe`. For each candidate it finds the parties (extractors.learned.candidates) and who says so
  (extractors.attribution), asks the trained classifiers which finding types the sentence holds, with
  which stance/action and which parties as a pair (extractors.learned.decide; the round-1 cue modules
  testify as features, extractors.learned.rules), and each kind's package turns that into mentions
  (extractors.kinds). `full=True` skips the relevance filter and parses with the whole model.

`extractors.pipeline` (the cue modules) stays the production default until this pipeline beats it on
the dev split, the corpus gold and the seed (see the README's "Extraction quality").
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from extractors.attribution import learn_speaker, sentence_source
from extractors.context import SentenceContext
from extractors.kinds import KINDS
from extractors.learned.candidates import sentence_parties
from extractors.learned.decide import Decision, decide
from extractors.learned.features import text_features
from extractors.learned.model import META, PACKAGE, load_model
from extractors.learned.rules import rule_findings
from extractors.learned.speakers import anchor, sources
from extractors.parties import DocMemory
from extractors.records import Mention
from extractors.pipeline import dedupe_mentions, headline_echoes, model_text
from extractors.sentences import Sentence, split_sentences

PIPELINE_VERSION = "learned-pipeline/1"  # bump when sentence selection, features or assembly change findings


def _model_version() -> str:
    """The trained artefact's version, read from its small JSON file (the weights load lazily)."""
    try:
        meta = json.loads(resources.files(PACKAGE).joinpath(META).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "model/none"
    return f"model/{meta['version']}"


LEARNED_VERSION: str = f"{PIPELINE_VERSION}+{_model_version()}"


def candidates(sents: list[Sentence], skip: set[int], full: bool = False) -> list[int]:
    """Indexes of the sentences the relevance filter passes (all but `skip` when `full`)."""
    todo = [i for i in range(len(sents)) if i not in skip]
    if full or not todo:
        return todo
    model = load_model()
    rel = model.get("relevance")
    probs = rel.proba([text_features(sents[i].text) for i in todo])[:, 1]
    return [i for i, p in zip(todo, probs, strict=True) if p >= model.threshold("relevance")]


def extract_mentions(
    text: str, *, title: str | None = None, nlp: Any = None, full: bool = False
) -> list[Mention]:
    """Findings of one cleaned article (see module docstring)."""
    sents = split_sentences(text)
    todo = candidates(sents, headline_echoes(sents, title), full)
    if not todo:
        return []
    if nlp is None:
        from extractors.nlp import load_nlp

        nlp = load_nlp(full=full)  # the baseline keeps every component of the model
    parsed = dict(zip(todo, nlp.pipe([model_text(sents[i].text) for i in todo], batch_size=64), strict=True))
    model = load_model()
    memory = DocMemory()
    out: list[Mention] = []
    for i, sent in enumerate(sents):
        if i not in parsed:
            learn_speaker(sent.text, memory)
            continue
        ctx = _context(text, sents, i, parsed[i][:], memory, title)
        source = ctx.source.name if ctx.source else None
        for dec in decide(model, ctx.span, ctx.parties, sent.start, source, rule_findings(ctx)):
            attribute(dec, ctx, memory)
            out.extend(KINDS[dec.type](dec, ctx, LEARNED_VERSION))
    return dedupe_mentions(out)


def attribute(dec: Decision, ctx: SentenceContext, memory: DocMemory) -> None:
    """Each pair's (or violator's) source per stance, read off the reporting layers above it."""
    sides = ([[a, b] for a, b, _ in dec.pairs] if dec.pairs
             else [[pm] for pm, _ in dec.roles.get("violator", [])])
    for k, parties in enumerate(sides):
        tok = anchor(ctx.span, parties, ctx.start)
        dec.sources[k] = sources(ctx.span, ctx.parties, memory, ctx.start, tok, ctx.source)


def _context(
    text: str, sents: list[Sentence], i: int, span: Any, memory: DocMemory, title: str | None
) -> SentenceContext:
    sent = sents[i]
    parties = sentence_parties(span, sent.start, memory)
    following = sents[i + 1].text if i + 1 < len(sents) else None
    preceding = sents[i - 1].text if i > 0 else None
    source = sentence_source(
        span, parties, memory, offset=sent.start, following=following, preceding=preceding
    )
    return SentenceContext(text=text, start=sent.start, end=sent.end, span=span, parties=parties,
                           source=source, previous=[s.text for s in sents[max(0, i - 3) : i]], title=title)
