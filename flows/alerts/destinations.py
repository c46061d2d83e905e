"""Alert destinations and their filters, from settings (URL list) and an optional TOML file.

A destination is an Apprise URL (Slack, Teams, mail, `json://` webhooks, ...) or `block:NAME`, the name
of a saved Prefect notification block. Every alert also goes to the log and to a JSON-lines file.

    [[destination]]
    name = "desk-slack"
    url = "slack://TokenA/TokenB/TokenC/#sanctions"
    kinds = ["sanction"]            # finding types: arms_transfer | sanction | un_violation; empty = all
    countries = ["PRK", "IRN"]      # any party of the claim; empty = all
    min_outlets = 2
    min_confidence = 0.6
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.errors import MonitorError
from extractors.vocabulary import FINDING_TYPES
from flows.settings import Settings

_KEYS = {"name", "url", "kinds", "countries", "min_outlets", "min_confidence"}


@dataclass(frozen=True)
class Destination:
    """Where alerts go, and which alerts it wants."""

    name: str
    url: str
    finding_types: frozenset[str] = field(default_factory=frozenset)  # the TOML key is `kinds`
    countries: frozenset[str] = field(default_factory=frozenset)
    min_outlets: int = 0
    min_confidence: float = 0.0

    @property
    def is_block(self) -> bool:
        """A saved Prefect notification block (`block:NAME`) rather than an Apprise URL."""
        return self.url.startswith("block:")

    @property
    def carries_alert_id(self) -> bool:
        """Webhooks (`json://`, `jsons://`) get the stable alert id in the payload and a header."""
        return self.url.startswith(("json://", "jsons://"))

    def wants(self, finding_type: str | None, countries: set[str], outlets: int, confidence: float) -> bool:
        """True when an alert passes this destination's filters."""
        if self.finding_types and finding_type not in self.finding_types:
            return False
        if self.countries and not (self.countries & countries):
            return False
        return outlets >= self.min_outlets and confidence >= self.min_confidence


def load_destinations(settings: Settings) -> list[Destination]:
    """Destinations from SANCTIONS_MONITOR_ALERTS (no filters) and SANCTIONS_MONITOR_ALERTS_CONFIG."""
    found = [Destination(name=_default_name(url), url=url) for url in settings.alerts]
    if settings.alerts_config is not None:
        found += _from_toml(settings.alerts_config)
    names = [d.name for d in found]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise MonitorError(f"alert destinations: duplicate name(s) {', '.join(sorted(dupes))}")
    return found


def _default_name(url: str) -> str:
    if url.startswith("block:"):
        return url
    scheme = url.split(":", 1)[0]
    return f"{scheme}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


def _from_toml(path: Path) -> list[Destination]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MonitorError(f"alert config {path}: {exc}") from exc
    return [_parse_destination(path, i, row) for i, row in enumerate(data.get("destination", []), 1)]


def _parse_destination(path: Path, index: int, row: dict[str, Any]) -> Destination:
    where = f"alert config {path}, destination #{index}"
    unknown = set(row) - _KEYS
    if unknown:
        raise MonitorError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    url = row.get("url")
    if not isinstance(url, str) or not url:
        raise MonitorError(f"{where}: 'url' is required")
    types = frozenset(row.get("kinds", []))
    if types - set(FINDING_TYPES):
        raise MonitorError(f"{where}: unknown kind(s) {', '.join(sorted(types - set(FINDING_TYPES)))} "
                           f"(finding types: {', '.join(FINDING_TYPES)})")
    return Destination(
        name=str(row.get("name") or _default_name(url)),
        url=url,
        finding_types=types,
        countries=frozenset(c.upper() for c in row.get("countries", [])),
        min_outlets=int(row.get("min_outlets", 0)),
        min_confidence=float(row.get("min_confidence", 0.0)),
    )
