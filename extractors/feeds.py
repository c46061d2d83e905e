"""Feed bytes -> ParsedFeed, with feedparser.

Entry fields used: link (else a permalink guid, else the first `links` href), title, summary,
published (else updated) as UTC, author, id. Deliberately ignored: content (the page is fetched and
cleaned instead), tags, enclosures/media, comments, source, contributors, license. Relative links are
resolved against the feed URL and every URL is canonicalised; items are deduplicated by that URL.
"""

from __future__ import annotations

import calendar
import html
import logging
import re
import zlib
from datetime import UTC, datetime
from typing import Any

import feedparser

from extractors.errors import InputError
from extractors.records import FeedItem, ParsedFeed
from extractors.urls import canonical_url

log = logging.getLogger(__name__)

MAX_DECOMPRESSED = 50 * 1024 * 1024
# Complaints that mean "forgiven, but not broken": the encoding was guessed or the MIME type was odd.
SOFT_PROBLEMS = frozenset({"CharacterEncodingOverride", "NonXMLContentType"})
# Longest value kept per stored field (characters); longer values are cut and the cut is noted.
MAX_FIELD_CHARS = {"title": 1_000, "summary": 10_000, "author": 300, "guid": 2_000,
                   "feed_title": 1_000}
# A DOCTYPE's internal subset ("[...]"): where entity declarations live. Bytes, ASCII-compatible encodings.
_INTERNAL_SUBSET = re.compile(rb"(<!DOCTYPE[^\[>]*)\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_WIDE_ENTITY_DECLS = tuple("<!ENTITY".encode(codec) for codec in ("utf-16-le", "utf-16-be", "utf-32-le",
                                                                   "utf-32-be"))


def parse_feed(data: bytes, feed_name: str, base_url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a feed document; raise InputError(not_a_feed | empty_feed) when it gives no usable item."""
    data = _maybe_gunzip(data, feed_name)
    if not data.strip():
        raise InputError("empty_feed", f"feed {feed_name!r}: the document is empty ({base_url})")
    notes: list[str] = []
    data = _without_entity_declarations(data, feed_name, notes)
    # Unknown type: treat as generic XML (encoding from the BOM / XML declaration, RFC 7303).
    headers = {"content-location": base_url, "content-type": content_type or "application/xml"}
    try:
        doc = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    except Exception as exc:  # feedparser is a big forgiving parser; any crash means "not a feed"
        raise InputError("not_a_feed", f"feed {feed_name!r}: the parser failed: {exc!r}") from exc
    problem = _problem(doc)
    entries: list[Any] = list(doc.get("entries", []))
    if not entries:
        _raise_no_entries(doc, feed_name, base_url, problem)
    items = _items(entries, feed_name, base_url, notes)
    if not items:
        raise InputError(
            "empty_feed", f"feed {feed_name!r}: {len(entries)} entries but none has a usable http(s) link"
        )
    kind = type(doc.get("bozo_exception")).__name__ if doc.get("bozo") else None
    malformed = kind is not None and kind not in SOFT_PROBLEMS
    title = _capped(_plain(doc.get("feed", {}), "title"), "feed_title", "feed", notes)
    return ParsedFeed(items=items, title=title, malformed=malformed, problem=problem, notes=tuple(notes))


def _without_entity_declarations(data: bytes, feed_name: str, notes: list[str]) -> bytes:
    """Drop a DOCTYPE's internal subset so no entity is ever expanded (billion laughs, quadratic blow-up).

    Feeds have no use for entity declarations; references to the dropped entities stay as literal text.
    A declaration that survives the removal (a subset crafted to fool it, or a UTF-16/32 document) is
    refused rather than handed to feedparser, whose loose parser would expand it without limit.
    """
    upper = data.upper()  # ASCII letters only: also matches "<!entity" in UTF-16/32 byte orders
    if any(wide in upper for wide in _WIDE_ENTITY_DECLS):
        raise InputError("entity_declaration", f"feed {feed_name!r}: declares XML entities (wide encoding)")
    if not _ENTITY_DECL.search(data):
        return data
    data = _INTERNAL_SUBSET.sub(rb"\1>", data)
    if _ENTITY_DECL.search(data):
        raise InputError("entity_declaration", f"feed {feed_name!r}: declares XML entities outside a DOCTYPE")
    notes.append("entity declarations removed (internal DTD subset dropped, entities not expanded)")
    return data


def _maybe_gunzip(data: bytes, feed_name: str) -> bytes:
    """A gzip body saved without its Content-Encoding header is still a feed: inflate it (bounded)."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = inflater.decompress(data, MAX_DECOMPRESSED)
    except zlib.error as exc:
        raise InputError("not_a_feed", f"feed {feed_name!r}: corrupt gzip data ({exc})") from exc
    if inflater.unconsumed_tail:
        raise InputError("too_large", f"feed {feed_name!r}: inflates past {MAX_DECOMPRESSED} bytes")
    if not out:  # a truncated stream with some output is parsed (and flagged by the parser)
        raise InputError("not_a_feed", f"feed {feed_name!r}: gzip data that inflates to nothing")
    return out


def _problem(doc: Any) -> str | None:
    if not doc.get("bozo"):
        return None
    exc = doc.get("bozo_exception")
    return f"{type(exc).__name__}: {exc}" if exc is not None else "feed flagged as ill-formed"


def _raise_no_entries(doc: Any, feed_name: str, base_url: str, problem: str | None) -> None:
    if not doc.get("version"):
        why = f" ({problem})" if problem else ""
        raise InputError("not_a_feed", f"feed {feed_name!r}: {base_url} is not an RSS/Atom/RDF feed{why}")
    raise InputError("empty_feed", f"feed {feed_name!r}: a {doc.get('version')} feed with no entries")


def _items(entries: list[Any], feed_name: str, base_url: str, notes: list[str]) -> list[FeedItem]:
    seen: set[str] = set()
    items: list[FeedItem] = []
    for index, entry in enumerate(entries):
        url = _entry_url(entry, base_url)
        if url is None:
            title = _text(entry.get("title"))
            log.warning("feed %s: entry %d (%r) has no usable link; skipped", feed_name, index, title)
            continue
        if url in seen:
            continue
        seen.add(url)
        items.append(_item(entry, feed_name, url, f"entry {index}", notes))
    return items


def _item(entry: Any, feed_name: str, url: str, where: str, notes: list[str]) -> FeedItem:
    return FeedItem(
        feed_name=feed_name,
        url=url,
        title=_capped(_plain(entry, "title"), "title", where, notes),
        summary=_capped(entry.get("summary"), "summary", where, notes),
        published=_when(dict.get(entry, "published_parsed")) or _when(dict.get(entry, "updated_parsed")),
        author=_capped(entry.get("author"), "author", where, notes),
        guid=_capped(entry.get("id"), "guid", where, notes),
    )


def _capped(value: Any, field: str, where: str, notes: list[str]) -> str | None:
    """_text, cut at MAX_FIELD_CHARS[field]; a cut is noted ("entry 3: title cut from N to M chars")."""
    text = _text(value)
    limit = MAX_FIELD_CHARS[field]
    if text is None or len(text) <= limit:
        return text
    notes.append(f"{where}: {field} cut from {len(text)} to {limit} characters")
    return text[:limit].rstrip()


def _entry_url(entry: Any, base_url: str) -> str | None:
    """The entry's link, else a permalink guid, else its first `links` href; canonical, or None."""
    candidates = [entry.get("link")]
    guid = entry.get("id")
    if isinstance(guid, str) and (entry.get("guidislink") or _looks_like_url(guid)):
        candidates.append(guid)
    candidates.extend(link.get("href") for link in entry.get("links", []) if isinstance(link, dict))
    for raw in candidates:
        if not isinstance(raw, str) or not raw.strip():
            continue
        try:
            return canonical_url(raw, base_url)
        except InputError:
            continue
    return None


def _looks_like_url(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://"))


def _when(parsed: Any) -> datetime | None:
    """feedparser's UTC struct_time -> an aware datetime (None when absent or out of range)."""
    if parsed is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


_TAG = re.compile(r"<[^>]*>")


def _plain(node: Any, field: str) -> Any:
    """A feed-given text field as plain text: feedparser hands an HTML-typed title (`type="html"`, CDATA
    with markup, escaped entities) over as HTML, which stored as is shows up as `&amp;lt;` once the
    digest escapes it. Tags are dropped and entities decoded once; plain-text fields are left alone."""
    value = node.get(field)
    detail = node.get(f"{field}_detail") or {}
    if not isinstance(value, str) or "html" not in str(detail.get("type", "")):
        return value
    return " ".join(html.unescape(_TAG.sub(" ", value)).split())


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None
