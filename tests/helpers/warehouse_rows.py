"""Known rows for the claims/reports/digest tests: a real, migrated DuckDB file and small inserters.

Sentences here are the team's own words (facts may be real).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from extractors.records import short_hash
from flows.warehouse import migrate

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def claim_id(finding_type: str, *keys: str) -> str:
    """The id SQL gives a claim: short_hash(type, key1, key2[, key3]) (violations have two keys)."""
    return short_hash(finding_type, *keys)


def event_id(claim: str, event: str) -> str:
    """The id SQL gives a claim event (it is also the alert id)."""
    return short_hash(claim, event)


def warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """A real DuckDB file with every migration applied, plus three feeds (two news, one official)."""
    con = duckdb.connect(str(path))
    migrate(con)
    con.executemany(
        "insert into feeds (name, url, kind, language) values (?, ?, ?, 'en')",
        [
            ["wire", "https://wire.example/rss", "news"],
            ["daily", "https://daily.example/feed", "news"],
            ["mod", "https://gov.example/press.xml", "official"],
        ],
    )
    return con


def add_article(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    url: str,
    feed: str,
    day: float,
    duplicate_of: str | None = None,
    title: str | None = None,
) -> None:
    """One ok article published `day` days after T0 (fetched an hour later)."""
    published = T0 + timedelta(days=day)
    con.execute(
        """insert into articles (article_id, url, feed_name, title, published_at, language, text, status,
                                 duplicate_of, fetched_at, updated_at)
           values (?, ?, ?, ?, ?, 'en', 'text', 'ok', ?, ?, ?)""",
        [
            article_id,
            url,
            feed,
            title or f"Story {article_id}",
            published,
            duplicate_of,
            published + timedelta(hours=1),
            published + timedelta(hours=1),
        ],
    )


def add_mention(
    con: duckdb.DuckDBPyConnection, article_id: str, type_: str, sentence: str, start: int = 0, **fields: Any
) -> str:
    """One mention row; `fields` are mentions columns (supplier_name=..., targets=[{...}], ...)."""
    mention_id = short_hash(article_id, type_, f"{start}:{start + len(sentence)}", "test/1")
    row: dict[str, Any] = {
        "mention_id": mention_id,
        "article_id": article_id,
        "type": type_,
        "sentence": sentence,
        "start_offset": start,
        "end_offset": start + len(sentence),
        "confidence": fields.pop("confidence", 0.8),
        "extractor_version": "test/1",
        "extracted_at": T0,
        **fields,
    }
    columns = ", ".join(row)  # column names come from this module, values are bound
    marks = ", ".join("?" for _ in row)
    con.execute(f"insert into mentions ({columns}) values ({marks})", list(row.values()))
    return mention_id


def transfer(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    sentence: str,
    stance: str = "asserted",
    source: tuple[str, str] | None = None,
    start: int = 0,
    category: str = "missiles",
    supplier: tuple[str, str, str] = ("North Korea", "PRK", "state"),
    recipient: tuple[str, str, str] = ("Russia", "RUS", "state"),
) -> str:
    """An arms-transfer mention (supplier/recipient as (name, country, kind), source as (name, kind))."""
    return add_mention(
        con,
        article_id,
        "arms_transfer",
        sentence,
        start,
        stance=stance,
        supplier_name=supplier[0],
        supplier_country=supplier[1],
        supplier_kind=supplier[2],
        recipient_name=recipient[0],
        recipient_country=recipient[1],
        recipient_kind=recipient[2],
        weapons=[category],
        weapon_category=category,
        source_name=source[0] if source else None,
        source_kind=source[1] if source else None,
    )


def sanction(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    sentence: str,
    action: str,
    targets: list[tuple[str, str | None, str]],
    measure: str = "asset_freeze",
    start: int = 0,
    authority: tuple[str, str, str] = ("United States", "USA", "state"),
    source: tuple[str, str] | None = None,
) -> str:
    """A sanction mention with targets as (name, country, kind)."""
    return add_mention(
        con,
        article_id,
        "sanction",
        sentence,
        start,
        action=action,
        measure=measure,
        authority_name=authority[0],
        authority_country=authority[1],
        authority_kind=authority[2],
        targets=[{"name": n, "country": c, "kind": k} for n, c, k in targets],
        source_name=source[0] if source else None,
        source_kind=source[1] if source else None,
    )


def violation(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    sentence: str,
    resolutions: list[str],
    regime: str = "DPRK",
    stance: str = "asserted",
    start: int = 0,
    violator: tuple[str, str, str] = ("North Korea", "PRK", "state"),
) -> str:
    """A UN-violation mention."""
    return add_mention(
        con,
        article_id,
        "un_violation",
        sentence,
        start,
        stance=stance,
        resolutions=resolutions,
        regime=regime,
        violator_name=violator[0],
        violator_country=violator[1],
        violator_kind=violator[2],
    )


def digest_scenario(con: duckdb.DuckDBPyConnection) -> None:
    """A small news week: an old transfer claim (detected 3 days ago), then new transfers (one disputed,
    one planned), an officially confirmed sanction on two targets, a violation of two resolutions, and a
    denial of the old claim. Ends with a refresh, so claims and claim_events are filled."""
    from flows.claims import refresh_claims

    add_article(con, "a0", "https://daily.example/old", "daily", -1, title="Older shipments reviewed")
    transfer(
        con,
        "a0",
        "Earlier this year Belarus moved artillery shells to Russia, the report said.",
        category="artillery",
        supplier=("Belarus", "BLR", "state"),
    )
    refresh_claims(con)
    con.execute("update claim_events set detected_at = detected_at - interval 3 days")
    con.execute("update claims set detected_at = detected_at - interval 3 days")
    add_article(
        con,
        "a1",
        "https://www.wire.example/world/a1",
        "wire",
        0,
        title="North Korean missiles used in Ukraine, officials say",
    )
    add_article(con, "a2", "https://copies.example/a2", "daily", 0.2, duplicate_of="a1")
    add_article(con, "a3", "https://daily.example/a3", "daily", 1, title="Moscow rejects <missile> reports")
    add_article(con, "a4", "https://gov.example/press/2", "mod", 2, title="Treasury designates arms brokers")
    said = "US officials said North Korea had shipped ballistic missiles to Russia for use in Ukraine."
    transfer(con, "a1", said, source=("John Kirby", "person"))
    transfer(con, "a2", said, source=("John Kirby", "person"))
    transfer(
        con,
        "a3",
        "Kremlin spokesman Dmitry Peskov called reports of missile deliveries groundless.",
        stance="denied",
        source=("Dmitry Peskov", "person"),
    )
    transfer(
        con,
        "a1",
        "Iran has also supplied Shahed drones to Russian forces, the officials added.",
        start=200,
        category="uav",
        supplier=("Iran", "IRN", "state"),
        source=("US officials", "other"),
    )
    transfer(
        con,
        "a3",
        "Moscow agreed to deliver Su-35 fighter jets to Tehran next year.",
        start=300,
        stance="planned",
        category="aircraft",
        supplier=("Russia", "RUS", "state"),
        recipient=("Iran", "IRN", "state"),
    )
    transfer(
        con,
        "a3",
        "Minsk denied sending any artillery shells to Russia.",
        start=500,
        stance="denied",
        category="artillery",
        supplier=("Belarus", "BLR", "state"),
        source=("Belarusian foreign ministry", "organisation"),
    )
    sanction(
        con,
        "a4",
        "The Treasury froze the assets of three arms brokers accused of moving North Korean munitions.",
        "imposed",
        [("Sinsang Trading", "PRK", "company"), ("Vega Logistics", "ARE", "company")],
        source=("US Treasury", "organisation"),
    )
    violation(
        con,
        "a1",
        "The transfers breach Security Council resolutions 1718 and 2270, the officials said.",
        ["1718", "2270"],
        start=400,
    )
    refresh_claims(con)
