"""robots.txt, fetched once per host per run through the guarded client (RFC 9309).

2xx: the rules are parsed and obeyed for our User-Agent token; 4xx: no rules, everything allowed;
5xx, a timeout or a connection failure: the whole host is disallowed for this run. A robots.txt the
guard refuses (blocked address, bad scheme) allows the page through to fail on its own guard, so
the page is recorded with the real reason. Every robots fetch is kept as a FetchAttempt.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from flows.net.http import FetchAttempt, FetchResult, guarded_get
from flows.settings import Settings

log = logging.getLogger(__name__)
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309 asks parsers to read at least 500 KiB
GUARD_ERRORS = frozenset({"blocked_address", "bad_scheme", "bad_url"})


@dataclass
class HostRules:
    """The verdict for one host: a parser, or a blanket allow/deny with the reason."""

    parser: RobotFileParser | None = None
    allow_all: bool = False
    reason: str = ""


@dataclass
class RobotsCache:
    """Per-run cache: `await cache.allowed(url)` fetches each host's robots.txt at most once."""

    client: httpx.AsyncClient
    settings: Settings
    attempts: list[FetchAttempt] = field(default_factory=list)
    # origin -> verdict; share one dict between caches to keep the verdicts for a whole run
    rules: dict[str, HostRules] = field(default_factory=dict)
    _locks: dict[str, asyncio.Lock] = field(default_factory=dict)

    @property
    def agent(self) -> str:
        """Our product token (robots groups are matched on it), e.g. "sanctions-monitor"."""
        return self.settings.user_agent.split("/", 1)[0].strip() or "*"

    async def allowed(self, url: str) -> tuple[bool, str]:
        """(may we fetch `url`, why not when refused)."""
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        rules = await self._rules_for(origin)
        if rules.allow_all:
            return True, ""
        if rules.parser is None:
            return False, rules.reason
        if rules.parser.can_fetch(self.agent, url):
            return True, ""
        return False, f"robots.txt of {origin} disallows {parts.path or '/'} for {self.agent}"

    async def _rules_for(self, origin: str) -> HostRules:
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self.rules:
                self.rules[origin] = await self._fetch(origin)
            return self.rules[origin]

    async def _fetch(self, origin: str) -> HostRules:
        url = origin + "/robots.txt"
        fetched_at = datetime.now(UTC)
        got = await guarded_get(self.client, url, self.settings, max_bytes=MAX_ROBOTS_BYTES)
        rules = _verdict(got, url)
        self.attempts.append(_attempt(got, fetched_at))
        if not rules.allow_all and rules.parser is None:
            log.warning("robots: %s", rules.reason)
        return rules


def _verdict(got: FetchResult, url: str) -> HostRules:
    status = got.status_code
    if got.ok:
        parser = RobotFileParser(url)
        parser.parse((got.body or b"").decode("utf-8", errors="replace").splitlines())
        return HostRules(parser=parser)
    if got.error == "too_large":  # RFC 9309: parse what fits; we keep it simple and allow
        return HostRules(allow_all=True, reason="robots.txt too large; ignored")
    if got.error in GUARD_ERRORS:
        return HostRules(allow_all=True, reason=f"robots.txt not fetched ({got.error})")
    if status is not None and 400 <= status < 500:
        return HostRules(allow_all=True, reason=f"robots.txt answered {status}: no rules")
    why = got.error or f"status {status}"
    return HostRules(reason=f"robots.txt of this host unavailable ({why}): host disallowed for this run")


def _attempt(got: FetchResult, fetched_at: datetime) -> FetchAttempt:
    outcome = "ok" if got.ok or (got.status_code is not None and 400 <= got.status_code < 500) else "failed"
    return got.attempt("robots", None, fetched_at, outcome)
