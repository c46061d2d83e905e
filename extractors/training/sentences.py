"""Sentence labels (evaluation/sentences/**.jsonl): load, check and resolve to text.

A written record carries its `text`; a real record carries a locator into `../shared/corpus` (offsets
and a sha of the slice, or a RAMS doc_key + sentence index) and the text is read from the corpus. Every
record is checked on load; anything malformed raises StructureError naming the file and line.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from extractors.errors import StructureError
from extractors.scoring_labels import check_finding
from extractors.training.splits import Split, split_of

_WRITTEN_KEYS = {"id", "doc", "text", "findings"}
_OFFSET_KEYS = {"id", "doc", "file", "start", "end", "sha", "findings"}
_RAMS_KEYS = {"id", "doc", "file", "doc_key", "sent", "findings"}
_EXTRA = {"family", "note"}


@dataclass(frozen=True)
class LabelledSentence:
    """One labelled sentence, its text resolved."""

    id: str
    doc: str
    text: str
    findings: tuple[dict[str, Any], ...]
    origin: str  # "written" | "real"
    family: str | None = None

    @property
    def split(self) -> Split:
        return split_of(self.doc)


def load_dir(root: Path, corpus: Path | None) -> list[LabelledSentence]:
    """Every *.jsonl under `root` (written/ and real/); real records need `corpus` (skipped if None)."""
    out: list[LabelledSentence] = []
    seen: set[str] = set()
    for path in sorted(root.rglob("*.jsonl")):
        for rec in load_file(path, corpus):
            if rec.id in seen:
                raise StructureError(f"{path}: sentence id {rec.id} is used twice")
            seen.add(rec.id)
            out.append(rec)
    return out


def load_file(path: Path, corpus: Path | None) -> list[LabelledSentence]:
    """The records of one labels file (real ones only when `corpus` is given)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [rec for rec in parse_lines(lines, str(path), corpus) if rec is not None]


def parse_lines(lines: Iterable[str], origin: str, corpus: Path | None) -> list[LabelledSentence | None]:
    out: list[LabelledSentence | None] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            out.append(parse_record(line, f"{origin}:{number}", corpus))
    return out


def parse_record(line: str, where: str, corpus: Path | None) -> LabelledSentence | None:
    """One checked record; None for a real record when no corpus is given."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise StructureError(f"{where}: not JSON ({exc.msg})") from exc
    if not isinstance(row, dict):
        raise StructureError(f"{where}: a record must be a JSON object")
    keys = set(row) - _EXTRA
    if keys not in (_WRITTEN_KEYS, _OFFSET_KEYS, _RAMS_KEYS):
        raise StructureError(f"{where}: keys {sorted(row)} fit neither a written record "
                             f"{sorted(_WRITTEN_KEYS)} nor a real one {sorted(_OFFSET_KEYS)} / "
                             f"{sorted(_RAMS_KEYS)} (see evaluation/sentences/README.md)")
    for key in ("id", "doc"):
        if not isinstance(row[key], str) or not row[key]:
            raise StructureError(f"{where}: '{key}' must be a non-empty string")
    if not isinstance(row["findings"], list):
        raise StructureError(f"{where}: 'findings' must be a list")
    findings = tuple(check_finding(f, where) for f in row["findings"])
    family = row.get("family")
    if "text" in row:
        if not isinstance(row["text"], str) or not row["text"].strip():
            raise StructureError(f"{where}: 'text' must be a non-empty string")
        return LabelledSentence(row["id"], row["doc"], row["text"], findings, "written", family)
    if corpus is None:
        return None
    return LabelledSentence(row["id"], row["doc"], real_text(row, corpus, where), findings, "real", family)


def real_text(row: dict[str, Any], corpus: Path, where: str) -> str:
    """The sentence a real record points at, whitespace folded and entities unescaped."""
    path = corpus / row["file"]
    if not path.is_file():
        raise StructureError(f"{where}: {row['file']} is not in the corpus at {corpus}")
    if "doc_key" in row:
        sents = rams_document(str(path)).get(row["doc_key"])
        if sents is None or not isinstance(row["sent"], int) or not 0 <= row["sent"] < len(sents):
            raise StructureError(f"{where}: no sentence {row['sent']!r} in {row['doc_key']}")
        return fold(" ".join(sents[row["sent"]]))
    start, end = row["start"], row["end"]
    text = file_text(str(path))
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise StructureError(f"{where}: offsets {start!r}..{end!r} outside {row['file']}")
    piece = text[start:end]
    if sha12(piece) != row["sha"]:
        raise StructureError(f"{where}: the text at {start}..{end} of {row['file']} does not match its sha")
    return fold(piece)


def sha12(text: str) -> str:
    """The first 12 hex digits of sha256 of the UTF-8 text (a real record's `sha`)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def fold(text: str) -> str:
    """HTML entities unescaped, AG News' backslash line breaks as spaces, whitespace folded."""
    return " ".join(html.unescape(text).replace("\\", " ").split())


@cache
def file_text(path: str) -> str:
    """A corpus file's text as offsets count it: gunzipped if .gz, UTF-8 with replacement."""
    data = Path(path).read_bytes()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


@cache
def rams_document(path: str) -> dict[str, list[list[str]]]:
    """doc_key -> tokenised sentences of a RAMS .jsonlines file."""
    out: dict[str, list[list[str]]] = {}
    for line in file_text(path).splitlines():
        if line.strip():
            doc = json.loads(line)
            out[doc["doc_key"]] = doc["sentences"]
    return out
