"""The warehouse's rows: the records it takes in and hands out, and Arrow tables shaped like its tables.

Row-by-row `executemany` is ~1,000x slower than one Arrow scan in DuckDB, so every bulk write in
flows/warehouse/store.py goes through one of these builders (`INSERT ... SELECT ... FROM arrow`).
Schemas are explicit so an all-null column still gets the right type.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pyarrow as pa

from extractors.records import Mention, Party
from flows.net.http import FetchAttempt

if TYPE_CHECKING:  # the ingest package writes through the warehouse, not the other way round
    from flows.ingest.fetch import PageResult

TS = pa.timestamp("us", tz="UTC")
_PARTY_T = pa.struct([("name", pa.string()), ("country", pa.string()), ("kind", pa.string())])


@dataclass(frozen=True)
class FeedState:
    """What the warehouse remembers of a feed: its conditional-GET validators and the last poll outcome."""

    etag: str | None = None
    last_modified: str | None = None
    last_status: str | None = None


@dataclass(frozen=True)
class StoredText:
    """A stored article's text, as `reprocess` needs it (no network)."""

    article_id: str
    title: str | None
    text: str


@dataclass
class ArticleRow:
    """One row of `articles` as the flow produced it (updated_at is set by the warehouse)."""

    article_id: str
    url: str
    feed_name: str | None
    status: str  # ok | skipped | failed
    fetched_at: datetime
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    canonical_url: str | None = None
    text: str | None = None
    text_hash: str | None = None
    simhash: int | None = None
    duplicate_of: str | None = None
    content_hash: str | None = None
    skip_reason: str | None = None
    extracted_with: str | None = None
    extracted_at: datetime | None = None
    extract_limit: str | None = None  # which bound cut the extraction short, and how much (or None)


FETCH_LOG_SCHEMA = pa.schema([
    ("run_id", pa.string()), ("kind", pa.string()), ("source", pa.string()), ("url", pa.string()),
    ("final_url", pa.string()), ("status_code", pa.int32()), ("outcome", pa.string()),
    ("error", pa.string()), ("detail", pa.string()), ("bytes", pa.int64()), ("elapsed_ms", pa.float64()),
    ("items", pa.int32()), ("fetched_at", TS),
])

RAW_SCHEMA = pa.schema([
    ("content_hash", pa.string()), ("url", pa.string()), ("content_type", pa.string()),
    ("encoding", pa.string()), ("body", pa.binary()), ("compression", pa.string()),
    ("bytes", pa.int64()), ("fetched_at", TS),
])

ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("url", pa.string()), ("feed_name", pa.string()), ("title", pa.string()),
    ("author", pa.string()), ("published_at", TS), ("language", pa.string()),
    ("canonical_url", pa.string()), ("text", pa.string()), ("text_hash", pa.string()),
    ("simhash", pa.uint64()), ("duplicate_of", pa.string()), ("content_hash", pa.string()),
    ("status", pa.string()), ("skip_reason", pa.string()), ("extracted_with", pa.string()),
    ("extracted_at", TS), ("fetched_at", TS), ("updated_at", TS), ("extract_limit", pa.string()),
])

_PARTY_COLUMNS = ("supplier", "recipient", "source", "authority", "violator")
MENTION_SCHEMA = pa.schema(
    [("mention_id", pa.string()), ("article_id", pa.string()), ("type", pa.string()), ("stance", pa.string())]
    + [(f"{p}_{f}", pa.string()) for p in _PARTY_COLUMNS for f in ("name", "country", "kind")]
    + [
        ("weapons", pa.list_(pa.string())), ("weapon_category", pa.string()), ("quantity", pa.int64()),
        ("targets", pa.list_(_PARTY_T)), ("measure", pa.string()), ("action", pa.string()),
        ("programme", pa.string()), ("resolutions", pa.list_(pa.string())), ("regime", pa.string()),
        ("sentence", pa.string()), ("start_offset", pa.int32()), ("end_offset", pa.int32()),
        ("confidence", pa.float64()), ("extractor_version", pa.string()), ("extracted_at", TS),
    ]
)


# The upserts of feeds and articles (names from code, values bound).
UPSERT_FEED = """insert into feeds (name, url, kind, language, etag, last_modified, last_polled_at,
    last_success_at, last_status) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
on conflict (name) do update set url = excluded.url, kind = excluded.kind, language = excluded.language,
    etag = case when excluded.last_status = 'failed' then feeds.etag
                else coalesce(excluded.etag, feeds.etag) end,
    last_modified = case when excluded.last_status = 'failed' then feeds.last_modified
                         else coalesce(excluded.last_modified, feeds.last_modified) end,
    last_polled_at = excluded.last_polled_at,
    last_success_at = coalesce(excluded.last_success_at, feeds.last_success_at),
    last_status = excluded.last_status"""

ARTICLE_CONFLICT = "on conflict (article_id) do update set " + ", ".join(
    f"{c} = excluded.{c}" for c in ARTICLE_SCHEMA.names if c != "article_id"
)


def columns(schema: pa.Schema) -> str:
    """The schema's column names as a SQL column list (names come from code, never from input)."""
    return ", ".join(schema.names)


def fetch_log_table(attempts: Iterable[FetchAttempt], run_id: str | None) -> pa.Table:
    """fetch_log rows for these attempts."""
    rows = [
        {"run_id": run_id, "kind": a.resource, "source": a.source, "url": a.url, "final_url": a.final_url,
         "status_code": a.status_code, "outcome": a.outcome, "error": a.error, "detail": a.detail,
         "bytes": a.bytes, "elapsed_ms": a.elapsed_ms, "items": a.items, "fetched_at": a.fetched_at}
        for a in attempts
    ]
    return pa.Table.from_pylist(rows, schema=FETCH_LOG_SCHEMA)


def content_hash(body: bytes) -> str:
    """The raw_pages key: sha256 of the raw (uncompressed) body."""
    return hashlib.sha256(body).hexdigest()


def raw_table(pages: Sequence[PageResult]) -> pa.Table:
    """raw_pages rows (gzip-compressed bodies) for the pages that have a body; one row per hash."""
    rows: dict[str, dict[str, object]] = {}
    for p in pages:
        if p.body is None:
            continue
        key = content_hash(p.body)
        rows[key] = {
            "content_hash": key, "url": p.final_url or p.item.url, "content_type": p.content_type,
            "encoding": p.encoding, "body": gzip.compress(p.body, compresslevel=6, mtime=0),
            "compression": "gzip",
            "bytes": len(p.body), "fetched_at": p.attempt.fetched_at,
        }
    return pa.Table.from_pylist(list(rows.values()), schema=RAW_SCHEMA)


def article_table(articles: Sequence[ArticleRow], now: datetime) -> pa.Table:
    """articles rows; `updated_at` is `now` for all of them."""
    rows = [{**vars(a), "updated_at": now} for a in articles]
    return pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA)


def _party(prefix: str, party: Party | None) -> dict[str, str | None]:
    return {
        f"{prefix}_name": party.name if party else None,
        f"{prefix}_country": party.country if party else None,
        f"{prefix}_kind": party.kind if party else None,
    }


def mention_row(article_id: str, m: Mention, now: datetime) -> dict[str, object]:
    """The flattened warehouse row of one finding (the mention contract, Party -> three columns)."""
    row: dict[str, object] = {
        "mention_id": m.mention_id(article_id), "article_id": article_id, "type": m.type, "stance": m.stance,
        "weapons": list(m.weapons), "weapon_category": m.weapon_category, "quantity": m.quantity,
        "targets": [{"name": t.name, "country": t.country, "kind": t.kind} for t in m.targets],
        "measure": m.measure, "action": m.action, "programme": m.programme,
        "resolutions": list(m.resolutions), "regime": m.regime, "sentence": m.sentence,
        "start_offset": m.start, "end_offset": m.end, "confidence": m.confidence,
        "extractor_version": m.extractor_version, "extracted_at": now,
    }
    for prefix in _PARTY_COLUMNS:
        row.update(_party(prefix, getattr(m, prefix)))
    return row


def mention_table(found: dict[str, list[Mention]], now: datetime) -> pa.Table:
    """mentions rows for {article_id: findings}; the same finding twice is kept once."""
    rows = {}
    for article_id, mentions in found.items():
        for m in mentions:
            row = mention_row(article_id, m, now)
            rows[row["mention_id"]] = row
    return pa.Table.from_pylist(list(rows.values()), schema=MENTION_SCHEMA)
