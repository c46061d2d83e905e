"""`sanctions-monitor run` as a real process against a small loopback site, for the signal and kill tests.

`NewsSite(n)` serves one RSS feed of `n` stories (texts written for these tests); with `hold` set, every
page waits for the event before it answers (a slow server: the run is mid-fetch when a test signals
it). `start_run(...)` starts the command in its own session (a process group, as a terminal gives it)
and `begun(site)` polls the site until the run asks for its first page.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from flows.demo import LoopbackSite, Route
from flows.ingest import FeedConfig
from flows.ingest.sources import write_feeds

REPO = Path(__file__).resolve().parent.parent.parent
PARAGRAPHS = [
    "The port authority said on {day} that a cargo ship carrying grain had docked after a delay of {n} days "
    "caused by storms in the strait.",
    "Harbour workers unloaded the cargo overnight and the ship is expected to sail again on {day} evening "
    "with a load of timber for the northern coast.",
    "Local officials said the new quay, finished last spring, had shortened waiting times for ships of "
    "every size by about a third.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def story(i: int) -> bytes:
    """Story `i` as an HTML page (its text differs from every other story's)."""
    day = DAYS[i % 7]
    body = "".join(f"<p>{p.format(day=day, n=i + 2)} Report number {i}.</p>" for p in PARAGRAPHS)
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Port report {i}</title>"
            f"</head><body><article><h1>Port report {i}</h1>{body}</article></body></html>").encode()


class NewsSite:
    """One feed (/feed.xml) of `n` stories at /story/<i>."""

    def __init__(self, n: int, hold: threading.Event | None = None) -> None:
        self.n, self.hold = n, hold
        self.site = LoopbackSite(routes={f"/story/{i}": self._page for i in range(n)}).start()
        items = "".join(f"<item><title>Port report {i}</title><link>{self.site.url(f'/story/{i}')}</link>"
                        f"<guid>{self.site.url(f'/story/{i}')}</guid></item>" for i in range(n))
        self.site.routes["/feed.xml"] = Route(
            body=f"<?xml version='1.0'?><rss version='2.0'><channel><title>Port news</title>{items}"
                 "</channel></rss>".encode(), headers={"Content-Type": "application/rss+xml"})

    def _page(self, path: str, headers: dict[str, str]) -> Route:
        if self.hold is not None:
            self.hold.wait(120)
        html = {"Content-Type": "text/html; charset=utf-8"}
        return Route(body=story(int(path.rsplit("/", 1)[1])), headers=html)

    def pages_asked(self) -> int:
        return sum(self.site.hits[f"/story/{i}"] for i in range(self.n))

    def feeds_file(self, path: Path) -> Path:
        return write_feeds([FeedConfig("port-news", self.site.url("/feed.xml"), "news")], path)

    def stop(self) -> None:
        if self.hold is not None:
            self.hold.set()
        self.site.stop()


def start_run(feeds: Path, db: Path, log: Path, **env: str) -> subprocess.Popen[bytes]:
    """`python -m flows.cli run --feeds F --db D` in its own session, output to `log`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SANCTIONS_MONITOR_", "PREFECT_API"))}
    clean.update(PYTHONPATH=str(REPO), SANCTIONS_MONITOR_ALLOW_LOOPBACK="1",
                 SANCTIONS_MONITOR_ALERTS_FILE=str(db.with_name("alerts.jsonl")), **env)
    with log.open("ab") as out:
        command = [sys.executable, "-m", "flows.cli", "run", "--feeds", str(feeds), "--db", str(db)]
        return subprocess.Popen(command, cwd=db.parent, env=clean, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def until(check: Callable[[], bool], what: str, timeout: float) -> None:
    """Poll `check` every 20 ms until it holds; AssertionError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"not within {timeout:.0f} s: {what}"
        time.sleep(0.02)  # polling a condition with a deadline
