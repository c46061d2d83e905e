"""Known rows for the claims/reports/digest tests: a real, migrated DuckDB file and small inserters.

Sentences here are the team's own words (facts may be real).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from extractors.records import short_hash
from flows.migrate import migrate

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """A real DuckDB file with every migration applied, plus three feeds (two news, one official)."""
    con = duckdb.connect(str(path))
    migrate(con)
    con.executemany(
        "insert into feeds (name, url, kind, language) values (?, ?, ?, 'en')",
        [["wire", "https://wire.example/rss", "news"], ["daily", "https://daily.example/feed", "news"],
         ["mod", "https://gov.example/press.xml", "official"]],
    )
    return con


def add_article(con: duckdb.DuckDBPyConnection, article_id: str, url: str, feed: str, day: float,
                duplicate_of: str | None = None, title: str | None = None) -> None:
    """One ok article published `day` days after T0 (fetched an hour later)."""
    published = T0 + timedelta(days=day)
    con.execute(
        """insert into articles (article_id, url, feed_name, title, published_at, language, text, status,
                                 duplicate_of, fetched_at, updated_at)
           values (?, ?, ?, ?, ?, 'en', 'text', 'ok', ?, ?, ?)""",
        [article_id, url, feed, title or f"Story {article_id}", published, duplicate_of,
         published + timedelta(hours=1), published + timedelta(hours=1)],
    )


def add_mention(con: duckdb.DuckDBPyConnection, article_id: str, type_: str, sentence: str,
                start: int = 0, **fields: Any) -> str:
    """One mention row; `fields` are mentions columns (supplier_name=..., targets=[{...}], ...)."""
    mention_id = short_hash(article_id, type_, f"{start}:{start + len(sentence)}", "test/1")
    row: dict[str, Any] = {
        "mention_id": mention_id, "article_id": article_id, "type": type_, "sentence": sentence,
        "start_offset": start, "end_offset": start + len(sentence), "confidence": fields.pop("confidence", 0.8),
        "extractor_version": "test/1", "extracted_at": T0, **fields,
    }
    columns = ", ".join(row)  # column names come from this module, values are bound
    marks = ", ".join("?" for _ in row)
    con.execute(f"insert into mentions ({columns}) values ({marks})", list(row.values()))
    return mention_id


def transfer(con: duckdb.DuckDBPyConnection, article_id: str, sentence: str, stance: str = "asserted",
             source: tuple[str, str] | None = None, start: int = 0, category: str = "missiles",
             supplier: tuple[str, str, str] = ("North Korea", "PRK", "state"),
             recipient: tuple[str, str, str] = ("Russia", "RUS", "state")) -> str:
    """An arms-transfer mention (supplier/recipient as (name, country, kind), source as (name, kind))."""
    return add_mention(
        con, article_id, "arms_transfer", sentence, start, stance=stance,
        supplier_name=supplier[0], supplier_country=supplier[1], supplier_kind=supplier[2],
        recipient_name=recipient[0], recipient_country=recipient[1], recipient_kind=recipient[2],
        weapons=[category], weapon_category=category,
        source_name=source[0] if source else None, source_kind=source[1] if source else None,
    )


def sanction(con: duckdb.DuckDBPyConnection, article_id: str, sentence: str, action: str,
             targets: list[tuple[str, str | None, str]], measure: str = "asset_freeze", start: int = 0,
             authority: tuple[str, str, str] = ("United States", "USA", "state"),
             source: tuple[str, str] | None = None) -> str:
    """A sanction mention with targets as (name, country, kind)."""
    return add_mention(
        con, article_id, "sanction", sentence, start, action=action, measure=measure,
        authority_name=authority[0], authority_country=authority[1], authority_kind=authority[2],
        targets=[{"name": n, "country": c, "kind": k} for n, c, k in targets],
        source_name=source[0] if source else None, source_kind=source[1] if source else None,
    )


def violation(con: duckdb.DuckDBPyConnection, article_id: str, sentence: str, resolutions: list[str],
              regime: str = "DPRK", stance: str = "asserted", start: int = 0,
              violator: tuple[str, str, str] = ("North Korea", "PRK", "state")) -> str:
    """A UN-violation mention."""
    return add_mention(
        con, article_id, "un_violation", sentence, start, stance=stance, resolutions=resolutions, regime=regime,
        violator_name=violator[0], violator_country=violator[1], violator_kind=violator[2],
    )
