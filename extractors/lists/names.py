"""Name normalisation for matching: transliterate (anyascii), fold case and punctuation, drop company
legal forms ("LLC", "OOO", "S.A. de C.V.") and particles ("al-", "the") from the data file
`data/name_terms.tsv`. Word order does not matter to the matcher, so nothing is reordered here.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from anyascii import anyascii

from extractors.errors import StructureError

DATA = Path(__file__).resolve().parent / "data"
_SPLIT = re.compile(r"[^a-z0-9]+")
_GLUE = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)|['`\u2019]")  # "S.A." -> "SA", "Qa'ida" -> "Qaida"


@cache
def _terms() -> dict[str, frozenset[str]]:
    path = DATA / "name_terms.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].split("\t") != ["term", "kind", "note"]:
        raise StructureError(f"{path}: header must be term, kind, note")
    kinds: dict[str, set[str]] = {"org_form": set(), "particle": set()}
    for number, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != 3 or cells[1] not in kinds or not cells[0]:
            raise StructureError(f"{path}:{number}: expected term, org_form|particle, note")
        kinds[cells[1]].add(cells[0])
    return {k: frozenset(v) for k, v in kinds.items()}


def normalise(name: str) -> str:
    """'PRIGOZHIN, Yevgeniy Viktorovich' -> 'prigozhin yevgeniy viktorovich'; any script -> ASCII."""
    ascii_text = anyascii(name).lower()
    return " ".join(_SPLIT.split(_GLUE.sub("", ascii_text))).strip()


def tokens(name: str) -> tuple[str, ...]:
    """The words that identify a name: normalised, without legal forms and particles.

    A name made only of such words ("Company Ltd") keeps them, so no name is ever empty.
    """
    words = normalise(name).split()
    terms = _terms()
    drop = terms["org_form"] | terms["particle"]
    kept = tuple(w for w in words if w not in drop)
    return kept or tuple(words)
