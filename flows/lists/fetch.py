"""Download every file of one list through the guarded HTTP client, with conditional GET and a cap.

Never raises: each part ends as a body, a 304 (not modified) or an error tag on its FetchAttempt.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flows.lists.config import ListConfig
from flows.net import FetchAttempt, FetchResult, guarded_get, make_client
from flows.settings import Settings

ACCEPT = "application/xml, text/xml, text/csv, application/octet-stream;q=0.9, */*;q=0.5"


@dataclass
class Fetched:
    """What the download of one list gave, part by part."""

    fetched_at: datetime
    bodies: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # part -> (final url, bytes)
    not_modified: set[str] = field(default_factory=set)
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # part -> etag, l-m
    attempts: list[FetchAttempt] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "add: http_404 (HTTP 404 from ...)"


def fetch_list(
    config: ListConfig, settings: Settings, states: dict[str, tuple[str | None, str | None, str | None]]
) -> Fetched:
    """GET every part of `config` (If-None-Match / If-Modified-Since from `states`)."""
    return asyncio.run(_fetch(config, settings, states))


async def _fetch(
    config: ListConfig, settings: Settings, states: dict[str, tuple[str | None, str | None, str | None]]
) -> Fetched:
    bounded = settings.replace(total_timeout=max(settings.total_timeout, config.timeout))
    out = Fetched(fetched_at=datetime.now(UTC))
    async with make_client(bounded) as client:
        for part, url in config.urls.items():
            etag, modified, known = states.get(part, (None, None, None))
            headers = {"Accept": ACCEPT}
            if known and etag:
                headers["If-None-Match"] = etag
            if known and modified:
                headers["If-Modified-Since"] = modified
            got = await guarded_get(
                client, url, bounded, headers=headers, max_bytes=int(config.max_mb * 1024 * 1024)
            )
            _record(out, config, part, got, (etag, modified))
            if out.errors:
                break  # a publication is all its files: the rest would not be used
    return out


def _record(
    out: Fetched, config: ListConfig, part: str, got: FetchResult, previous: tuple[str | None, str | None]
) -> None:
    if got.error is not None:
        out.attempts.append(got.attempt("list", config.name, out.fetched_at, "failed"))
        out.errors.append(f"{part}: {got.error} ({got.detail})")
    elif got.status_code == 304:
        out.attempts.append(got.attempt("list", config.name, out.fetched_at, "not_modified"))
        out.not_modified.add(part)
        out.validators[part] = previous
    else:
        out.attempts.append(got.attempt("list", config.name, out.fetched_at, "ok"))
        out.bodies[part] = (got.final_url or got.url, got.body or b"")
        out.validators[part] = (got.headers.get("etag"), got.headers.get("last-modified"))
