"""Compare two versions of one list by the list's own entity ids: added, removed, changed (and what).

An id the new version could not read (`skipped_ids`) is neither removed nor changed: a bad record
never turns into a false delisting.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from extractors.lists.model import COMPARED, ListEntity, ListFormatError, ListVersion


@dataclass(frozen=True)
class EntityChange:
    """One entity present in both versions whose compared fields differ."""

    old: ListEntity
    new: ListEntity
    fields: tuple[str, ...]  # names from model.COMPARED, in that order

    @property
    def entity_id(self) -> str:
        return self.new.entity_id


@dataclass(frozen=True)
class ListDiff:
    """What changed between two versions of one list."""

    list_name: str
    old_version: str | None
    new_version: str | None
    added: tuple[ListEntity, ...]
    removed: tuple[ListEntity, ...]
    changed: tuple[EntityChange, ...]
    unreadable: tuple[str, ...] = ()  # ids of the old version whose new record could not be read

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self, examples: int = 5) -> dict[str, Any]:
        """Counts for people and JSON: added/removed/changed, per field and per programme, examples."""
        fields = Counter(f for c in self.changed for f in c.fields)
        return {
            "list": self.list_name,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "unreadable": len(self.unreadable),
            "changed_fields": {f: fields[f] for f in COMPARED if fields[f]},
            "added_by_programme": _by_programme(self.added),
            "removed_by_programme": _by_programme(self.removed),
            "examples": {
                "added": [_brief(e) for e in self.added[:examples]],
                "removed": [_brief(e) for e in self.removed[:examples]],
                "changed": [{**_brief(c.new), "fields": list(c.fields)} for c in self.changed[:examples]],
            },
        }


def diff_versions(old: ListVersion, new: ListVersion) -> ListDiff:
    """Entities added, removed and changed from `old` to `new` (same list), each sorted by id."""
    if old.list_name != new.list_name:
        raise ListFormatError(new.list_name, "diff", f"cannot compare with a version of {old.list_name!r}")
    added = [new.entities[i] for i in sorted(set(new.entities) - set(old.entities), key=_id_order)]
    gone = sorted(set(old.entities) - set(new.entities), key=_id_order)
    removed = [old.entities[i] for i in gone if i not in new.skipped_ids]
    unreadable = tuple(i for i in gone if i in new.skipped_ids)
    changed = []
    for entity_id in sorted(set(old.entities) & set(new.entities), key=_id_order):
        before, after = old.entities[entity_id], new.entities[entity_id]
        fields = tuple(f for f in COMPARED if before.value(f) != after.value(f))
        if fields:
            changed.append(EntityChange(before, after, fields))
    return ListDiff(
        new.list_name, old.version, new.version, tuple(added), tuple(removed), tuple(changed), unreadable
    )


def _id_order(entity_id: str) -> tuple[int, str]:
    return (int(entity_id), "") if entity_id.isdigit() else (1 << 62, entity_id)


def _by_programme(entities: tuple[ListEntity, ...]) -> dict[str, int]:
    counts = Counter(p for e in entities for p in (e.programmes or ("(none)",)))
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _brief(e: ListEntity) -> dict[str, Any]:
    return {"id": e.entity_id, "name": e.name, "schema": e.schema, "programmes": list(e.programmes)}
