"""lists.toml -> list[ListConfig], checked on load (unknown keys, duplicate names, bad URLs, formats).

Each `[[list]]`: name, title, authority (ISO3, "UN" or "EU"), authority_name, format, url, and
optionally parts (extra files: ofac_csv needs add and alt), confirmed, note, max_mb, timeout,
encoding, max_removed_share, enabled.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from extractors.errors import MonitorError
from extractors.lists import FORMATS
from flows.settings import package_path

REQUIRED = ("name", "title", "authority", "authority_name", "format", "url")
OPTIONAL: dict[str, type | tuple[type, ...]] = {
    "parts": dict,
    "confirmed": bool,
    "note": str,
    "max_mb": (int, float),
    "timeout": (int, float),
    "encoding": str,
    "max_removed_share": (int, float),
    "enabled": bool,
}
PART_NAMES = frozenset({"add", "alt", "comments"})


@dataclass(frozen=True)
class ListConfig:
    """One official list to follow."""

    name: str
    title: str
    authority: str  # ISO3, UN or EU
    authority_name: str
    format: str
    url: str
    parts: dict[str, str] = field(default_factory=dict)  # part name -> URL (besides 'primary')
    confirmed: bool = True
    note: str | None = None
    max_mb: float = 100.0
    timeout: float = 300.0
    encoding: str = "utf-8"
    max_removed_share: float = 0.2
    enabled: bool = True

    @property
    def urls(self) -> dict[str, str]:
        """Every file of the list: {'primary': url, 'add': url, ...}."""
        return {"primary": self.url, **self.parts}

    @property
    def authority_country(self) -> str | None:
        return self.authority if re.fullmatch(r"[A-Z]{3}", self.authority) else None


def default_lists() -> Path:
    """flows/lists/lists.toml, package data found through importlib.resources (checkout or wheel)."""
    return package_path("lists", "lists.toml")


def load_lists(path: Path | str | None = None) -> list[ListConfig]:
    """Read and check a lists file; MonitorError naming the file and the entry on any problem."""
    path = Path(path) if path is not None else default_lists()
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise MonitorError(f"{path}: lists file not found") from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MonitorError(f"{path}: cannot read the lists file ({exc})") from exc
    if set(doc) - {"list"} or not isinstance(doc.get("list"), list) or not doc["list"]:
        raise MonitorError(f"{path}: expected only [[list]] tables, and at least one")
    found = [_entry(f"{path}: [[list]] #{i}", table) for i, table in enumerate(doc["list"], 1)]
    names = [c.name for c in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise MonitorError(f"{path}: list name(s) used twice: {', '.join(duplicates)}")
    return found


def _entry(where: str, table: Any) -> ListConfig:
    if not isinstance(table, dict):
        raise MonitorError(f"{where}: expected a table")
    if isinstance(table.get("name"), str):
        where += f" ({table['name']!r})"
    unknown = set(table) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise MonitorError(f"{where}: unknown key(s) {sorted(unknown)}")
    for key in REQUIRED:
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise MonitorError(f"{where}: '{key}' is required and must be a non-empty string")
    for key, kind in OPTIONAL.items():
        if key in table and (
            not isinstance(table[key], kind) or isinstance(table[key], bool) != (kind is bool)
        ):
            raise MonitorError(f"{where}: '{key}' has the wrong type")
    if table["format"] not in FORMATS:
        raise MonitorError(f"{where}: format {table['format']!r} is not one of {', '.join(FORMATS)}")
    if not re.fullmatch(r"[A-Z]{3}|UN|EU", table["authority"]):
        raise MonitorError(f"{where}: authority must be an ISO3 code, UN or EU")
    parts = table.get("parts", {})
    if set(parts) - PART_NAMES or not all(isinstance(u, str) for u in parts.values()):
        raise MonitorError(f"{where}: parts may only name add, alt, comments (URLs)")
    if table["format"] == "ofac_csv" and not {"add", "alt"} <= set(parts):
        raise MonitorError(f"{where}: ofac_csv needs parts.add and parts.alt (addresses and aliases)")
    for url in [table["url"], *parts.values()]:
        parsed = urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise MonitorError(f"{where}: {url!r} is not an absolute http(s) URL")
    values = {k: table[k] for k in (*REQUIRED, *OPTIONAL) if k in table}
    return ListConfig(**values)
