"""Refuse unusable page bodies and decode the rest to text without ever crashing on a bad charset.

Order of trust for bytes: a byte-order mark (or UTF-16 markup without one), then strict UTF-8 (valid
non-ASCII UTF-8 is almost never an accident, so it beats a declaration that says otherwise), then the
HTTP charset, then the page's own <meta> declaration, then charset_normalizer's guess, and finally
windows-1252 with replacement characters. Every step that had to overrule or skip a declaration leaves a note.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import charset_normalizer

from extractors.errors import InputError

# Leading bytes of formats that are never an HTML page (checked on load: each prefix is non-empty).
MAGIC_NUMBERS: dict[bytes, str] = {
    b"%PDF-": "PDF",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"PK\x03\x04": "ZIP",
    b"\x1f\x8b": "gzip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"7z\xbc\xaf\x27\x1c": "7z",
    b"\x7fELF": "ELF",
    b"OggS": "Ogg",
    b"ID3": "MP3",
    b"\x00\x00\x01\x00": "ICO",
    b"wOFF": "WOFF",
    b"wOF2": "WOFF2",
}
assert all(MAGIC_NUMBERS), "empty magic number"

# Most specific first: the UTF-32 LE mark starts with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG: these labels mean windows-1252 in a browser, which is what publishers actually wrote.
_BROWSER_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096


@dataclass
class Decoded:
    """Text of a body, the encoding used, and what had to be overruled to get there."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def check_body(body: bytes | str, max_bytes: int) -> None:
    """Raise InputError for an empty, too large or binary body (reason `empty`, `too_large`, `binary`)."""
    if len(body) > max_bytes:
        raise InputError("too_large", f"page is {len(body):,} bytes, over the {max_bytes:,} limit")
    if not body.strip():
        raise InputError("empty", "page body is empty")
    if isinstance(body, str):
        if "\x00" in body[:_SNIFF_BYTES]:
            raise InputError("binary", "page text contains NUL characters: not HTML")
        return
    head = body.lstrip()[:16]
    for magic, kind in MAGIC_NUMBERS.items():
        if head.startswith(magic):
            raise InputError("binary", f"page body is a {kind} file, not HTML")
    if _bom_encoding(body) is None and b"\x00" in body[:_SNIFF_BYTES]:
        raise InputError("binary", "page body contains NUL bytes: not HTML")


def decode_body(body: bytes, http_charset: str | None = None) -> Decoded:
    """Decode page bytes following the order of trust in the module docstring; never raises."""
    bom = _bom_encoding(body)
    if bom is not None:
        return Decoded(body.decode(bom, errors="replace").lstrip("\ufeff"), bom)
    notes: list[str] = []
    declared = [(http_charset, "HTTP header"), (_meta_charset(body), "<meta>")]
    utf8 = _strict(body, "utf-8")
    if utf8 is not None:
        for name, where in declared:
            codec = _codec(name)
            if codec not in (None, "utf-8") and not body.isascii():
                notes.append(f"charset {name!r} from {where} overruled: the bytes are valid UTF-8")
        return Decoded(utf8, "utf-8", notes)
    for name, where in declared:
        if name is None:
            continue
        codec = _codec(name)
        text = _strict(body, codec) if codec else None
        if codec is not None and text is not None:
            return Decoded(text, codec, notes)
        notes.append(f"charset {name!r} from {where} does not fit the bytes")
    return _guess(body, notes)


def _guess(body: bytes, notes: list[str]) -> Decoded:
    """charset_normalizer on a bounded sample, then windows-1252 with replacement."""
    codec = _best_guess(body[:200_000])
    if codec is not None:
        text = _strict(body, codec)
        if text is not None:
            notes.append(f"encoding guessed as {codec}")
            return Decoded(text, codec, notes)
    codec = codec or "cp1252"
    notes.append(f"decoded as {codec} with replacement characters")
    return Decoded(body.decode(codec, errors="replace"), codec, notes)


def _best_guess(sample: bytes) -> str | None:
    """charset_normalizer's pick, except that windows-1252 wins a tie on chaos: it is the web's most
    common legacy charset (the browsers' default), and a few accented letters in an English page look
    equally clean in several code pages. None when nothing fits."""
    matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        return None
    least_chaos = min(m.chaos for m in matches)
    for match in matches:
        if match.chaos <= least_chaos and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return _codec(matches[0].encoding)


def _bom_encoding(body: bytes) -> str | None:
    """The codec a leading byte-order mark (or a UTF-16 "<") names; None when there is none."""
    for bom, codec in BOMS:
        if body.startswith(bom):
            return codec
    # No mark, but a page that opens with "<" as a two-byte unit is UTF-16 all the same.
    return {b"<\x00": "utf-16-le", b"\x00<": "utf-16-be"}.get(body[:2])


def _meta_charset(body: bytes) -> str | None:
    """The charset a <meta charset> or <meta http-equiv> tag declares in the first 4 KB."""
    match = _META_CHARSET.search(body[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", errors="replace") if match else None


def _codec(name: str | None) -> str | None:
    """Python's codec name for a charset label, with browser aliases; None when unknown."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return _BROWSER_ALIASES.get(codec, codec)


def _strict(body: bytes, codec: str) -> str | None:
    """The body decoded strictly, or None when the codec does not fit (a failed try, not an error)."""
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
