"""A generated news site for the ingest benchmark: several outlets (one loopback server each), each
with a robots.txt, an RSS feed and article pages of ~5-20 KB with page chrome (navigation, cookie
banner, related links, comments, footer). All text is generated here from small word lists with a
seeded RNG, so every run serves the same bytes.
"""

from __future__ import annotations

import html
import random
import time
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from flows.demo import Handler, LoopbackSite, Route
from flows.ingest import FeedConfig

WORDS = tomllib.loads((Path(__file__).with_name("bench_words.toml")).read_text(encoding="utf-8"))
PLACES, STATES, ACTORS, ITEMS = WORDS["places"], WORDS["states"], WORDS["actors"], WORDS["items"]
DULL, TOPICAL, FILLER = WORDS["dull"], WORDS["topical"], WORDS["filler"]
FIRST, LAST, ROLES, NOUNS = WORDS["first"], WORDS["last"], WORDS["roles"], WORDS["nouns"]
VERBS, MONTHS = WORDS["verbs"], WORDS["months"]


def _detail(rng: random.Random) -> str:
    """A sentence full of specifics, so generated articles differ as real ones do."""
    who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return (
        f"{who}, a {rng.choice(ROLES)} in {rng.choice(PLACES)}, said {rng.randint(2, 9000)} "
        f"{rng.choice(NOUNS)} had {rng.choice(VERBS)} since {rng.choice(MONTHS)}, while "
        f"{rng.randint(2, 400)} {rng.choice(NOUNS)} were {rng.choice(VERBS)} by {rng.randint(3, 95)} percent."
    )


@dataclass
class Outlet:
    """One generated outlet: its routes and the feed that lists its pages."""

    name: str
    routes: dict[str, Route] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)


def _sentence(rng: random.Random, topical: bool) -> str:
    if topical:
        text: str = rng.choice(TOPICAL).format(
            actor=rng.choice(ACTORS),
            state=rng.choice(STATES),
            item=rng.choice(ITEMS),
            place=rng.choice(PLACES),
        )
    else:
        text = f"In {rng.choice(PLACES)}, {rng.choice(DULL)}"
    return text[0].upper() + text[1:] + "."


def _paragraphs(rng: random.Random, topical: bool) -> list[str]:
    count = rng.randint(6, 40)
    paras = []
    for _ in range(count):
        parts = [_sentence(rng, topical and rng.random() < 0.4) for _ in range(rng.randint(1, 3))]
        parts.extend(_detail(rng) for _ in range(rng.randint(1, 2)))
        parts.append(rng.choice(FILLER))
        rng.shuffle(parts)
        paras.append(" ".join(parts))
    return paras


def _chrome(outlet: str, title: str, body: str, related: list[str], rng: random.Random) -> str:
    nav = "".join(
        f'<li><a href="/section/{s}">{s.title()}</a></li>'
        for s in ("world", "politics", "business", "science", "sport", "culture", "opinion")
    )
    links = "".join(f'<li><a href="{p}">Related story {i + 1}</a></li>' for i, p in enumerate(related))
    comments = "".join(
        f'<div class="comment"><b>reader{rng.randint(1, 999)}</b><p>{rng.choice(FILLER)}</p></div>'
        for _ in range(rng.randint(1, 6))
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>'
        f'<meta name="author" content="Staff reporter"><link rel="stylesheet" href="/s.css"></head><body>'
        f'<div id="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>'
        f'<header><a class="logo" href="/">{outlet}</a><nav><ul>{nav}</ul></nav></header>'
        f'<main><article><h1>{title}</h1><p class="byline">By Staff reporter</p>{body}</article>'
        f'<aside><h2>Related</h2><ul>{links}</ul></aside><section id="comments"><h2>Comments</h2>{comments}'
        f'</section></main><footer><p>&copy; {outlet}. All rights reserved.</p><a href="/privacy">Privacy</a>'
        f"</footer></body></html>"
    )


def build_outlet(index: int, pages: int, seed: int = 7) -> Outlet:
    """Routes for one outlet: robots.txt, /feed.xml and `pages` article pages."""
    rng = random.Random(seed * 1000 + index)
    outlet = Outlet(name=f"Bench Outlet {index}")
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for n in range(pages):
        topical = rng.random() < 0.3
        path = f"/news/2026/story-{index}-{n}.html"
        title = _sentence(rng, topical).rstrip(".")[:90]
        body = "".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs(rng, topical))
        related = [f"/news/2026/story-{index}-{rng.randrange(pages)}.html" for _ in range(6)]
        page = _chrome(outlet.name, html.escape(title), body, related, rng)
        outlet.routes[path] = Route(
            body=page.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"}
        )
        outlet.paths.append(path)
    outlet.routes["/robots.txt"] = Route(
        body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}
    )
    outlet.routes["/feed.xml"] = Route(
        body=_feed(outlet, start, rng),
        headers={"Content-Type": "application/rss+xml; charset=utf-8", "ETag": f'"bench-{seed}-{index}"'},
    )
    return outlet


def _feed(outlet: Outlet, start: datetime, rng: random.Random) -> bytes:
    items = []
    for n, path in enumerate(outlet.paths):
        when = format_datetime(start + timedelta(minutes=17 * n))
        items.append(
            f"<item><title>Story {n}</title><link>{path}?utm_source=rss</link>"
            f'<guid isPermaLink="false">{outlet.name}-{n}</guid><pubDate>{when}</pubDate>'
            f"<description>{html.escape(rng.choice(FILLER))}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{outlet.name}</title>'
        f"<link>/</link>{''.join(items)}</channel></rss>"
    ).encode()


def _slow(route: Route, latency: float) -> Handler:
    """Answer `route` after `latency` seconds: the time a distant server takes (RTT + think time)."""

    def handler(path: str, headers: dict[str, str]) -> Route:
        time.sleep(latency)
        return route

    return handler


def start_sites(
    outlets: int, pages_per_outlet: int, latency: float = 0.0
) -> tuple[list[LoopbackSite], list[FeedConfig], list[str]]:
    """Start one loopback server per outlet; return the servers, their feeds and every page URL.

    With `latency` > 0 every article page is answered after that delay, like a remote server.
    """
    sites: list[LoopbackSite] = []
    feeds: list[FeedConfig] = []
    urls: list[str] = []
    for index in range(outlets):
        outlet = build_outlet(index, pages_per_outlet)
        routes: dict[str, Route | Handler] = {
            p: _slow(r, latency) if latency > 0 and p.startswith("/news/") else r
            for p, r in outlet.routes.items()
        }
        site = LoopbackSite(routes=routes).start()
        sites.append(site)
        feeds.append(FeedConfig(name=f"bench-{index}", url=site.url("/feed.xml"), kind="news"))
        urls.extend(site.url(p) for p in outlet.paths)
    return sites, feeds, urls
