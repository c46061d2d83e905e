"""The lists' side of the warehouse: conditional-GET state, raw files, versions, entities, changes.

Each write is one short transaction on the Warehouse; bulk rows go through Arrow.
"""

from __future__ import annotations

import gzip
from contextlib import suppress
from dataclasses import asdict
from datetime import datetime

import duckdb
import pyarrow as pa

from extractors.lists import Identifier, ListDiff, ListEntity, ListVersion
from extractors.records import short_hash
from flows.lists.config import ListConfig
from flows.net import FetchAttempt
from flows.warehouse import Warehouse
from flows.warehouse.rows import RAW_SCHEMA, TS, content_hash, fetch_log_table

_STR_LIST = pa.list_(pa.string())
_ID = pa.struct([("kind", pa.string()), ("value", pa.string()), ("country", pa.string())])
ENTITY_SCHEMA = pa.schema(
    [
        ("version_id", pa.string()),
        ("list_name", pa.string()),
        ("entity_id", pa.string()),
        ("schema", pa.string()),
        ("name", pa.string()),
        ("aliases", _STR_LIST),
        ("weak_aliases", _STR_LIST),
        ("birth_dates", _STR_LIST),
        ("countries", _STR_LIST),
        ("identifiers", pa.list_(_ID)),
        ("programmes", _STR_LIST),
        ("listed_on", pa.string()),
        ("reference", pa.string()),
    ]
)
CHANGE_SCHEMA = pa.schema(
    [
        ("change_id", pa.string()),
        ("list_name", pa.string()),
        ("authority", pa.string()),
        ("old_version", pa.string()),
        ("new_version", pa.string()),
        ("entity_id", pa.string()),
        ("change", pa.string()),
        ("fields", _STR_LIST),
        ("name", pa.string()),
        ("schema", pa.string()),
        ("programmes", _STR_LIST),
        ("countries", _STR_LIST),
        ("detected_at", TS),
        ("run_id", pa.string()),
    ]
)
_ENTITY_FIELDS = [n for n in ENTITY_SCHEMA.names if n not in ("version_id", "list_name")]


def insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table, conflict: str = "") -> None:
    """INSERT INTO table (cols) SELECT cols FROM an Arrow table (table names come from code)."""
    if data.num_rows == 0:
        return
    cols = ", ".join(data.schema.names)
    con.register("list_rows", data)
    try:
        con.execute(f"insert into {table} ({cols}) select {cols} from list_rows {conflict}")
    finally:
        with suppress(duckdb.Error):
            con.unregister("list_rows")


def part_states(wh: Warehouse, list_name: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    """part -> (etag, last_modified, content_hash) remembered for a list."""
    with wh.connect() as con:
        got = con.execute(
            "select part, etag, last_modified, content_hash from list_parts where list_name = ?", [list_name]
        ).fetchall()
    return {p: (e, m, h) for p, e, m, h in got}


def store_raw(
    wh: Warehouse,
    bodies: dict[str, tuple[str, bytes]],
    attempts: list[FetchAttempt],
    fetched_at: datetime,
    run_id: str | None,
) -> dict[str, str]:
    """Save raw files (gzip, keyed by sha256) and log the attempts, before anything parses them.
    `bodies`: part -> (url, bytes); returns part -> content hash."""
    hashes = {part: content_hash(body) for part, (_, body) in bodies.items()}
    rows = [
        {
            "content_hash": hashes[p],
            "url": url,
            "content_type": None,
            "encoding": None,
            "body": gzip.compress(body, compresslevel=6, mtime=0),
            "compression": "gzip",
            "bytes": len(body),
            "fetched_at": fetched_at,
        }
        for p, (url, body) in bodies.items()
    ]
    with wh.transaction() as con:
        insert(con, "raw_pages", pa.Table.from_pylist(rows, schema=RAW_SCHEMA), "on conflict do nothing")
        insert(con, "fetch_log", fetch_log_table(attempts, run_id))
    return hashes


def record_check(
    wh: Warehouse,
    config: ListConfig,
    status: str,
    error: str | None,
    at: datetime,
    attempts: list[FetchAttempt],
    run_id: str | None,
) -> None:
    """The outcome of a refresh that stored no new version (not modified, unchanged, failed)."""
    with wh.transaction() as con:
        _upsert_source(con, config, status, error, at)
        if attempts:
            insert(con, "fetch_log", fetch_log_table(attempts, run_id))


def _upsert_source(
    con: duckdb.DuckDBPyConnection, config: ListConfig, status: str, error: str | None, at: datetime
) -> None:
    con.execute(
        """insert into list_sources (list_name, title, authority, authority_name, format, url,
                                     last_checked_at, last_status, last_error)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?)
           on conflict (list_name) do update set title = excluded.title, authority = excluded.authority,
               authority_name = excluded.authority_name, format = excluded.format, url = excluded.url,
               last_checked_at = excluded.last_checked_at, last_status = excluded.last_status,
               last_error = excluded.last_error""",
        [
            config.name,
            config.title,
            config.authority,
            config.authority_name,
            config.format,
            config.url,
            at,
            status,
            error,
        ],
    )


def save_validators(
    wh: Warehouse,
    config: ListConfig,
    validators: dict[str, tuple[str | None, str | None]],
    hashes: dict[str, str],
) -> None:
    """Remember each part's ETag/Last-Modified and content hash (only once its version is current)."""
    with wh.transaction() as con:
        for part, url in config.urls.items():
            etag, modified = validators.get(part, (None, None))
            con.execute(
                """insert into list_parts values (?, ?, ?, ?, ?, ?) on conflict (list_name, part) do update
                   set url = excluded.url, etag = excluded.etag, last_modified = excluded.last_modified,
                       content_hash = excluded.content_hash""",
                [config.name, part, url, etag, modified, hashes.get(part)],
            )


def current_version(wh: Warehouse, list_name: str) -> tuple[str | None, ListVersion | None]:
    """(version id, the version read back from list_entities) the list currently stands at."""
    with wh.connect() as con:
        got = con.execute(
            "select current_version from list_sources where list_name = ?", [list_name]
        ).fetchone()
        if got is None or got[0] is None:
            return None, None
        version_id = str(got[0])
        meta = con.execute(
            "select published from list_versions where version_id = ?", [version_id]
        ).fetchone()
        rows = con.execute(
            f"select {', '.join(_ENTITY_FIELDS)} from list_entities where version_id = ? order by entity_id",
            [version_id],
        ).fetchall()
    entities = {}
    for row in rows:
        values = dict(zip(_ENTITY_FIELDS, row, strict=True))
        values["identifiers"] = tuple(
            sorted((Identifier(**i) for i in values["identifiers"]), key=Identifier.sort_key)
        )
        for key in ("aliases", "weak_aliases", "birth_dates", "countries", "programmes"):
            values[key] = tuple(values[key])
        entities[values["entity_id"]] = ListEntity(**values)
    return version_id, ListVersion(list_name, "", meta[0] if meta else None, entities)


def save_version(
    wh: Warehouse,
    config: ListConfig,
    version_id: str,
    version: ListVersion,
    diff: tuple[str, ListDiff] | None,
    hashes: dict[str, str],
    fetched_at: datetime,
    status: str,
    run_id: str | None,
) -> None:
    """One transaction: the version row, its entities, its changes against (old version id, diff), and
    the list now standing at it."""
    entities = pa.Table.from_pylist(
        [
            {"version_id": version_id, "list_name": config.name, **asdict(e)}
            for e in version.entities.values()
        ],
        schema=ENTITY_SCHEMA,
    )
    with wh.transaction() as con:
        con.execute(
            "insert into list_versions values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
            [
                version_id,
                config.name,
                version.version,
                fetched_at,
                len(version),
                version.rows,
                sorted(hashes.values()),
                list(version.warnings),
                run_id,
            ],
        )
        insert(con, "list_entities", entities, "on conflict do nothing")
        if diff is not None:
            insert(
                con,
                "list_changes",
                change_table(config, *diff, version_id, fetched_at, run_id),
                "on conflict do nothing",
            )
        _upsert_source(con, config, status, None, fetched_at)
        con.execute(
            "update list_sources set current_version = ? where list_name = ?", [version_id, config.name]
        )


def change_table(
    config: ListConfig, old: str, diff: ListDiff, version_id: str, at: datetime, run_id: str | None
) -> pa.Table:
    """list_changes rows of one diff: added, removed, changed (with the fields that changed)."""
    rows = [_change_row(config, old, version_id, e, "added", [], at, run_id) for e in diff.added]
    rows += [_change_row(config, old, version_id, e, "removed", [], at, run_id) for e in diff.removed]
    for c in diff.changed:
        rows.append(_change_row(config, old, version_id, c.new, "changed", list(c.fields), at, run_id))
    return pa.Table.from_pylist(rows, schema=CHANGE_SCHEMA)


def _change_row(
    config: ListConfig,
    old: str,
    new: str,
    e: ListEntity,
    change: str,
    fields: list[str],
    at: datetime,
    run_id: str | None,
) -> dict[str, object]:
    return {
        "change_id": short_hash(config.name, new, e.entity_id, change),
        "list_name": config.name,
        "authority": config.authority,
        "old_version": old,
        "new_version": new,
        "entity_id": e.entity_id,
        "change": change,
        "fields": fields,
        "name": e.name,
        "schema": e.schema,
        "programmes": list(e.programmes),
        "countries": list(e.countries),
        "detected_at": at,
        "run_id": run_id,
    }
