"""A real webhook receiver on loopback for alert tests: records every POST, can fail the first N."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class WebhookReceiver:
    """`with WebhookReceiver(fail_first=1) as hook: hook.url` — json:// URL for Apprise. `on_post`, if
    given, is called with each parsed payload while the sender waits for the answer."""

    def __init__(self, fail_first: int = 0, on_post: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.fail_first = fail_first
        self.on_post = on_post
        self.received: list[dict[str, Any]] = []  # accepted payloads
        self.attempts = 0
        lock = threading.Lock()
        receiver = self

        class _Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.on_post is not None:
                    receiver.on_post(json.loads(body))
                with lock:
                    receiver.attempts += 1
                    failing = receiver.attempts <= receiver.fail_first
                    if not failing:
                        payload = json.loads(body)
                        payload["_header_alert_id"] = self.headers.get("X-Alert-Id")
                        receiver.received.append(payload)
                self.send_response(500 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self._server.server_address[1]}/hook"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/hook"

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
