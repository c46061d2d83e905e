"""A small real HTTP server on loopback: serves a directory and/or scripted routes.

Used by `sanctions-monitor demo`, by the tests and by the benchmarks, so every one of them goes
through real sockets and real HTTP. Routes can answer with any status, headers, body, redirect or a
stall (for timeouts); every request is counted per path so tests can assert what was fetched.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

mimetypes.add_type("application/rss+xml", ".rss")
mimetypes.add_type("application/atom+xml", ".atom")


@dataclass
class Route:
    """A scripted answer. `stall` blocks the response until the server stops (client must time out)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stall: bool = False
    conditional: bool = True  # answer 304 to a matching If-None-Match / If-Modified-Since


Handler = Callable[[str, dict[str, str]], Route]


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # bursts of concurrent fetches must not overflow the listen backlog


class LoopbackSite:
    """`with LoopbackSite(root=dir) as site: site.url("/feed.xml")` — a live server on 127.0.0.1."""

    def __init__(self, root: Path | None = None, routes: dict[str, Route | Handler] | None = None) -> None:
        self.root = root
        self.routes: dict[str, Route | Handler] = dict(routes or {})
        self.hits: Counter[str] = Counter()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="loopback-site", daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + (path if path.startswith("/") else "/" + path)

    def start(self) -> LoopbackSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LoopbackSite:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def resolve(self, path: str, headers: dict[str, str]) -> Route:
        """The Route for a request path: scripted routes first, then files under root, else 404."""
        route = self.routes.get(path)
        if callable(route):
            return route(path, headers)
        if route is not None:
            return route
        if self.root is not None:
            return self._file_route(path)
        return Route(status=404, body=b"not found")

    def _file_route(self, path: str) -> Route:
        assert self.root is not None
        rel = path.lstrip("/") or "index.html"
        target = (self.root / rel).resolve()
        if target.is_dir():
            target = target / "index.html"
        if self.root.resolve() not in target.parents or not target.is_file():
            return Route(status=404, body=b"not found")
        body = target.read_bytes()
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith("xml"):
            ctype += "; charset=utf-8"
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        return Route(body=body, headers={"Content-Type": ctype, "ETag": etag})

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out as two writes; with Nagle on, a keep-alive client waits ~40 ms
            # for the delayed ACK on every response, which swamps any timing taken against this server.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:  # noqa: N802 (stdlib name)
                path = self.path.split("?", 1)[0]
                with site._lock:
                    site.hits[self.path] += 1
                route = site.resolve(path, dict(self.headers.items()))
                if route.stall:
                    site._stop.wait(60)
                    return
                status, body = route.status, route.body
                etag = route.headers.get("ETag")
                if route.conditional and etag and self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
                self.send_response(status)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return _Handler
