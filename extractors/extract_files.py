"""Read files for the `extract` command: .txt as is, .html / .html.gz cleaned exactly as the pipeline does.

Public API:

- `MAX_FILE_BYTES`                         files (and decompressed .gz bodies) above this are refused
- `read_article(path) -> CleanedArticle`   the text an analyst's file stands for; raises `InputError`
   with reason `unsupported_type` (a suffix other than .txt/.text/.html/.htm/.xhtml, each optionally .gz;
   a name without a suffix is read as text), `missing`, `empty`, `binary`, `too_large`, `encoding`,
   `no_text` or `not_english`
- `extract_path(path, *, nlp=None) -> list[Mention]`   read_article + pipeline.extract_mentions
"""

from __future__ import annotations

import codecs
import unicodedata
import zlib
from pathlib import Path
from typing import Any

from extractors.clean_decode import check_body
from extractors.errors import InputError
from extractors.language import require_english
from extractors.records import CleanedArticle, Mention

MAX_FILE_BYTES = 5_000_000
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")
MAX_BAD_CHARS = 0.01  # share of undecodable characters above which a text file is refused


def check_type(path: Path) -> None:
    """Refuse a file whose name says it is neither text nor HTML (a PDF, a Word file, an image...)."""
    name = path.name.lower().removesuffix(".gz")
    suffix = Path(name).suffix
    if suffix and suffix not in HTML_SUFFIXES + TEXT_SUFFIXES:
        raise InputError("unsupported_type", f"{path}: {suffix} files are not supported; give text "
                         "(.txt) or HTML (.html, .htm), optionally gzipped (.gz)")


def _read_bytes(path: Path) -> bytes:
    check_type(path)
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


# Byte order marks of the wide encodings (UTF-32 first: its little-endian BOM starts like UTF-16's).
WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
             (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode_text(path: Path, data: bytes) -> str:
    """UTF-16/32 by their BOM, else UTF-8 (BOM or not), else a single-byte encoding (cp1252)."""
    for bom, codec in WIDE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError("encoding", f"{path}: a {codec} byte order mark, then invalid {codec}") \
                    from exc
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
        from extractors.clean import clean_page  # trafilatura: imported only when a page is cleaned

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
