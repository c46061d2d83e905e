"""What one guarded GET produced (`FetchResult`) and how it is logged (`FetchAttempt`, a fetch_log row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class FetchAttempt:
    """One HTTP attempt as it goes into fetch_log (`resource` is the table's `kind` column)."""

    resource: str  # what was fetched: feed | page | robots
    source: str | None
    url: str
    fetched_at: datetime
    outcome: str  # ok | not_modified | malformed | failed | skipped
    final_url: str | None = None
    status_code: int | None = None
    error: str | None = None  # short tag: timeout, http_500, too_large, robots, blocked_address, ...
    detail: str | None = None
    bytes: int | None = None
    elapsed_ms: float | None = None
    items: int | None = None


@dataclass
class FetchResult:
    """What one guarded GET produced; `error` is a short tag (None when a response arrived)."""

    url: str
    final_url: str | None = None
    status_code: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    body: bytes | None = None
    error: str | None = None
    detail: str | None = None
    elapsed_ms: float = 0.0
    redirects: int = 0

    @property
    def ok(self) -> bool:
        """A 2xx answer arrived and nothing failed."""
        return self.error is None and self.status_code is not None and 200 <= self.status_code < 300

    @property
    def content_type(self) -> str | None:
        """The Content-Type header, if any."""
        return self.headers.get("content-type")

    def attempt(
        self, resource: str, source: str | None, fetched_at: datetime, outcome: str,
        error: str | None = None, detail: str | None = None,
    ) -> FetchAttempt:
        """This result as a fetch_log row; `error`/`detail` default to the transport's own."""
        return FetchAttempt(
            resource=resource, source=source, url=self.url, fetched_at=fetched_at, outcome=outcome,
            final_url=self.final_url, status_code=self.status_code,
            error=error if error is not None else self.error,
            detail=detail if detail is not None else self.detail,
            bytes=len(self.body) if self.body is not None else None, elapsed_ms=self.elapsed_ms,
        )
