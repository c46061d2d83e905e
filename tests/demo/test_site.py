"""The bundled demo site, over real HTTP on loopback: feeds, pages, chrome, deliberate failures, labels."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import urllib.robotparser
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import httpx
import pytest
from bs4 import BeautifulSoup

from extractors.scoring_labels import check_finding
from flows.demo import FEEDS, SITE_DIR, DemoSite, demo_site, expected, render_feed
from flows.ingest import load_feeds
from tests.helpers.ingest_site import write_feeds_toml

MISSING = "/world/2023/05/03/story-withdrawn-pending-review.html"
ROBOTS_BLOCKED = "/members/2023/06/02/analysis-sanctions-evasion-routes.html"
FRENCH = "/world/2023/12/18/ue-douzieme-paquet-sanctions-russie.html"
ORIGINAL = "/world/2023/10/13/north-korea-munitions-containers-russia.html"
SYNDICATED = "/harbourpost/2023/10/14/pyongyang-shipped-munitions-to-moscow.html"
LABEL_EXTRAS = ("source", "optional", "programme", "regime")


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSite]:
    with demo_site() as site:
        yield site


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as c:
        yield c


def _feed_url(demo: DemoSite, path: str) -> str:
    return next(f.url for f in demo.feeds if urlsplit(f.url).path == path)


def _entries(demo: DemoSite, client: httpx.Client) -> list[tuple[str, str]]:
    """(feed name, item link) for every item that has a link, across all feeds."""
    out = []
    for feed in demo.feeds:
        parsed = feedparser.parse(client.get(feed.url).content)
        out += [(feed.name, e.link) for e in parsed.entries if e.get("link")]
    return out


def _pages() -> list[Path]:
    return sorted((SITE_DIR / "www").rglob("*.html"))


def _path_of(page: Path) -> str:
    return "/" + page.relative_to(SITE_DIR / "www").as_posix()


def test_feed_configs_point_at_the_live_server(demo: DemoSite) -> None:
    assert len(demo.feeds) == len(FEEDS) == 6
    assert {f.kind for f in demo.feeds} == {"news", "official"}
    assert all(f.url.startswith(demo.base + "/") for f in demo.feeds)
    assert demo.base.startswith("http://127.0.0.1:")


def test_feeds_parse_with_base_substituted(demo: DemoSite, client: httpx.Client) -> None:
    counts = {}
    for feed in FEEDS:
        if feed.template is None:
            continue
        response = client.get(demo.url(feed.path))
        assert response.status_code == 200
        assert b"{{BASE}}" not in response.content
        parsed = feedparser.parse(response.content)
        links = [e.link for e in parsed.entries if e.get("link")]
        assert links and all(link.startswith(demo.base + "/") for link in links), feed.name
        counts[feed.template] = (parsed.version, bool(parsed.bozo), len(links))
    assert counts["world.rss"][:2] == ("rss20", False) and counts["world.rss"][2] >= 20
    assert counts["notices.atom"][:2] == ("atom10", False)
    assert counts["harbour.rss"][:2] == ("rss20", False)
    assert counts["regional.rss"][1] is True and counts["regional.rss"][2] >= 4  # malformed, still yields


def test_failing_feeds_yield_nothing(demo: DemoSite, client: httpx.Client) -> None:
    assert client.get(_feed_url(demo, "/feeds/wire.xml")).status_code == 500
    response = client.get(_feed_url(demo, "/feeds/markets.xml"))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo and not parsed.entries


def test_feeds_answer_conditional_get(demo: DemoSite, client: httpx.Client) -> None:
    url = _feed_url(demo, "/feeds/notices.atom")
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert first.headers["Last-Modified"]


def test_every_item_link_resolves_except_the_deliberate_ones(demo: DemoSite, client: httpx.Client) -> None:
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(client.get(demo.url("/robots.txt")).text.splitlines())
    statuses = {}
    for _, link in _entries(demo, client):
        path = urlsplit(link).path
        statuses[path] = client.get(link).status_code
        assert robots.can_fetch("sanctions-monitor", link) == (path != ROBOTS_BLOCKED), link
    assert statuses.pop(MISSING) == 404
    assert ROBOTS_BLOCKED in statuses and FRENCH in statuses and SYNDICATED in statuses
    assert set(statuses.values()) == {200}
    assert len(statuses) >= 25


def test_tracking_parameters_and_an_article_in_two_feeds(demo: DemoSite, client: httpx.Client) -> None:
    entries = _entries(demo, client)
    tracked = [link for _, link in entries if "utm_source" in parse_qs(urlsplit(link).query)]
    assert len(tracked) >= 5
    feeds_by_path: dict[str, set[str]] = {}
    for name, link in entries:
        feeds_by_path.setdefault(urlsplit(link).path, set()).add(name)
    shared = {p for p, names in feeds_by_path.items() if len(names) > 1}
    assert "/notices/2023/02/25/eu-tenth-sanctions-package.html" in shared


def test_pages_carry_chrome_metadata_and_their_text(demo: DemoSite, client: httpx.Client) -> None:
    sources = {_source_meta(p)["path"]: p for p in (SITE_DIR / "articles").glob("*.txt")}
    for page in _pages():
        path = _path_of(page)
        html = client.get(demo.url(path)).text
        soup = BeautifulSoup(html, "lxml")
        assert soup.find("nav") and soup.find("footer"), path
        assert re.search(r"cookie", html, re.I) and re.search(r"breadcrumb|crumbs", html, re.I), path
        assert re.search(r"[Ss]hare", html) and re.search(r"comment|discussion", html, re.I), path
        assert soup.find("link", rel="canonical")["href"] == path
        assert soup.find("meta", attrs={"name": "description"})["content"]
        assert soup.title and soup.title.string
        published = soup.find("meta", property="article:published_time")["content"]
        assert published[:4] in {"2022", "2023", "2024"}, path
        ld = json.loads(soup.find("script", type="application/ld+json").string)
        assert ld["@type"] == "NewsArticle" and ld["datePublished"] == published and ld["author"]["name"]
        first_paragraph = _source_body(sources[path]).split("\n\n")[0]
        assert " ".join(first_paragraph.split()) in " ".join(soup.get_text(" ").split()), path


def test_articles_are_long_enough_and_dated(demo: DemoSite) -> None:
    english = [p for p in _pages() if _path_of(p) not in {FRENCH, ROBOTS_BLOCKED}]
    assert 22 <= len(english) <= 30
    for page in english:
        words = len(_source_body(_source_for(_path_of(page))).split())
        assert 250 <= words <= 700, (page, words)
    assert 'lang="fr"' in (SITE_DIR / "www" / FRENCH.lstrip("/")).read_text(encoding="utf-8")


def test_syndicated_copy_differs_only_in_headline_and_lede() -> None:
    original = _source_body(_source_for(ORIGINAL)).split("\n\n")
    copy = _source_body(_source_for(SYNDICATED)).split("\n\n")
    assert original[0] != copy[0] and original[1:] == copy[1:]
    assert _source_meta(_source_for(ORIGINAL))["title"] != _source_meta(_source_for(SYNDICATED))["title"]


def test_expected_labels_cover_every_article_in_the_scoring_vocabulary() -> None:
    rows = expected()
    paths = [r["path"] for r in rows]
    assert len(paths) == len(set(paths))
    assert set(paths) == {_path_of(p) for p in _pages()} | {MISSING}
    kinds = set()
    for number, row in enumerate(rows, start=1):
        for finding in row["findings"]:
            check_finding({k: v for k, v in finding.items() if k not in LABEL_EXTRAS}, f"row {number}")
            kinds.add(finding["type"])
    assert kinds == {"arms_transfer", "sanction", "un_violation"}
    stances = {f.get("stance") or f.get("action") for r in rows for f in r["findings"]}
    assert {"asserted", "denied", "planned", "imposed", "lifted"} <= stances
    assert sum(1 for r in rows if "negative" in r) >= 6


def test_write_feeds_toml_round_trips(demo: DemoSite, tmp_path: Path) -> None:
    path = write_feeds_toml(demo.feeds, tmp_path / "demo_feeds.toml")
    assert load_feeds(path) == demo.feeds


def test_rendered_site_is_up_to_date(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("demo_site_build", SITE_DIR / "build.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build  # dataclasses look their module up while the class is created
    spec.loader.exec_module(build)
    build.build(tmp_path / "www", tmp_path / "feeds")
    for sub in ("www", "feeds"):
        fresh = {p.relative_to(tmp_path / sub): p.read_bytes() for p in (tmp_path / sub).rglob("*.*")}
        committed = {
            p.relative_to(SITE_DIR / sub): p.read_bytes()
            for p in (SITE_DIR / sub).rglob("*.*") if p.name != "robots.txt"
        }
        assert fresh == committed, f"{sub}/ is stale: run .venv/bin/python flows/demo_site/build.py"


def test_render_feed_substitutes_any_base() -> None:
    body = render_feed("world.rss", "http://example.test:8080/").decode("utf-8")
    assert "{{BASE}}" not in body and "http://example.test:8080/world/" in body


def test_no_long_runs_shared_with_the_corpus_or_seeds(corpus: Path) -> None:
    """Our sentences are our own: no run of 12 words in common with the corpus texts or the seeds."""
    ours: dict[str, str] = {}
    for source in (SITE_DIR / "articles").glob("*.txt"):
        for shingle in _shingles(_source_body(source), 12):
            ours[shingle] = source.name
    theirs = [*corpus.glob("text/**/*.txt"), *(corpus.parent / "seeds").glob("*.txt")]
    assert theirs
    for path in theirs:
        common = _shingles(path.read_text(encoding="utf-8", errors="ignore"), 12) & ours.keys()
        assert not common, f"{path} shares {sorted(common)[:1]} with {ours[min(common)]}"


def _shingles(text: str, n: int) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def _source_meta(source: Path) -> dict[str, str]:
    head = source.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in head.splitlines())}


def _source_body(source: Path) -> str:
    return source.read_text(encoding="utf-8").split("\n---\n", 1)[1].strip()


def _source_for(path: str) -> Path:
    return next(p for p in (SITE_DIR / "articles").glob("*.txt") if _source_meta(p)["path"] == path)
