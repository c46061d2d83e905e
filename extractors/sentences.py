"""Fast sentence splitting with character offsets into the cleaned article text (no model).

Public API:

- `Sentence(start, end, text)`                    offsets into the text given; `text == full[start:end]`
- `paragraphs(text) -> list[tuple[int, int]]`      lines, hard-wrapped lines joined back
- `split_sentences(text) -> list[Sentence]`        paragraph lines first, then sentence ends inside each
  line. A full stop after a known abbreviation (U.S., Mr., Dr., St., Jan., Gen., No.), an initial ("J.")
  or inside a number does not end a sentence; closing quotes/brackets stay with their sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBR = (
    "mr mrs ms dr st mt prof gen col lt maj capt sgt adm cmdr gov sen rep rev sr jr jan feb mar apr jun "
    "jul aug sep sept oct nov dec no nos vs etc inc ltd co corp dept est fig approx u.s u.k u.n e.u "
    "u.s.a d.p.r.k u.a.e u.s.s.r a.m p.m e.g i.e al ft"
)
ABBREVIATIONS = frozenset(_ABBR.split())
# A candidate end: terminal punctuation, optional closing quotes/brackets, then whitespace.
_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"“‘(\[]?[A-Z0-9\"“‘]")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_HEADER = re.compile(r"^[A-Z][A-Z_]+:")
MAX_SENTENCE = 2000  # a "sentence" longer than this (tables, lists) is cut at the limit


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` with offsets; blank lines and whitespace never form a sentence."""
    out: list[Sentence] = []
    for lo, hi in paragraphs(text):
        _split_line(text, lo, hi, out)
    return out


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of paragraphs: lines, with hard-wrapped lines (fixed-width news wires) joined back."""
    out: list[tuple[int, int]] = []
    pos, prev = 0, ""
    for line in text.split("\n"):
        lo, hi = pos, pos + len(line)
        pos = hi + 1
        if not line.strip():
            prev = ""
            continue
        if out and prev and _wrapped(prev, line):
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
        prev = line
    return out


def _wrapped(prev: str, line: str) -> bool:
    """The line continues the previous one: that one is long, unfinished, and this one is not indented."""
    tail = prev.rstrip()
    return (len(tail.strip()) >= 20 and not tail.endswith((".", "!", "?", ":", "”", '"', "|"))
            and not line[:1].isspace() and not _HEADER.match(line))


def _split_line(text: str, lo: int, hi: int, out: list[Sentence]) -> None:
    start = lo
    for m in _END.finditer(text, lo, hi):
        if not _is_boundary(text, m.start(), m.end(), hi):
            continue
        _emit(text, start, m.end(), out)
        start = m.end()
    _emit(text, start, hi, out)


def _is_boundary(text: str, dot: int, end: int, hi: int) -> bool:
    if not _NEXT_START.match(text, end, hi):
        return False
    if text[dot] == ".":
        word = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
        if word:
            token = word.group(1).lower()
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                # "U.S. officials said" continues; "... in the U.S. The next" cannot be told apart cheaply,
                # so a following capitalised function word still ends the sentence.
                return _starts_new_clause(text, end, hi)
    return True


_STARTERS = ("The A An In On It He She They We I But And This That These Those Its His Her Their "
             "There However Meanwhile Last Earlier Later")
_CLAUSE_STARTERS = frozenset(_STARTERS.split())


def _starts_new_clause(text: str, end: int, hi: int) -> bool:
    m = re.compile(r"\s+[\"“‘]?([A-Za-z]+)").match(text, end, hi)
    return bool(m and m.group(1) in _CLAUSE_STARTERS)


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        out.append(Sentence(start, cut, text[start:cut]))
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
