"""The shared extraction pipeline: cleaned article text in, `Mention`s out.

Public API:

- `EXTRACTOR_VERSION`  the pipeline's version and the trained model's (stored with every finding;
  `reprocess` re-extracts what an older version found).
- `extract_mentions(text, *, title=None, nlp=None, full=False) -> list[Mention]`
  Cheap first: sentences are split without a model (extractors.sentences) and the trained relevance
  filter (a linear model over the raw words, no parse) picks the candidates; only those go through
  `nlp.pipe`. For each candidate the pipeline finds the parties (extractors.learned.candidates) and who
  says so (extractors.attribution), asks the trained classifiers which finding types the sentence holds,
  with which stance/action and which party in which role (extractors.learned.decide), and each kind's
  package turns that into mentions (extractors.kinds). `full=True` parses every sentence with the whole
  model and skips the relevance filter (the benchmark's baseline). Identical findings are kept once.
- `model_text(sentence) -> str`     the sentence as the model reads it (same length)
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from extractors.attribution import learn_speaker, sentence_source
from extractors.context import SentenceContext
from extractors.kinds import KINDS
from extractors.learned.candidates import sentence_parties
from extractors.learned.decide import decide
from extractors.learned.features import text_features
from extractors.learned.model import META, PACKAGE, load_model
from extractors.parties import DocMemory
from extractors.records import Mention
from extractors.sentences import Sentence, split_sentences

PIPELINE_VERSION = "pipeline/3"  # bump when sentence selection, features or assembly change findings


def _model_version() -> str:
    """The trained artefact's version, read from its small JSON file (the weights load lazily)."""
    try:
        meta = json.loads(resources.files(PACKAGE).joinpath(META).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "model/none"
    return f"model/{meta['version']}"


EXTRACTOR_VERSION: str = f"{PIPELINE_VERSION}+{_model_version()}"


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
        for dec in decide(model, ctx.span, ctx.parties, sent.start, source):
            out.extend(KINDS[dec.type](dec, ctx, EXTRACTOR_VERSION))
    return _dedupe(out)


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
    parties = sentence_parties(span, sent.start, memory)
    following = sents[i + 1].text if i + 1 < len(sents) else None
    preceding = sents[i - 1].text if i > 0 else None
    source = sentence_source(
        span, parties, memory, offset=sent.start, following=following, preceding=preceding
    )
    return SentenceContext(text=text, start=sent.start, end=sent.end, span=span, parties=parties,
                           source=source, previous=[s.text for s in sents[max(0, i - 3) : i]], title=title)


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        key = json.dumps(m.to_json(), sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
