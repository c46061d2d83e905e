"""flows.fetch over real loopback HTTP: retries only where they help, robots, type and size checks."""

from __future__ import annotations

import threading
from collections import Counter

from extractors.records import FeedItem
from flows.demo import Handler, LoopbackSite, Route
from flows.ingest.fetch import fetch_pages, interleave_by_host
from flows.net import FetchAttempt, HostRules
from tests.helpers.ingest_site import FAST as LOOPBACK

FAST = LOOPBACK.replace(retries=2, backoff=0.01)
HTML = {"Content-Type": "text/html; charset=iso-8859-1"}
PAGE = b"<html><head><title>t</title></head><body><article><p>Body text \xe9</p></article></body></html>"


def items(site: LoopbackSite, *paths: str) -> list[FeedItem]:
    return [FeedItem(feed_name="test", url=site.url(p)) for p in paths]


def flaky(*statuses: int, retry_after: str | None = None) -> tuple[Counter[str], Handler]:
    """A handler answering the given statuses in turn, then 200 with PAGE; counts its calls."""
    calls: Counter[str] = Counter()
    lock = threading.Lock()

    def handler(path: str, headers: dict[str, str]) -> Route:
        with lock:
            n = calls[path]
            calls[path] += 1
        if n < len(statuses):
            extra = {"Retry-After": retry_after} if retry_after else {}
            return Route(status=statuses[n], body=b"busy", headers=extra)
        return Route(body=PAGE, headers=HTML)

    return calls, handler


def test_retry_on_500_then_success_and_raw_body_untouched() -> None:
    calls, handler = flaky(500, 503)
    with LoopbackSite(routes={"/p": handler}) as site:
        [page] = fetch_pages(items(site, "/p"), FAST)
    assert calls["/p"] == 3
    assert page.attempt.outcome == "ok" and page.attempt.status_code == 200
    assert page.body == PAGE and page.encoding == "iso-8859-1"
    assert page.content_type == HTML["Content-Type"]


def test_429_retry_after_honoured() -> None:
    calls, handler = flaky(429, retry_after="0")
    with LoopbackSite(routes={"/p": handler}) as site:
        [page] = fetch_pages(items(site, "/p"), FAST)
    assert calls["/p"] == 2 and page.attempt.outcome == "ok"


def test_retry_after_beyond_bound_is_not_waited_for() -> None:
    calls, handler = flaky(429, 429, retry_after="3600")
    with LoopbackSite(routes={"/p": handler}) as site:
        [page] = fetch_pages(items(site, "/p"), FAST)
    assert calls["/p"] == 1 and page.attempt.error == "http_429"


def test_failures_recorded_per_page_and_the_others_fetched() -> None:
    calls, always_500 = flaky(500, 500, 500, 500)
    routes: dict[str, Route | Handler] = {
        "/ok": Route(body=PAGE, headers=HTML),
        "/500": always_500,
        "/stall": Route(stall=True),
        "/pdf": Route(body=b"%PDF-1.7\x00\x01binary", headers={"Content-Type": "application/pdf"}),
        "/untyped": Route(body=b"\x89PNG\r\n\x1a\n\x00\x00"),
        "/big": Route(body=b"<html>" + b"x" * 20_000, headers=HTML),
        "/text": Route(body=b"plain words", headers={"Content-Type": "text/plain"}),
    }
    paths = ["/ok", "/404", "/500", "/stall", "/pdf", "/untyped", "/big", "/text"]
    progress: list[tuple[int, int]] = []
    settings = FAST.replace(retries=1, max_page_bytes=10_000)
    with LoopbackSite(routes=routes) as site:
        pages = fetch_pages(items(site, *paths), settings, on_progress=lambda d, t: progress.append((d, t)))
        hits = dict(site.hits)
    by = {p.item.url.rsplit("/", 1)[1]: p for p in pages}
    assert [p.item.url for p in pages] == [site.url(p) for p in paths]
    assert by["ok"].attempt.outcome == "ok" and by["ok"].body == PAGE
    assert by["text"].attempt.outcome == "ok"
    expected = {
        "404": "http_404",
        "500": "http_500",
        "stall": "timeout",
        "pdf": "bad_content_type",
        "untyped": "bad_content_type",
        "big": "too_large",
    }
    for name, tag in expected.items():
        assert by[name].attempt.outcome == "failed", name
        assert by[name].attempt.error == tag, (name, by[name].attempt.error)
        assert by[name].body is None
    assert hits["/404"] == 1  # 4xx is final: never retried
    assert calls["/500"] == 2 and hits["/stall"] == 2  # one retry each
    assert "after 2 tries" in (by["500"].attempt.detail or "")
    assert sorted(progress) == [(i, len(paths)) for i in range(1, len(paths) + 1)]


def test_robots_disallow_skips_without_fetching() -> None:
    robots = b"User-agent: *\nDisallow: /nobody/\n\nUser-agent: sanctions-monitor\nDisallow: /private/\n"
    routes = {
        "/robots.txt": Route(body=robots, headers={"Content-Type": "text/plain"}),
        "/private/a": Route(body=PAGE, headers=HTML),
        "/public/b": Route(body=PAGE, headers=HTML),
        "/nobody/c": Route(body=PAGE, headers=HTML),
    }
    log: list[FetchAttempt] = []
    with LoopbackSite(routes=routes) as site:
        pages = fetch_pages(items(site, "/private/a", "/public/b", "/nobody/c"), FAST, robots_log=log)
        hits = dict(site.hits)
    assert [p.attempt.outcome for p in pages] == ["skipped", "ok", "ok"]
    assert pages[0].attempt.error == "robots" and "disallows" in (pages[0].attempt.detail or "")
    assert "/private/a" not in hits and hits["/robots.txt"] == 1  # cached for the run
    assert [a.resource for a in log] == ["robots"] and log[0].status_code == 200


def test_robots_5xx_disallows_host_and_4xx_allows_all() -> None:
    with LoopbackSite(
        routes={"/robots.txt": Route(status=503), "/a": Route(body=PAGE, headers=HTML)}
    ) as down:
        [refused] = fetch_pages(items(down, "/a"), FAST)
        assert "/a" not in down.hits
    assert refused.attempt.outcome == "skipped" and refused.attempt.error == "robots"
    with LoopbackSite(routes={"/a": Route(body=PAGE, headers=HTML)}) as no_rules:  # /robots.txt -> 404
        [fetched] = fetch_pages(items(no_rules, "/a"), FAST)
    assert fetched.attempt.outcome == "ok"


def test_robots_can_be_switched_off() -> None:
    routes = {
        "/robots.txt": Route(body=b"User-agent: *\nDisallow: /\n"),
        "/a": Route(body=PAGE, headers=HTML),
    }
    with LoopbackSite(routes=routes) as site:
        [page] = fetch_pages(items(site, "/a"), FAST.replace(respect_robots=False))
        assert "/robots.txt" not in site.hits
    assert page.attempt.outcome == "ok"


def test_per_host_bound_is_reached_and_never_exceeded() -> None:
    # Each request is held open until a third one arrives at once (which must never happen with
    # per_host=2) or 0.3 s pass; the peak number of requests in flight is recorded.
    lock, third = threading.Lock(), threading.Event()
    state = {"now": 0, "peak": 0}

    def held(path: str, headers: dict[str, str]) -> Route:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
            if state["now"] > 2:
                third.set()
        third.wait(timeout=0.3)
        with lock:
            state["now"] -= 1
        return Route(body=PAGE, headers=HTML)

    routes: dict[str, Route | Handler] = {f"/p{i}": held for i in range(6)}
    with LoopbackSite(routes=routes) as site:
        pages = fetch_pages(
            items(site, *routes), FAST.replace(per_host=2, concurrency=8, respect_robots=False)
        )
    assert all(p.attempt.outcome == "ok" for p in pages)
    assert state["peak"] == 2 and not third.is_set()


def test_robots_memo_shared_across_calls_fetches_robots_once_per_run() -> None:
    routes: dict[str, Route | Handler] = {
        "/robots.txt": Route(body=b"User-agent: *\nDisallow: /x/\n"),
        "/a": Route(body=PAGE, headers=HTML),
        "/b": Route(body=PAGE, headers=HTML),
    }
    memo: dict[str, HostRules] = {}
    with LoopbackSite(routes=routes) as site:
        first = fetch_pages(items(site, "/a"), FAST, robots_memo=memo)
        second = fetch_pages(items(site, "/b", "/x/c"), FAST, robots_memo=memo)
        assert site.hits["/robots.txt"] == 1
    assert [p.attempt.outcome for p in first + second] == ["ok", "ok", "skipped"]


def test_a_failing_progress_callback_loses_no_page() -> None:
    def broken(done: int, total: int) -> None:
        raise RuntimeError("display gone")

    with LoopbackSite(
        routes={"/a": Route(body=PAGE, headers=HTML), "/b": Route(body=PAGE, headers=HTML)}
    ) as site:
        pages = fetch_pages(items(site, "/a", "/b"), FAST.replace(respect_robots=False), on_progress=broken)
    assert [p.attempt.outcome for p in pages] == ["ok", "ok"]


def test_interleave_by_host_round_robins_and_keeps_order_within_a_host() -> None:
    a = [FeedItem("f", f"https://a.example/{i}") for i in range(3)]
    b = [FeedItem("f", f"https://b.example/{i}") for i in range(1)]
    c = [FeedItem("f", f"https://c.example/{i}") for i in range(2)]
    mixed = interleave_by_host(a + b + c)
    assert [i.url for i in mixed] == [a[0].url, b[0].url, c[0].url, a[1].url, c[1].url, a[2].url]
    assert interleave_by_host([]) == []
