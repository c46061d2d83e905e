"""Page metadata the main-text extractor does not give precisely: publication time (with the time of
day), canonical URL, author names from JSON-LD, the declared language. Pure functions over an lxml tree.
"""

from __future__ import annotations

import email.utils
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from extractors.errors import InputError

# <meta name|property|itemprop=...> keys holding the publication time, most trusted first.
PUBLISHED_META = (
    "article:published_time", "datepublished", "og:published_time", "pubdate", "publishdate",
    "publish-date", "publish_date", "dc.date.issued", "dcterms.created", "dc.date", "date",
    "sailthru.date", "parsely-pub-date",
)
AUTHOR_META = ("author", "article:author", "parsely-author", "dc.creator", "sailthru.author")
CANONICAL_META = ("og:url", "twitter:url")
TITLE_META = ("og:title", "twitter:title")
ARTICLE_TYPES = re.compile(r"Article|Posting|Report|BlogPosting|LiveBlog", re.IGNORECASE)
_TIME_XPATHS = ("//article//time[@datetime]/@datetime", "//time[@pubdate][@datetime]/@datetime")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class PageMeta:
    """Metadata read from the page markup; every field may be absent."""

    title: str | None = None
    ld_author: str | None = None  # JSON-LD author names, "; "-joined
    tag_author: str | None = None  # <meta name=author> and friends (sometimes the outlet's name)
    published: datetime | None = None
    canonical_url: str | None = None
    language: str | None = None  # the <html lang> declaration, primary subtag only


def parse_html(html: str) -> lxml.html.HtmlElement:
    """The lxml tree of a page; InputError `no_text` when there is no document at all."""
    try:
        return lxml.html.document_fromstring(_XML_DECL.sub("", html, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise InputError("no_text", f"page has no parsable HTML: {exc}") from exc


def read_meta(tree: lxml.html.HtmlElement, url: str | None = None) -> PageMeta:
    """Title, author, publication time, canonical URL and declared language of a parsed page."""
    metas = _meta_values(tree)
    # Article objects first: a page's JSON-LD also describes the site, videos and related stories.
    ld = sorted(_json_ld_objects(tree), key=lambda o: not ARTICLE_TYPES.search(str(o.get("@type", ""))))
    published = _first_time([o.get("datePublished") for o in ld])
    published = published or _first_time([metas.get(k) for k in PUBLISHED_META])
    published = published or _first_time([str(v) for xp in _TIME_XPATHS for v in tree.xpath(xp)])
    ld_author = "; ".join(dict.fromkeys(name for o in ld for name in _names(o.get("author")))) or None
    # article:author is often a profile URL, not a name
    tag_author = _first(v for k in AUTHOR_META if not (v := metas.get(k) or "").startswith("http"))
    title = _first(metas.get(k) for k in TITLE_META) or _first([tree.findtext(".//title")])
    lang = tree.get("lang") or metas.get("content-language") or metas.get("og:locale")
    return PageMeta(title, ld_author, tag_author, published, _canonical(tree, metas, url), _primary_tag(lang))


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 or RFC 2822 timestamp as timezone-aware UTC; naive times are taken as UTC.

    None when the value is missing or not a timestamp (metadata is optional; nothing is lost).
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = _day_only(text)
    if parsed is None:
        return None
    if not 1900 <= parsed.year <= 2100:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _day_only(text: str) -> datetime | None:
    """Midnight of the first YYYY-MM-DD in the text; None when there is no valid day."""
    day = _DAY.search(text)
    try:
        return datetime(int(day[1]), int(day[2]), int(day[3])) if day else None
    except ValueError:
        return None


def _meta_values(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """First content of every <meta>, keyed by lower-case name, property, itemprop or http-equiv."""
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content") or meta.get("datetime")
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), content.strip())
    return values


def _json_ld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD scripts, @graph members included; bad JSON is skipped."""
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue  # broken JSON-LD is common and only costs us optional metadata
        yield from _walk(data)


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON value, depth-first, following lists and @graph."""
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        yield from _walk(data.get("@graph", []))


def _names(author: Any) -> list[str]:
    """Person names from a JSON-LD author value (a string, an object, or a list of either)."""
    if isinstance(author, str):
        return [author.strip()] if author.strip() else []
    if isinstance(author, dict):
        return _names(author.get("name"))
    if isinstance(author, list):
        return [name for item in author for name in _names(item)]
    return []


def _canonical(tree: lxml.html.HtmlElement, metas: dict[str, str], url: str | None) -> str | None:
    """<link rel=canonical>, then og:url / twitter:url, made absolute; None when none is a usable URL."""
    hrefs = [str(link.get("href") or "") for link in tree.iter("link")
             if "canonical" in str(link.get("rel") or "").lower().split()]
    for href in hrefs + [metas.get(k) or "" for k in CANONICAL_META]:
        absolute = urljoin(url or "", href.strip())
        if href.strip() and urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).netloc:
            return absolute
    return None


def _first_time(values: list[Any]) -> datetime | None:
    """The first value that parses as a timestamp; None when none does."""
    for value in values:
        parsed = parse_time(value) if isinstance(value, str) else None
        if parsed is not None:
            return parsed
    return None


def _first(values: Any) -> str | None:
    """The first non-blank string, whitespace collapsed; None when there is none."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _primary_tag(lang: str | None) -> str | None:
    """'en' from 'en-GB' / 'en_US'; None for a missing or malformed declaration."""
    tag = re.split(r"[-_]", (lang or "").strip().lower())[0]
    return tag if re.fullmatch(r"[a-z]{2,3}", tag) else None
