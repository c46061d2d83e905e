"""List deltas into claims and alerts.

Each new version's additions and removals become sanction mentions (an official designation is an
imposed sanction by the list's authority; a removal lifts it) on one article row standing for that
version of the list, so `refresh_claims` groups them with the news like any finding. Alerts: one per
(list, version, change, programme) - "OFAC added 12 entities under RUSSIA-EO14024" - instead of one
per designated entity; the per-claim events of claims only lists support are folded into those.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime

import duckdb

from extractors.lists import ListDiff, ListEntity
from extractors.records import Mention, Party, short_hash
from flows.alerts import Alert
from flows.lists.config import ListConfig
from flows.lists.store import insert
from flows.warehouse.rows import mention_table

EXTRACTOR = "lists/1"  # extractor_version of the mentions made from list changes
KINDS = {"person": "person", "organisation": "organisation", "vessel": "vessel", "aircraft": "other"}


def article_id(list_name: str, version_id: str) -> str:
    return short_hash("list", list_name, version_id)


def load_mentions(
    con: duckdb.DuckDBPyConnection, config: ListConfig, version_id: str, diff: ListDiff, at: datetime
) -> int:
    """One article row for the version and a sanction mention per added or removed entity."""
    if not (diff.added or diff.removed):
        return 0
    art = article_id(config.name, version_id)
    title = (
        f"{config.title}: {len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"
    )
    con.execute(
        """insert into articles (article_id, url, feed_name, title, published_at, status, fetched_at,
                                 updated_at) values (?, ?, ?, ?, ?, 'ok', ?, ?) on conflict do nothing""",
        [art, f"{config.url}#version={version_id}", config.name, title, at, at, at],
    )
    found = [_mention(config, e, "imposed", diff.new_version) for e in diff.added]
    found += [_mention(config, e, "lifted", diff.new_version) for e in diff.removed]
    insert(con, "mentions", mention_table({art: found}, at), "on conflict do nothing")
    return len(found)


def _mention(config: ListConfig, e: ListEntity, action: str, published: str | None) -> Mention:
    verb = "lists" if action == "imposed" else "no longer lists"
    when = f" (version {published})" if published else ""
    programmes = ", ".join(e.programmes) or "no programme"
    sentence = f"{config.title}{when} {verb} {e.name} [{e.schema}, id {e.entity_id}] under {programmes}."
    country = e.countries[0] if len(e.countries) == 1 else None
    return Mention(
        type="sanction",
        sentence=sentence,
        start=0,
        end=len(sentence),
        confidence=1.0,
        extractor_version=EXTRACTOR,
        source=Party(f"{config.title} (official sanctions list)", config.authority_country, "organisation"),
        authority=Party(config.authority_name, config.authority_country, "organisation"),
        targets=[Party(e.name, country, KINDS[e.schema])],
        measure="designation",
        action=action,
        programme=programmes if e.programmes else None,
    )


def fold_list_only_events(con: duckdb.DuckDBPyConnection) -> list[Alert]:
    """Claim events of claims no news supports: recorded as folded into the grouped list alerts."""
    rows = con.execute(
        """select e.event_id, e.claim_id, e.event, e.type, e.label
           from claim_events e
           where e.event_id not in (select alert_id from alerts)
             and not exists (select 1 from claim_mentions cm join mentions m using (mention_id)
                             where cm.claim_id = e.claim_id and m.extractor_version <> ?)""",
        [EXTRACTOR],
    ).fetchall()
    return [
        Alert(alert_id=i, claim_id=c, event=ev, finding_type=t, title=label, body="folded into a list alert")
        for i, c, ev, t, label in rows
    ]


def grouped_alerts(config: ListConfig, version_id: str, diff: ListDiff) -> list[Alert]:
    """One alert per (added|removed, programme) - "OFAC added 12 entities under RUSSIA-EO14024" - and one
    for every changed entry of the version ("OFAC changed 3 entries (programmes 2, aliases 1)")."""
    alerts = []
    for change, entities in (("added", diff.added), ("removed", diff.removed)):
        by_programme: dict[str, list[ListEntity]] = defaultdict(list)
        for e in entities:
            for programme in e.programmes or ("no programme",):
                by_programme[programme].append(e)
        for programme, group in sorted(by_programme.items()):
            noun = "entity" if len(group) == 1 else "entities"
            title = f"{short_name(config)} {change} {len(group)} {noun} under {programme} ({config.title})"
            alerts.append(
                _alert(config, version_id, diff, f"{change}:{programme}", f"list_{change}", title, group)
            )
    if diff.changed:
        fields = Counter(f for c in diff.changed for f in c.fields)
        what = ", ".join(f"{f} {n}" for f, n in fields.most_common())
        noun = "entry" if len(diff.changed) == 1 else "entries"
        title = f"{short_name(config)} changed {len(diff.changed)} {noun} ({what}) ({config.title})"
        alerts.append(
            _alert(config, version_id, diff, "changed", "list_changed", title, [c.new for c in diff.changed])
        )
    return alerts


def _alert(
    config: ListConfig,
    version_id: str,
    diff: ListDiff,
    key: str,
    event: str,
    title: str,
    group: list[ListEntity],
) -> Alert:
    names = "; ".join(e.name for e in group[:10]) + ("; ..." if len(group) > 10 else "")
    countries = {c for e in group for c in e.countries} | ({config.authority_country} - {None})
    return Alert(
        alert_id=short_hash("list-alert", config.name, version_id, key),
        claim_id=f"list:{config.name}",
        event=event,
        finding_type="sanction",
        title=title,
        body=f"{title}.\nVersion: {diff.new_version or version_id}.\nEntities: {names}\nSource: {config.url}",
        countries=frozenset(c for c in countries if c),
        outlets=1,
        confidence=1.0,
        links=(config.url,),
    )


def short_name(config: ListConfig) -> str:
    """The authority as alerts name it: 'OFAC', 'OFSI', 'UN Security Council', 'European Union'."""
    return config.authority_name if config.authority in ("UN", "EU") else _acronym(config)


def _acronym(config: ListConfig) -> str:
    """'Office of Foreign Assets Control' -> 'OFAC'; names of one or two words stay as they are."""
    words = [w for w in config.authority_name.split() if w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) > 2 else config.authority_name


def now() -> datetime:
    return datetime.now(UTC)
