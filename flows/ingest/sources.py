"""The sources: feeds.toml -> list[FeedConfig], checked on load.

The default file ships inside this package (flows/ingest/feeds.toml). Each source is a `[[feed]]`
table with `name`, `url`, `kind` (news | official) and optionally `language` (default "en"),
`confirmed` (default true: the URL is documented by the publisher) and `note`. Unknown keys,
duplicate names, non-http(s) URLs and unknown kinds stop the load with an error that names the file
and the entry.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from extractors.errors import MonitorError
from extractors.vocabulary import SOURCE_KINDS

REQUIRED = ("name", "url", "kind")
OPTIONAL = {"language": str, "confirmed": bool, "note": str}


@dataclass(frozen=True)
class FeedConfig:
    """One source from feeds.toml."""

    name: str
    url: str
    kind: str  # one of SOURCE_KINDS: news | official
    language: str = "en"
    confirmed: bool = True  # URL taken from the publisher's own documentation
    note: str | None = None


def load_feeds(path: Path | str) -> list[FeedConfig]:
    """Read and validate a feeds file; raise MonitorError naming the file and entry on any problem."""
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise MonitorError(f"{path}: feeds file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise MonitorError(f"{path}: cannot read feeds file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise MonitorError(f"{path}: not valid TOML ({exc})") from exc
    extra = set(doc) - {"feed"}
    if extra:
        raise MonitorError(f"{path}: unknown top-level key(s) {sorted(extra)}; expected only [[feed]] tables")
    tables = doc.get("feed", [])
    if not isinstance(tables, list) or not tables:
        raise MonitorError(f"{path}: no [[feed]] tables")
    feeds = [_feed(path, index, table) for index, table in enumerate(tables, start=1)]
    _check_unique(path, feeds)
    return feeds


def _feed(path: Path, index: int, table: Any) -> FeedConfig:
    where = f"{path}: [[feed]] #{index}"
    if not isinstance(table, dict):
        raise MonitorError(f"{where}: expected a table")
    if isinstance(table.get("name"), str):
        where += f" ({table['name']!r})"
    unknown = set(table) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise MonitorError(f"{where}: unknown key(s) {sorted(unknown)}")
    for key in REQUIRED:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise MonitorError(f"{where}: '{key}' is required and must be a non-empty string")
    for key, kind in OPTIONAL.items():
        if key in table and not isinstance(table[key], kind):
            raise MonitorError(f"{where}: '{key}' must be a {kind.__name__}")
    _check_url(where, table["url"])
    if table["kind"] not in SOURCE_KINDS:
        raise MonitorError(f"{where}: kind {table['kind']!r} is not one of {sorted(SOURCE_KINDS)}")
    return FeedConfig(
        name=table["name"].strip(),
        url=table["url"].strip(),
        kind=table["kind"],
        language=table.get("language", "en"),
        confirmed=table.get("confirmed", True),
        note=table.get("note"),
    )


def _check_url(where: str, url: str) -> None:
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise MonitorError(f"{where}: url {url!r} is not a valid URL ({exc})") from exc
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise MonitorError(f"{where}: url {url!r} must be an absolute http(s) URL")


def _check_unique(path: Path, feeds: list[FeedConfig]) -> None:
    seen: dict[str, int] = {}
    for index, feed in enumerate(feeds, start=1):
        if feed.name in seen:
            raise MonitorError(
                f"{path}: [[feed]] #{index}: name {feed.name!r} is already used by [[feed]] "
                f"#{seen[feed.name]}"
            )
        seen[feed.name] = index
