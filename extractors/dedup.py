"""Exact and near-duplicate detection of article texts (syndicated copies of one story).

- `text_hash`: short hash of the text lower-cased, punctuation stripped and whitespace collapsed, so
  copies that differ only in quotes, dashes or line breaks collide.
- `simhash`: 64-bit SimHash over word 3-gram shingles, each shingle hashed with BLAKE2b (stable across
  processes, unlike the salted built-in hash()). Copies with a changed byline or an extra sentence stay
  within a few bits.
- `DuplicateIndex`: banded lookup. With 4 blocks of 16 bits, two fingerprints within 3 bits of each
  other agree exactly on at least one block (pigeonhole), so only articles sharing a block are compared.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from extractors.errors import StructureError
from extractors.records import short_hash

BITS = 64
BLOCKS = 4
BLOCK_BITS = BITS // BLOCKS
SHINGLE_WORDS = 3
MAX_DISTANCE = 3  # the banded index is exact up to BLOCKS - 1 differing bits
_WORD = re.compile(r"\w+", re.UNICODE)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)  # punctuation, symbols, spaces, controls


def normalise_for_hash(text: str) -> str:
    """Case-folded NFKC text with punctuation and symbols removed and whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", folded).split())


def text_hash(text: str) -> str:
    """Short stable hash of the normalised text: equal for copies differing only in punctuation/case."""
    return short_hash(normalise_for_hash(text))


def _shingles(text: str) -> list[str]:
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


LEDE_MIN_REST_WORDS = 80  # drop the first paragraph only when this many words remain after it


def fingerprint_text(text: str) -> str:
    """The part of an article its near-duplicate fingerprint is taken from.

    Syndicated copies keep the body but rewrite the headline and the first paragraph (the lede), so
    the lede is left out whenever enough text remains after it; short texts are used whole.
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    rest = "\n\n".join(paragraphs[1:])
    return rest if len(_WORD.findall(rest)) >= LEDE_MIN_REST_WORDS else text


def simhash(text: str) -> int:
    """64-bit SimHash of the text's word 3-grams (0 for a text without words)."""
    shingles = _shingles(text)
    # One 64-character bit string per shingle; transposing them counts the ones per bit in C.
    rows = [hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest().hex() for s in shingles]
    bits = [format(int(row, 16), "064b") for row in rows]
    half = len(bits) / 2
    ones = ["".join(column).count("1") for column in zip(*bits, strict=True)] if bits else [0] * BITS
    return int("".join("1" if count > half else "0" for count in ones), 2)


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two fingerprints."""
    return (a ^ b).bit_count()


def is_near_duplicate(a: int, b: int, max_distance: int = MAX_DISTANCE) -> bool:
    """True when two SimHash fingerprints differ in at most max_distance bits."""
    return hamming(a, b) <= max_distance


def _blocks(fingerprint: int) -> list[tuple[int, int]]:
    mask = (1 << BLOCK_BITS) - 1
    return [(i, fingerprint >> (i * BLOCK_BITS) & mask) for i in range(BLOCKS)]


@dataclass
class DuplicateIndex:
    """Known articles by text hash and by SimHash block; lookups touch only articles sharing a block.

    Articles are kept in the order added; a lookup answers with the earliest matching one, so copies
    point at the first article of a story.
    """

    max_distance: int = MAX_DISTANCE
    _by_hash: dict[str, str] = field(default_factory=dict)
    _by_block: dict[tuple[int, int], list[tuple[int, str, int]]] = field(default_factory=dict)
    _count: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.max_distance < BLOCKS:
            raise StructureError(f"max_distance must be 0..{BLOCKS - 1} for a {BLOCKS}-block index")
        self._by_block = defaultdict(list)

    def add(self, article_id: str, digest: str, fingerprint: int) -> None:
        """Remember one article (the first article with a given text hash keeps it)."""
        self._by_hash.setdefault(digest, article_id)
        for key in _blocks(fingerprint):
            self._by_block[key].append((self._count, article_id, fingerprint))
        self._count += 1

    def find(self, digest: str, fingerprint: int) -> str | None:
        """article_id of the earliest known article this one duplicates; None means "not a duplicate".

        An identical text hash wins; otherwise the earliest article within max_distance bits.
        """
        if digest in self._by_hash:
            return self._by_hash[digest]
        best: tuple[int, str] | None = None
        for key in _blocks(fingerprint):
            for order, article_id, known in self._by_block.get(key, ()):
                if (best is None or order < best[0]) and hamming(known, fingerprint) <= self.max_distance:
                    best = (order, article_id)
        return best[1] if best is not None else None


def find_duplicate(
    digest: str, fingerprint: int, known: Iterable[tuple[str, str, int]], max_distance: int = MAX_DISTANCE
) -> str | None:
    """article_id among `known` (article_id, text_hash, simhash), in the order given, that the new
    article duplicates; None means "not a duplicate". For many lookups keep a DuplicateIndex instead."""
    index = DuplicateIndex(max_distance)
    for article_id, known_hash, known_simhash in known:
        index.add(article_id, known_hash, known_simhash)
    return index.find(digest, fingerprint)
