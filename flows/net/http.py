"""Careful HTTP: one client factory and `guarded_get`, which never raises.

Redirects are followed here, hop by hop: before each hop the host is resolved and every address is
checked against the guard (flows.net.guard); plain-http connections go to the checked addresses
themselves so a second DNS answer cannot slip a private address in (https keeps the name: TLS fails
on a rebound address). Bodies are streamed and capped, the whole request
is bounded in wall time, and every failure becomes a short error tag on the result (`FetchResult`;
as a fetch_log row: `FetchAttempt`).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

import httpx

from flows.net.guard import BlockedAddress, ResolveError, resolve_checked
from flows.settings import Settings

REDIRECTS = frozenset({301, 302, 303, 307, 308})


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


class _Failure(Exception):
    def __init__(self, tag: str, detail: str) -> None:
        super().__init__(detail)
        self.tag = tag


def make_client(settings: Settings) -> httpx.AsyncClient:
    """An AsyncClient with our timeouts and User-Agent; redirects are left to `guarded_get`."""
    timeout = httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=settings.total_timeout,
    )
    limits = httpx.Limits(max_connections=max(4, settings.concurrency * 2), max_keepalive_connections=20)
    return httpx.AsyncClient(
        timeout=timeout,
        limits=limits,
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
    )


async def guarded_get(
    client: httpx.AsyncClient,
    url: str,
    settings: Settings,
    *,
    headers: dict[str, str] | None = None,
    max_bytes: int,
) -> FetchResult:
    """GET `url` within every bound of `settings`; never raises, failures are tagged on the result."""
    result = FetchResult(url=url)
    started = time.monotonic()
    try:
        async with asyncio.timeout(settings.total_timeout):
            await _follow(client, result, settings, headers or {}, max_bytes)
    except TimeoutError:
        _fail(result, "timeout", f"no complete answer within {settings.total_timeout:g}s")
    except _Failure as exc:
        _fail(result, exc.tag, str(exc))
    except BlockedAddress as exc:
        _fail(result, "blocked_address", str(exc))
    except ResolveError as exc:
        _fail(result, "dns_error", str(exc))
    except httpx.TimeoutException as exc:
        _fail(result, "timeout", f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
    except httpx.ConnectError as exc:
        _fail(result, "connect_error", f"cannot connect to {result.final_url or url}: {exc}")
    except httpx.DecodingError as exc:
        _fail(result, "decoding_error", str(exc))
    except (httpx.RemoteProtocolError, httpx.LocalProtocolError) as exc:
        _fail(result, "protocol_error", str(exc))
    except httpx.HTTPError as exc:
        _fail(result, "http_error", f"{type(exc).__name__}: {exc}")
    result.elapsed_ms = (time.monotonic() - started) * 1000
    return result


def _fail(result: FetchResult, tag: str, detail: str) -> None:
    result.error, result.detail, result.body = tag, detail, None


async def _follow(
    client: httpx.AsyncClient,
    result: FetchResult,
    settings: Settings,
    headers: dict[str, str],
    max_bytes: int,
) -> None:
    current = result.url
    while True:
        result.final_url = current
        response_url = await _one_hop(client, result, current, settings, headers, max_bytes)
        if response_url is None:
            return
        if result.redirects >= settings.max_redirects:
            limit = settings.max_redirects
            raise _Failure("too_many_redirects", f"more than {limit} redirects from {result.url}")
        result.redirects += 1
        current = response_url


async def _one_hop(
    client: httpx.AsyncClient,
    result: FetchResult,
    url: str,
    settings: Settings,
    headers: dict[str, str],
    max_bytes: int,
) -> str | None:
    """One request; returns the next URL when the answer is a redirect, else None (result filled)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise _Failure("bad_scheme", f"refusing non-http(s) URL {url!r}")
    if not parts.hostname:
        raise _Failure("bad_url", f"URL without a host: {url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = await resolve_checked(parts.hostname, port, settings)
    response = await _send(client, parts, addresses, headers)
    try:
        result.status_code = response.status_code
        result.headers = {k.lower(): v for k, v in response.headers.items()}
        location = response.headers.get("location")
        if response.status_code in REDIRECTS and location:
            return urljoin(url, str(location).strip())
        if 200 <= response.status_code < 300:
            result.body = await _read_capped(response, max_bytes, url)
        elif response.status_code != 304:
            status = response.status_code
            result.error, result.detail = f"http_{status}", f"HTTP {status} from {url}"
        return None
    finally:
        await response.aclose()


async def _send(
    client: httpx.AsyncClient, parts: SplitResult, addresses: list[str], headers: dict[str, str]
) -> httpx.Response:
    """Send the GET to the first checked address that accepts a connection."""
    targets = [_pin(parts, a) for a in addresses] if parts.scheme == "http" else [_pin(parts, "")]
    host_header = parts.netloc.rsplit("@", 1)[-1]
    for index, target in enumerate(targets):
        request = client.build_request("GET", target, headers={**headers, "Host": host_header})
        try:
            return await client.send(request, stream=True)
        except httpx.ConnectError:
            if index == len(targets) - 1:
                raise
    raise _Failure("dns_error", f"no address for {parts.hostname!r}")


def _pin(parts: SplitResult, address: str) -> str:
    """The URL to connect to: plain http goes to the checked address (a second DNS answer cannot
    swap in a private one); https keeps the name, since TLS already fails on a rebound address that
    cannot show a certificate for it, and pooled TLS connections must not be shared across names."""
    if parts.scheme != "http":
        return urlunsplit(parts._replace(fragment=""))
    host_part = f"[{address}]" if ":" in address else address
    netloc = host_part + (f":{parts.port}" if parts.port else "")
    return urlunsplit(("http", netloc, parts.path or "/", parts.query, ""))


async def _read_capped(response: httpx.Response, max_bytes: int, url: str) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise _Failure("too_large", f"{url} declares {declared} bytes (limit {max_bytes})")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise _Failure("too_large", f"{url} sent more than {max_bytes} bytes; aborted")
        chunks.append(chunk)
    return b"".join(chunks)
