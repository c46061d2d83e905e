"""Reconciliation: every sanction target and every non-state party of an arms transfer in the news,
matched against the current version of every list -> listed / listed_later / not_listed.

`listed_since` is the list's own listing date, else the date a refresh first saw the entity added
(entities of a first, baseline version without a listing date have none: "listed", lag unknown).
The news came first when listed_since is after the claim's first_seen: status listed_later, lag > 0.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import duckdb
import pyarrow as pa

from extractors.lists import THRESHOLD, Listed, ListEntity, MatchIndex
from flows.lists.claims_link import EXTRACTOR
from flows.lists.store import insert
from flows.warehouse.rows import TS

SCHEMA = pa.schema(
    [
        ("claim_id", pa.string()),
        ("role", pa.string()),
        ("party_name", pa.string()),
        ("party_country", pa.string()),
        ("party_kind", pa.string()),
        ("status", pa.string()),
        ("list_name", pa.string()),
        ("entity_id", pa.string()),
        ("listed_name", pa.string()),
        ("matched_name", pa.string()),
        ("score", pa.float64()),
        ("listed_since", pa.date32()),
        ("first_reported", TS),
        ("lag_days", pa.int32()),
        ("reconciled_at", TS),
    ]
)
# News parties to reconcile: (claim, role, name, country, kind, first_seen); states are not listed.
PARTIES = """
with news_claims as (
    select c.* from claims c
    where exists (select 1 from claim_mentions cm join mentions m using (mention_id)
                  where cm.claim_id = c.claim_id and m.extractor_version <> ?)
)
select claim_id, 'target', target_name, target_country, target_kind, first_seen
from news_claims where type = 'sanction' and target_name is not null and coalesce(target_kind, '') <> 'state'
union all
select claim_id, 'supplier', supplier_name, supplier_country, null, first_seen
from news_claims where type = 'arms_transfer' and supplier_name is not null
  and supplier_key is distinct from upper(supplier_country)
union all
select claim_id, 'recipient', recipient_name, recipient_country, null, first_seen
from news_claims where type = 'arms_transfer' and recipient_name is not null
  and recipient_key is distinct from upper(recipient_country)
"""
CURRENT = """
select e.list_name, e.entity_id, e.schema, e.name, e.aliases, e.countries, e.programmes,
       coalesce(try_cast(e.listed_on as date), a.added_on) as since
from list_entities e
join list_sources s on s.current_version = e.version_id
left join (select list_name, entity_id, min(detected_at)::date as added_on from list_changes
           where change = 'added' group by all) a on a.list_name = e.list_name and a.entity_id = e.entity_id
"""


def load_index(con: duckdb.DuckDBPyConnection) -> tuple[MatchIndex, dict[tuple[str, str], date | None]]:
    """The match index over every list's current entities, and each entity's listed-since date."""
    listed, since = [], {}
    for list_name, entity_id, schema, name, aliases, countries, programmes, when in con.execute(
        CURRENT
    ).fetchall():
        entity = ListEntity(
            entity_id, schema, name, tuple(aliases), countries=tuple(countries), programmes=tuple(programmes)
        )
        listed.append(Listed(list_name, entity))
        since[(list_name, entity_id)] = when
    return MatchIndex(listed), since


def reconcile(con: duckdb.DuckDBPyConnection, threshold: float = THRESHOLD) -> dict[str, int]:
    """Rebuild list_reconciliation in one transaction; returns how many parties got each status.
    Called after each lists refresh and, through flows.ingest.after_run, after each claims refresh."""
    index, since = load_index(con)
    if not len(index):
        return {}  # no list loaded yet: nothing to reconcile against (and nothing marked "not listed")
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    for claim_id, role, name, country, kind, first_seen in con.execute(PARTIES, [EXTRACTOR]).fetchall():
        base = {
            "claim_id": claim_id,
            "role": role,
            "party_name": name,
            "party_country": country,
            "party_kind": kind,
            "first_reported": first_seen,
            "reconciled_at": now,
        }
        best: dict[str, Any] = {}
        for c in (
            index.match(name, country=country, kind=kind, limit=10, threshold=threshold) if len(index) else []
        ):
            best.setdefault(c.list_name, c)  # best first: keep each list's best entity
        if not best:
            rows.append({**base, "status": "not_listed"})
        for c in best.values():
            listed = since.get((c.list_name, c.entity_id))
            lag = (listed - first_seen.date()).days if listed and first_seen else None
            rows.append(
                {
                    **base,
                    "status": "listed_later" if lag is not None and lag > 0 else "listed",
                    "list_name": c.list_name,
                    "entity_id": c.entity_id,
                    "listed_name": c.name,
                    "matched_name": c.matched_name,
                    "score": c.score,
                    "listed_since": listed,
                    "lag_days": lag,
                }
            )
    con.begin()
    try:
        con.execute("delete from list_reconciliation")
        insert(con, "list_reconciliation", pa.Table.from_pylist(rows, schema=SCHEMA))
        con.commit()
    except BaseException:
        con.rollback()
        raise
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return counts
