"""The bundled sample site that `sanctions-monitor demo` serves on loopback.

`with demo_site() as demo:` starts a real HTTP server on 127.0.0.1 that serves the static pages under
`flows/demo/site/www/` and, as scripted routes, the feeds: their templates under `flows/demo/site/feeds/`
say `{{BASE}}` wherever the live base URL belongs, and it is substituted on every request. Two more
feed URLs fail on purpose (a 500 and a 200 that is not a feed). `demo.feeds` lists every feed as a
FeedConfig pointing at the live server, ready for the ingestion flow.

What each article should yield is labelled in `flows/demo/site/expected.jsonl` (see `expected()`).
The site is package data, found through importlib.resources (flows.settings.package_path).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from extractors.errors import MonitorError
from extractors.jsonl import read_objects
from flows.demo.loopback import Handler, LoopbackSite, Route
from flows.ingest.sources import FeedConfig
from flows.settings import package_path

SITE_DIR = package_path("demo", "site")
WWW = SITE_DIR / "www"
FEED_TEMPLATES = SITE_DIR / "feeds"
EXPECTED = SITE_DIR / "expected.jsonl"
BASE_MARK = "{{BASE}}"
RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
LAST_MODIFIED = "Tue, 30 Apr 2024 08:00:00 GMT"


@dataclass(frozen=True)
class DemoFeed:
    """One feed of the demo site: where it is served and what answers there."""

    name: str
    path: str
    kind: str  # news | official
    template: str | None  # file under demo/site/feeds/, None for a deliberately failing URL
    content_type: str = RSS_TYPE
    status: int = 200
    note: str | None = None


GARBAGE = (
    b"<html><head><title>Service unavailable</title></head><body><h1>Our feeds are resting</h1>"
    b"<p>Please try again later.</p>\x00\x01\x02\xff\xfe</body></html>"
)

FEEDS: tuple[DemoFeed, ...] = (
    DemoFeed("Meridian Ledger - World", "/feeds/world.rss", "news", "world.rss",
             note="RSS 2.0; tracking parameters, a robots-disallowed item, a 404 item, a French item"),
    DemoFeed("Sanctions Notices Digest", "/feeds/notices.atom", "official", "notices.atom", ATOM_TYPE,
             note="Atom 1.0 official releases"),
    DemoFeed("Harbour Post - Latest", "/harbourpost/feed.rss", "news", "harbour.rss",
             note="second outlet; carries a syndicated copy of a Ledger story"),
    DemoFeed("Meridian Ledger - Regions", "/feeds/regional.rss", "news", "regional.rss",
             note="malformed XML (bare ampersands, truncated) that still yields items"),
    DemoFeed("Wire service (down)", "/feeds/wire.xml", "news", None, status=500,
             note="answers HTTP 500 on every request"),
    DemoFeed("Markets ticker (not a feed)", "/feeds/markets.xml", "news", None,
             note="answers 200 with an HTML error page and binary junk: yields no items"),
)


@dataclass
class DemoSite:
    """A started demo site: the live server and the feeds that point at it."""

    site: LoopbackSite
    feeds: list[FeedConfig]

    @property
    def base(self) -> str:
        """The live base URL, e.g. http://127.0.0.1:43817."""
        return self.site.base

    def url(self, path: str) -> str:
        """The absolute URL of a path on the demo site."""
        return self.site.url(path)


def render_feed(template: str, base: str) -> bytes:
    """A feed template with every `{{BASE}}` replaced by the live base URL, as UTF-8 bytes."""
    text = (FEED_TEMPLATES / template).read_text(encoding="utf-8")
    return text.replace(BASE_MARK, base.rstrip("/")).encode("utf-8")


def _feed_route(feed: DemoFeed, site: LoopbackSite) -> Route:
    """The answer for one feed URL: the rendered template with validators, or the deliberate failure."""
    if feed.template is None and feed.status != 200:
        return Route(status=feed.status, body=b"upstream error", headers={"Content-Type": "text/plain"})
    if feed.template is None:
        return Route(body=GARBAGE, headers={"Content-Type": RSS_TYPE})
    body = render_feed(feed.template, site.base)
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    headers = {"Content-Type": feed.content_type, "ETag": etag, "Last-Modified": LAST_MODIFIED}
    return Route(body=body, headers=headers)


def _handler(feed: DemoFeed, site: LoopbackSite) -> Handler:
    """A route handler bound to one feed (rendered per request so the base is always the live one)."""

    def handle(path: str, headers: dict[str, str]) -> Route:
        return _feed_route(feed, site)

    return handle


def feed_configs(base: str) -> list[FeedConfig]:
    """The demo feeds as FeedConfig rows whose URLs point at `base`."""
    root = base.rstrip("/")
    return [
        FeedConfig(name=f.name, url=root + f.path, kind=f.kind, language="en", confirmed=True, note=f.note)
        for f in FEEDS
    ]


@contextmanager
def demo_site() -> Iterator[DemoSite]:
    """Serve the demo site on 127.0.0.1 for the duration of the block; stops the server afterwards."""
    if not WWW.is_dir() or not FEED_TEMPLATES.is_dir():
        raise MonitorError(f"demo site files not found under {SITE_DIR} (broken installation?)")
    site = LoopbackSite(root=WWW)
    for feed in FEEDS:
        site.routes[feed.path] = _handler(feed, site)
    with site:
        yield DemoSite(site=site, feeds=feed_configs(site.base))


def expected() -> list[dict[str, Any]]:
    """The labelled expectations, one dict per article path (see flows/demo/site/README.md)."""
    rows: list[dict[str, Any]] = []
    for number, row in read_objects(EXPECTED):
        if "path" not in row or not isinstance(row.get("findings"), list):
            raise MonitorError(f"{EXPECTED}:{number}: expected an object with 'path' and a 'findings' list")
        rows.append(row)
    return rows
