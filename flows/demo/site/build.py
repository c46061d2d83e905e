"""Render the demo site: article sources (articles/*.txt) -> www/ pages, plus the feed templates.

Run after editing a source: `.venv/bin/python flows/demo/site/build.py`. The output is committed, so
the demo serves plain static files; `tests/demo/test_site.py` checks that it is up to date.

A source is a header of `key: value` lines, a line `---`, then paragraphs separated by blank lines
(`## ` starts a subheading, `> ` a pull quote). Keys: path, site (ledger | harbour | notices),
section, title, description, author, published (ISO 8601), lang, feeds (comma list of feed names),
utm (yes: the feed link carries tracking parameters), missing (yes: listed in a feed, no page),
related (comma list of paths), comments (yes | no).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from jinja2 import Environment, FileSystemLoader, select_autoescape

HERE = Path(__file__).resolve().parent
FEED_NAMES = ("world", "notices", "harbour", "regional")
UTM = "utm_source=rss&utm_medium=feed&utm_campaign=world"


@dataclass
class Article:
    """One article source: header fields and body paragraphs."""

    slug: str
    meta: dict[str, str]
    blocks: list[tuple[str, str]] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.meta["path"]

    @property
    def published(self) -> datetime:
        return datetime.fromisoformat(self.meta["published"])

    def listed(self, feed: str) -> bool:
        return feed in [f.strip() for f in self.meta.get("feeds", "").split(",")]

    def link(self, feed: str) -> str:
        url = "{{BASE}}" + self.path
        if self.meta.get("utm") == "yes" and feed != "notices":
            url += "?" + UTM.replace("world", feed)
        return url


def parse_source(path: Path) -> Article:
    """Read one article source; a missing required key is an error naming the file."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    for key in ("path", "site", "title", "description", "author", "published"):
        if key not in meta:
            raise SystemExit(f"{path.name}: missing header {key!r}")
    article = Article(path.stem, meta)
    for block in (b.strip() for b in body.split("\n\n")):
        if block.startswith("## "):
            article.blocks.append(("h2", block[3:]))
        elif block.startswith("> "):
            article.blocks.append(("quote", block[2:]))
        elif block:
            article.blocks.append(("p", " ".join(block.split())))
    return article


def load_articles() -> list[Article]:
    """Every article source, oldest first."""
    articles = [parse_source(p) for p in sorted((HERE / "articles").glob("*.txt"))]
    return sorted(articles, key=lambda a: a.published)


def related_of(art: Article, by_path: dict[str, Article]) -> list[Article]:
    """The articles a page links to in its sidebar; an unknown path stops the build."""
    paths = [p.strip() for p in art.meta.get("related", "").split(",") if p.strip()]
    unknown = [p for p in paths if p not in by_path]
    if unknown:
        raise SystemExit(f"{art.slug}: related paths not found: {unknown}")
    return [by_path[p] for p in paths]


def render_pages(articles: list[Article], env: Environment, out: Path) -> int:
    """Write one page per article that is not deliberately missing; returns the number written."""
    by_path = {a.path: a for a in articles}
    written = 0
    for art in articles:
        if art.meta.get("missing") == "yes":
            continue
        related = related_of(art, by_path)
        ld = {
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": art.meta["title"],
            "datePublished": art.meta["published"], "dateModified": art.meta["published"],
            "author": {"@type": "Person", "name": art.meta["author"]},
            "publisher": {"@type": "Organization", "name": SITES[art.meta["site"]]},
            "mainEntityOfPage": art.path, "inLanguage": art.meta.get("lang", "en"),
        }
        html = env.get_template(f"{art.meta['site']}.html.j2").render(
            a=art, m=art.meta, related=related, ld=json.dumps(ld, ensure_ascii=False),
            date_human=art.published.strftime("%-d %B %Y"),
        )
        target = out / art.path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        written += 1
    return written


SITES = {"ledger": "The Meridian Ledger", "harbour": "Harbour Post", "notices": "Sanctions Notices Digest"}


def rss(name: str, title: str, home: str, items: list[Article]) -> str:
    """An RSS 2.0 document for the given articles, newest first."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">', "<channel>",
        f"<title>{escape(title)}</title>", f"<link>{{{{BASE}}}}{home}</link>",
        f"<description>{escape(title)} (demo feed)</description>", "<language>en-gb</language>",
    ]
    for art in sorted(items, key=lambda a: a.published, reverse=True):
        out += [
            "<item>", f"<title>{escape(art.meta['title'])}</title>",
            f"<link>{escape(art.link(name))}</link>",
            f'<guid isPermaLink="false">{name}-{art.slug}</guid>',
            f"<pubDate>{format_datetime(art.published)}</pubDate>",
            f"<dc:creator>{escape(art.meta['author'])}</dc:creator>",
            f"<description>{escape(art.meta['description'])}</description>", "</item>",
        ]
    return "\n".join(out + ["</channel>", "</rss>", ""])


def atom(items: list[Article]) -> str:
    """The official notices feed as Atom 1.0."""
    newest = max(a.published for a in items).isoformat()
    out = [
        '<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<title>Sanctions Notices Digest: official releases</title>",
        '<link rel="self" href="{{BASE}}/feeds/notices.atom"/>', '<link href="{{BASE}}/notices/"/>',
        "<id>tag:notices.example,2022:feed</id>", f"<updated>{newest}</updated>",
    ]
    for art in sorted(items, key=lambda a: a.published, reverse=True):
        out += [
            "<entry>", f"<title>{escape(art.meta['title'])}</title>",
            f'<link rel="alternate" href="{escape(art.link("notices"))}"/>',
            f"<id>tag:notices.example,2022:{art.slug}</id>",
            f"<published>{art.meta['published']}</published>", f"<updated>{art.meta['published']}</updated>",
            f"<author><name>{escape(art.meta['author'])}</name></author>",
            f"<summary>{escape(art.meta['description'])}</summary>", "</entry>",
        ]
    return "\n".join(out + ["</feed>", ""])


def break_feed(xml: str) -> str:
    """Make the regional feed malformed the way real feeds are: a bare ampersand, a truncated end."""
    xml = xml.replace("Weather &amp; Regions", "Weather & Regions", 1)
    xml = xml.replace("&amp;", "&", 2)
    return xml[: xml.rindex("</item>") + len("</item>")] + "\n<item><title>Markets close higher\n"


def render_feeds(articles: list[Article], feeds: Path) -> None:
    """Write the four feed templates ({{BASE}} is substituted when served)."""
    feeds.mkdir(parents=True, exist_ok=True)
    pick = {name: [a for a in articles if a.listed(name)] for name in FEED_NAMES}
    world = rss("world", "The Meridian Ledger: World", "/world/", pick["world"])
    (feeds / "world.rss").write_text(world, encoding="utf-8")
    (feeds / "notices.atom").write_text(atom(pick["notices"]), encoding="utf-8")
    harbour = rss("harbour", "Harbour Post: Latest", "/harbourpost/", pick["harbour"])
    (feeds / "harbour.rss").write_text(harbour, encoding="utf-8")
    regional = rss("regional", "Meridian Ledger Weather & Regions", "/regions/", pick["regional"])
    (feeds / "regional.rss").write_text(break_feed(regional), encoding="utf-8")


def build(www: Path, feeds: Path) -> tuple[int, int]:
    """Render every page into `www` and the feed templates into `feeds`; returns (sources, pages)."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["j2"]))
    articles = load_articles()
    pages = render_pages(articles, env, www)
    render_feeds(articles, feeds)
    return len(articles), pages


def main() -> int:
    """Build pages and feeds next to this file; prints a one-line summary."""
    sources, pages = build(HERE / "www", HERE / "feeds")
    print(f"{sources} sources, {pages} pages written under {HERE / 'www'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
