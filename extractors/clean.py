"""Stage 4, Clean: one fetched page (bytes or text) -> main text + metadata (CleanedArticle).

    clean_page -> check_body, decode_body      (extractors.clean_decode)
               -> _main_text (trafilatura, then an lxml paragraph fallback)
               -> read_meta (extractors.clean_meta), detect_language, text_hash, simhash

The text is what the extractors read and what mention offsets point into: paragraphs on their own
lines separated by one blank line, whitespace collapsed inside a paragraph, Unicode NFC.
The trafilatura options below were chosen on bench/clean_eval.py (the 181 pages of the
article-extraction-benchmark): favor_precision and tables on gave the best F1 (see RETRY_* for the one
exception); deduplicate is off
because it keeps a process-wide cache that would drop text from a page seen twice.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from typing import Any

import lxml.html
import trafilatura
from trafilatura.settings import Document

from extractors.clean_decode import check_body, decode_body
from extractors.clean_meta import PageMeta, parse_html, parse_time, read_meta
from extractors.dedup import fingerprint_text, simhash, text_hash
from extractors.errors import InputError
from extractors.language import detect_language
from extractors.records import CleanedArticle

log = logging.getLogger(__name__)

TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "favor_precision": True,
    "include_tables": True,
    "deduplicate": False,
    "with_metadata": True,
}
# Precision mode sometimes keeps only a fragment (a reprint notice, a standfirst). When its text is
# short, the balanced mode runs too and wins if it found more than twice as much. Measured on the
# benchmark: re-runs on 17 of 181 pages, F1 0.964 -> 0.969 (flat for 1000..2000 chars, ratio 0.3..0.6).
RETRY_BELOW_CHARS = 1500
RETRY_RATIO = 0.5
# Consent and cookie banners: removed before extraction (trafilatura misses some of them).
BANNER_MARKERS = ("cookie", "consent", "gdpr")
BANNER_MAX_CHARS = 1500  # a banner is short; a long element merely styled "cookie-aware" is content
BANNER_XPATH = "//*[not(self::html or self::body or self::main or self::article)][{}][{}]".format(
    " or ".join(f"contains(translate(@id, '{m.upper()}', '{m}'), '{m}') or "
                f"contains(translate(@class, '{m.upper()}', '{m}'), '{m}')" for m in BANNER_MARKERS),
    f"string-length(normalize-space(.)) < {BANNER_MAX_CHARS}",
)
# Elements that are never article text, dropped before the fallback reads paragraphs.
CHROME_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
               "svg", "template", "button", "select")
FALLBACK_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "li")
SENTENCE_ENDS = tuple(".!?:;\"'”’»)…")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


@dataclass(frozen=True)
class _Extracted:
    text: str
    title: str | None
    author: str | None
    date: str | None
    notes: tuple[str, ...] = ()


def clean_page(
    body: bytes | str, url: str | None = None, *, charset: str | None = None, max_bytes: int = 5_000_000
) -> CleanedArticle:
    """Main text and metadata of one HTML page.

    `body` is the raw bytes (decoded here: BOM, UTF-8, `charset` from the HTTP header, <meta>, a guess)
    or already-decoded text; `url` resolves a relative canonical link. Raises InputError with reason
    `empty`, `binary`, `too_large` (over max_bytes; characters for str input) or `no_text`. Decoding
    never fails: a declaration that does not fit is overruled and noted in `notes`.
    """
    check_body(body, max_bytes)
    if isinstance(body, bytes):
        decoded = decode_body(body, charset)
        html, encoding, notes = decoded.text, decoded.encoding, tuple(decoded.notes)
    else:
        html, encoding, notes = body, None, ()
    tree = parse_html(html)
    meta = read_meta(tree, url)
    extracted = _main_text(html, tree, url)
    text = normalise_text(extracted.text)
    if not text:
        raise InputError("no_text", "no main text found in the page")
    return CleanedArticle(
        text=text,
        title=extracted.title or meta.title,
        author=meta.ld_author or extracted.author or meta.tag_author,
        published=meta.published or parse_time(extracted.date),
        language=_language(text, meta),
        canonical_url=meta.canonical_url,
        text_hash=text_hash(text),
        simhash=simhash(fingerprint_text(text)),
        encoding=encoding,
        notes=notes + extracted.notes,
    )


def normalise_text(text: str) -> str:
    """NFC, invisible characters removed, whitespace collapsed per line, one blank line between lines.

    A line break inside a sentence (a <br> in mid-phrase: the line does not end a sentence and the
    next starts with a lower-case word) is joined back, so sentences stay whole for the extractors.
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    paragraphs: list[str] = []
    for line in (" ".join(raw.split()) for raw in text.splitlines()):
        if not line:
            continue
        if paragraphs and _continues(line) and not paragraphs[-1].endswith(SENTENCE_ENDS):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)


def _continues(line: str) -> bool:
    """True when a line opens with a plain lower-case word (not a URL, handle or e-mail address)."""
    first = line.split(" ", 1)[0].rstrip(",;")
    return first.isalpha() and first.islower()


def _main_text(html: str, tree: lxml.html.HtmlElement, url: str | None) -> _Extracted:
    """trafilatura's main text; the lxml paragraph fallback when it finds nothing or fails."""
    try:
        doc = _trafilatura(html, url, favor_precision=True)
        text = doc.text if doc is not None and doc.text else ""
        if len(text) < RETRY_BELOW_CHARS:
            wider = _trafilatura(html, url, favor_precision=False)
            if wider is not None and wider.text and len(text) < RETRY_RATIO * len(wider.text):
                doc = wider
    except Exception as exc:  # noqa: BLE001 - a third-party parser on hostile input; fall back, keep a note
        log.warning("trafilatura failed on %s: %s", url or "<page>", exc)
        return _Extracted(_fallback_text(tree), None, None, None, (f"trafilatura failed: {exc!r}",))
    if doc is None or not doc.text:
        return _Extracted(_fallback_text(tree), None, None, None, ("main text from the paragraph fallback",))
    return _Extracted(str(doc.text), doc.title, doc.author, doc.date)


def _trafilatura(html: str, url: str | None, *, favor_precision: bool) -> Document | None:
    """One trafilatura pass; None when it finds no document (the caller falls back)."""
    options = {**TRAFILATURA_OPTIONS, "favor_precision": favor_precision}
    doc = trafilatura.bare_extraction(html, url=url, prune_xpath=BANNER_XPATH, **options)
    return doc if isinstance(doc, Document) else None


def _fallback_text(tree: lxml.html.HtmlElement) -> str:
    """Text of the page's paragraphs (chrome and banners removed), one block a line."""
    tree = lxml.html.fromstring(lxml.html.tostring(tree))  # a copy: read_meta's tree stays intact
    for element in [*tree.xpath(BANNER_XPATH), *tree.iter(*CHROME_TAGS)]:
        if element.getparent() is not None:
            element.drop_tree()
    blocks = [el.text_content() for el in tree.iter(*FALLBACK_BLOCKS) if not _inside_block(el)]
    if not any(block.strip() for block in blocks):
        body = tree.find(".//body")
        blocks = [(body if body is not None else tree).text_content()]
    return "\n".join(blocks)


def _inside_block(element: lxml.html.HtmlElement) -> bool:
    """True for a block nested in another block (a <p> in a <li>), which the outer one already reads."""
    return any(ancestor.tag in FALLBACK_BLOCKS for ancestor in element.iterancestors())


def _language(text: str, meta: PageMeta) -> str | None:
    """Detected language of the text; the page's <html lang> when detection cannot tell."""
    lang, _prob = detect_language(text)
    return lang or meta.language

