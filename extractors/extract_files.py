"""Read files for the `extract` command: .txt as is, .html / .html.gz cleaned exactly as the pipeline does.

Public API:

- `MAX_FILE_BYTES`                         files (and decompressed .gz bodies) above this are refused
- `read_article(path) -> CleanedArticle`   the text an analyst's file stands for; raises `InputError`
   with reason `missing`, `empty`, `binary`, `too_large`, `encoding`, `no_text` or `not_english`
- `extract_path(path, *, nlp=None) -> list[Mention]`   read_article + pipeline.extract_mentions
"""

from __future__ import annotations

import unicodedata
import zlib
from pathlib import Path
from typing import Any

from extractors.clean import clean_page
from extractors.clean_decode import check_body
from extractors.errors import InputError
from extractors.language import require_english
from extractors.records import CleanedArticle, Mention

MAX_FILE_BYTES = 5_000_000
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_BAD_CHARS = 0.01  # share of undecodable characters above which a text file is refused


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise InputError("missing", f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError("too_large", f"{path}: {size:,} bytes, over the {MAX_FILE_BYTES:,} limit")
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = _gunzip(path, data)
    return data


def _gunzip(path: Path, data: bytes) -> bytes:
    """Decompress with a bound, so a small bomb cannot fill memory."""
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = inflater.decompress(data, MAX_FILE_BYTES + 1)
    except zlib.error as exc:
        raise InputError("binary", f"{path}: not a valid gzip file ({exc})") from exc
    if len(out) > MAX_FILE_BYTES:
        raise InputError("too_large", f"{path}: decompresses to over {MAX_FILE_BYTES:,} bytes")
    return out


def _decode_text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > MAX_BAD_CHARS * max(1, len(text)):
        raise InputError("encoding", f"{path}: neither UTF-8 nor a single-byte text encoding")
    return text


def read_article(path: Path) -> CleanedArticle:
    """The cleaned text of one file (see module docstring for the refusals)."""
    data = _read_bytes(path)
    check_body(data, MAX_FILE_BYTES)
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(HTML_SUFFIXES):
        article = clean_page(data, max_bytes=MAX_FILE_BYTES)
    else:
        text = (
            unicodedata.normalize("NFC", _decode_text(path, data)).replace("\r\n", "\n").replace("\r", "\n")
        )
        if not text.strip():
            raise InputError("empty", f"{path}: no text")
        article = CleanedArticle(text=text)
    require_english(article.text)
    return article


def extract_path(path: Path, *, nlp: Any = None, learned: bool = False) -> list[Mention]:
    """Findings of one file, as the `extract` command prints them (`learned`: the learned pipeline)."""
    if learned:
        from extractors.learned.pipeline import extract_mentions
    else:
        from extractors.pipeline import extract_mentions

    article = read_article(path)
    return extract_mentions(article.text, title=article.title, nlp=nlp)
