"""Refresh one list: fetch (conditional GET) -> store raw -> parse -> diff with the current version ->
store the new version and its changes. A failure at any step leaves the previous version current.

Outcomes: not_modified (every file answered 304: nothing downloaded), unchanged (same bytes as the
current version), baseline (the first version: no changes recorded), new_version, failed (the error
names the list and the place; validators are not saved, so the next run downloads again).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from extractors.errors import MonitorError
from extractors.lists import ListDiff, ListVersion, diff_versions, parse_files
from extractors.records import short_hash
from flows.lists import store
from flows.lists.config import ListConfig
from flows.lists.fetch import Fetched, fetch_list
from flows.settings import Settings
from flows.warehouse import Warehouse

log = logging.getLogger("sanctions_monitor.lists")


@dataclass(frozen=True)
class Outcome:
    """What one list's refresh did."""

    list_name: str
    status: str  # not_modified | unchanged | baseline | new_version | failed
    version_id: str | None = None
    error: str | None = None
    diff: ListDiff | None = None
    entities: int = 0
    seconds: float = 0.0


def refresh_list(config: ListConfig, wh: Warehouse, settings: Settings, run_id: str | None = None) -> Outcome:
    """Bring one list up to date in the warehouse; never raises for a bad download or a bad file."""
    states = store.part_states(wh, config.name)
    got = fetch_list(config, settings, states)
    if got.errors:
        return _fail(wh, config, got, "download failed: " + "; ".join(got.errors), run_id)
    if got.not_modified == set(config.urls):
        store.record_check(wh, config, "not_modified", None, got.fetched_at, got.attempts, run_id)
        return Outcome(config.name, "not_modified")
    hashes = store.store_raw(wh, got.bodies, got.attempts, got.fetched_at, run_id)  # raw before parsing
    try:
        parts = _all_parts(wh, config, got, states, hashes)
        version_id = short_hash(config.name, *(f"{p}={hashes[p]}" for p in sorted(hashes)))
        current_id, current = store.current_version(wh, config.name)
        if version_id == current_id:
            store.save_validators(wh, config, got.validators, hashes)
            store.record_check(wh, config, "unchanged", None, got.fetched_at, [], run_id)
            return Outcome(config.name, "unchanged", version_id)
        version = parse_files(config.format, parts, config.name, config.encoding)
        diff = _checked_diff(config, current, version)
    except MonitorError as exc:
        return _fail(wh, config, got, str(exc), run_id, logged=True)
    status = "baseline" if current is None else "new_version"
    changes = (current_id or "", diff) if diff is not None else None
    store.save_version(wh, config, version_id, version, changes, hashes, got.fetched_at, status, run_id)
    store.save_validators(wh, config, got.validators, hashes)
    return Outcome(config.name, status, version_id, diff=diff, entities=len(version))


def _all_parts(
    wh: Warehouse,
    config: ListConfig,
    got: Fetched,
    states: dict[str, tuple[str | None, str | None, str | None]],
    hashes: dict[str, str],
) -> dict[str, bytes]:
    """Every part's bytes: downloaded now, or (answered 304) the stored raw file of the current version."""
    parts = {part: body for part, (_, body) in got.bodies.items()}
    for part in got.not_modified:
        known = states[part][2]
        if known is None:
            raise MonitorError(f"list {config.name!r}: {part} answered 304 but no stored copy is known")
        parts[part] = wh.raw_body(known)
        hashes[part] = known
    return parts


def _checked_diff(config: ListConfig, current: ListVersion | None, version: ListVersion) -> ListDiff | None:
    """The diff with the current version; a version that would delist too much is refused as suspect."""
    if current is None:
        return None
    diff = diff_versions(current, version)
    share = len(diff.removed) / max(1, len(current))
    if share > config.max_removed_share:
        raise MonitorError(
            f"list {config.name!r}: the new file would delist {len(diff.removed)} of {len(current)} entities "
            f"({share:.0%} > max_removed_share {config.max_removed_share:.0%}); refused as a suspect file"
        )
    return diff


def _fail(
    wh: Warehouse, config: ListConfig, got: Fetched, error: str, run_id: str | None, logged: bool = False
) -> Outcome:
    log.warning("list %s: %s (the previous version stays current)", config.name, error)
    store.record_check(wh, config, "failed", error, got.fetched_at, [] if logged else got.attempts, run_id)
    return Outcome(config.name, "failed", error=error)
