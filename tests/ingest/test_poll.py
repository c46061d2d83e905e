"""flows.poll over real loopback HTTP: conditional GET, redirects, broken feeds recorded, others polled."""

from __future__ import annotations

import threading

from flows.demo import LoopbackSite, Route
from flows.ingest import FeedConfig
from flows.ingest.poll import poll_feeds
from flows.warehouse import FeedState
from tests.helpers.ingest_site import FAST

RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}


def rss(*links: str) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{link}</link></item>" for i, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()
    )


def feed(site: LoopbackSite, name: str, path: str) -> FeedConfig:
    return FeedConfig(name=name, url=site.url(path), kind="news")


def test_etag_304_fetches_and_parses_nothing() -> None:
    route = Route(body=rss("/a/1", "/a/2"), headers={**RSS_TYPE, "ETag": '"v1"'})
    with LoopbackSite(routes={"/feed.xml": route}) as site:
        cfg = feed(site, "f", "/feed.xml")
        first = poll_feeds([cfg], FAST)[0]
        assert first.attempt.outcome == "ok" and first.etag == '"v1"' and first.attempt.items == 2
        second = poll_feeds([cfg], FAST, {"f": FeedState(etag=first.etag)})[0]
    assert second.attempt.outcome == "not_modified"
    assert second.attempt.status_code == 304 and second.parsed is None and second.attempt.items == 0
    assert second.etag == '"v1"'  # the validator is kept for the next poll


def test_if_modified_since_sent_and_honoured() -> None:
    stamp = "Tue, 14 May 2024 10:00:00 GMT"

    def handler(path: str, headers: dict[str, str]) -> Route:
        if headers.get("If-Modified-Since") == stamp:
            return Route(status=304)
        return Route(body=rss("/x"), headers={**RSS_TYPE, "Last-Modified": stamp})

    with LoopbackSite(routes={"/lm.xml": handler}) as site:
        cfg = feed(site, "lm", "/lm.xml")
        first = poll_feeds([cfg], FAST)[0]
        second = poll_feeds([cfg], FAST, {"lm": FeedState(last_modified=first.last_modified)})[0]
    assert first.last_modified == stamp and first.attempt.outcome == "ok"
    assert second.attempt.outcome == "not_modified"


def test_broken_feeds_recorded_and_the_others_polled() -> None:
    routes = {
        "/good.xml": Route(
            body=rss("/s/1?utm_source=rss", "/s/1#c", "https://other.example/s/2"), headers=RSS_TYPE
        ),
        "/moved.xml": Route(status=301, headers={"Location": "/sub/feed.xml"}),
        "/sub/feed.xml": Route(body=rss("story-3"), headers=RSS_TYPE),
        "/500.xml": Route(status=500, body=b"down"),
        "/stall.xml": Route(stall=True),
        "/page.html": Route(
            body=b"<html><body><p>just a page</p></body></html>", headers={"Content-Type": "text/html"}
        ),
        "/broken.xml": Route(
            body=rss("/b/1", "/b/2").replace(b"</channel></rss>", b"<item><title>cut"), headers=RSS_TYPE
        ),
    }
    names = ["good", "moved", "missing", "500", "stall", "page", "broken"]
    paths = ["/good.xml", "/moved.xml", "/missing.xml", "/500.xml", "/stall.xml", "/page.html", "/broken.xml"]
    with LoopbackSite(routes=routes) as site:
        results = poll_feeds([feed(site, n, p) for n, p in zip(names, paths, strict=True)], FAST)
        by = {r.feed.name: r for r in results}
        base = site.base
    assert [r.feed.name for r in results] == names
    good = by["good"]
    assert good.parsed is not None
    assert [i.url for i in good.parsed.items] == [base + "/s/1", "https://other.example/s/2"]
    moved = by["moved"]
    assert moved.attempt.outcome == "ok" and moved.attempt.final_url == base + "/sub/feed.xml"
    assert moved.parsed is not None and moved.parsed.items[0].url == base + "/sub/story-3"
    for name, tag in [
        ("missing", "http_404"),
        ("500", "http_500"),
        ("stall", "timeout"),
        ("page", "not_a_feed"),
    ]:
        assert by[name].attempt.outcome == "failed", name
        assert by[name].attempt.error == tag, (name, by[name].attempt.error)
        assert by[name].parsed is None and by[name].attempt.detail
    broken = by["broken"]
    assert broken.attempt.outcome == "malformed" and broken.attempt.items == 2
    assert broken.parsed is not None and broken.parsed.malformed


def test_polls_overlap_so_a_slow_feed_does_not_serialise_the_rest() -> None:
    # /first answers only once /second has been requested. Polled one after the other, /first would
    # wait past the read timeout and fail; polled concurrently, both succeed.
    second_seen = threading.Event()

    def first(path: str, headers: dict[str, str]) -> Route:
        if second_seen.wait(timeout=2.0):
            return Route(body=rss("/one"), headers=RSS_TYPE)
        return Route(status=500)

    def second(path: str, headers: dict[str, str]) -> Route:
        second_seen.set()
        return Route(body=rss("/two"), headers=RSS_TYPE)

    with LoopbackSite(routes={"/first": first, "/second": second}) as site:
        results = poll_feeds(
            [feed(site, "first", "/first"), feed(site, "second", "/second")],
            FAST.replace(read_timeout=1.0, concurrency=2),
        )
    assert [r.attempt.outcome for r in results] == ["ok", "ok"]


def test_unresolvable_feed_host_fails_fast_and_others_still_polled() -> None:
    with LoopbackSite(routes={"/ok.xml": Route(body=rss("/a"), headers=RSS_TYPE)}) as site:
        offline = FeedConfig(name="offline", url="https://feeds.no-such-host.invalid/rss.xml", kind="news")
        results = poll_feeds([offline, feed(site, "ok", "/ok.xml")], FAST)
    assert results[0].attempt.outcome == "failed" and results[0].attempt.error == "dns_error"
    assert "no-such-host.invalid" in (results[0].attempt.detail or "")
    assert results[1].attempt.outcome == "ok"
