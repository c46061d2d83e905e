"""A small scripted news site for the ingest tests (texts written for these tests).

Two RSS feeds on a LoopbackSite: "wire" (with an ETag, so a second poll gets 304) and "mirror" (a
syndication partner re-publishing one story verbatim and another lightly edited). Pages include a
500, a stalled page (timeout), a French story and a page listed with an old date.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from flows.demo import LoopbackSite, Route
from flows.ingest import FeedConfig
from flows.settings import Settings

# Loopback allowed and short timeouts; connect_timeout leaves room for one SYN retry (~1 s): a
# LoopbackSite listens with a small backlog.
FAST = Settings.load(env={}, allow_loopback=True, connect_timeout=3.0, read_timeout=0.5, total_timeout=5.0)

STORIES: dict[str, tuple[str, list[str]]] = {
    "/news/embargo-package": ("Ministers agree a new sanctions package", [
        "Foreign ministers meeting in Brussels on Monday agreed a fresh round of restrictive "
        "measures aimed at "
        "companies accused of helping to supply drones to the Russian armed forces.",
        "The package freezes the assets of eleven firms registered in three countries and bans the export of "
        "machine tools and electronic parts that officials say end up inside guided munitions.",
        "Diplomats said the talks ran late into the night because two governments wanted exemptions for "
        "shipping insurers, a point that was eventually settled with a six month transition period.",
        "Officials from the targeted firms could not be reached for comment on Monday evening. Analysts said "
        "the measures would matter less than the effort to enforce them at the borders of "
        "neighbouring states.",
    ]),
    "/news/harbour-festival": ("Harbour festival draws record crowds", [
        "The annual harbour festival closed on Sunday after four days of concerts, boat races "
        "and food stalls "
        "that organisers say attracted more visitors than in any previous year.",
        "Volunteers cleared the quayside by midnight, and the town council thanked residents for their "
        "patience with the road closures that kept traffic away from the waterfront.",
        "Next year the organisers hope to add a children's sailing school and a night market on "
        "the old pier, "
        "although the plans still depend on a grant from the regional tourism board.",
        "Local cafes reported their busiest weekend of the summer, and several said they had "
        "run out of bread "
        "before lunch on Saturday as queues stretched along the promenade.",
    ]),
    "/news/shells-denied": ("Officials deny shipping artillery shells", [
        "A government spokesman on Tuesday rejected reports that his country had shipped artillery shells by "
        "rail to a neighbouring state, calling the allegation a fabrication meant to damage its reputation.",
        "The reports, based on satellite pictures of freight wagons at a border crossing, had been cited by "
        "two Western governments as evidence that a United Nations arms embargo was being broken.",
        "Independent researchers said the images showed containers of a type often used for ammunition but "
        "cautioned that the pictures alone could not prove what was inside them.",
        "The spokesman said inspectors were welcome to visit the crossing, an offer that diplomats described "
        "as unlikely to be taken up while the dispute over access to the railway yards continues.",
    ]),
    "/news/old-story": ("Archive: a trade fair opens", [
        "A trade fair for farm machinery opened its doors in the exhibition centre, with more "
        "than two hundred "
        "exhibitors showing tractors, irrigation pumps and software for planning harvests.",
        "Visitors queued from early morning, and the organisers said the number of foreign "
        "buyers had doubled "
        "compared with the previous edition, helped by new direct flights to the city.",
        "Several exhibitors complained that the halls were too warm, and the organisers "
        "promised to rent extra "
        "cooling units for the remaining days of the fair.",
    ]),
}
FRENCH = ("Le conseil municipal vote le budget", [
    "Le conseil municipal a adopté mardi soir le budget de l'année prochaine après un long débat sur le prix "
    "des cantines scolaires et l'entretien des routes de la commune.",
    "Les élus de l'opposition ont regretté que la rénovation de la piscine soit encore "
    "repoussée, tandis que la "
    "majorité a défendu une hausse limitée des impôts locaux et de nouveaux travaux dans les écoles.",
    "La séance s'est terminée peu avant minuit, et le maire a promis une réunion publique au printemps.",
])
SYNDICATED = "/partner/embargo-package-copy"
EDITED = "/partner/shells-denied-edited"
FAILING, STALLED, FRENCH_PATH = "/news/server-error", "/news/slow-page", "/news/conseil-municipal"
BINARY, EMPTY = "/news/scanned-notice", "/news/empty-page"

DATES = {
    "/news/embargo-package": datetime(2026, 3, 2, 9, tzinfo=UTC),
    "/news/harbour-festival": datetime(2026, 3, 3, 10, tzinfo=UTC),
    "/news/shells-denied": datetime(2026, 3, 4, 11, tzinfo=UTC),
    "/news/old-story": datetime(2025, 6, 1, 8, tzinfo=UTC),
    FAILING: datetime(2026, 3, 5, 8, tzinfo=UTC),
    STALLED: datetime(2026, 3, 5, 9, tzinfo=UTC),
    FRENCH_PATH: datetime(2026, 3, 5, 10, tzinfo=UTC),
    BINARY: datetime(2026, 3, 1, 7, tzinfo=UTC),
    EMPTY: datetime(2026, 3, 1, 6, tzinfo=UTC),
    SYNDICATED: datetime(2026, 3, 2, 15, tzinfo=UTC),
    EDITED: datetime(2026, 3, 4, 18, tzinfo=UTC),
}
WIRE = ["/news/embargo-package", "/news/harbour-festival", "/news/shells-denied", "/news/old-story",
        FAILING, STALLED, FRENCH_PATH, BINARY, EMPTY]
MIRROR = [SYNDICATED, EDITED]


def page(title: str, paragraphs: list[str], lang: str = "en") -> bytes:
    """An article page with the chrome a real site has around the story."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | Daily Wire</title>
<meta property="og:title" content="{title}"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies to improve your experience. <button>Accept</button></div>
<article><h1>{title}</h1><p class="byline">By Staff Reporter</p>{body}</article>
<aside><h2>Related</h2><ul><li><a href="/x">Weather warning for the coast</a></li></ul></aside>
<footer>Copyright Daily Wire. All rights reserved.</footer></body></html>""".encode()


def rss(site: LoopbackSite, title: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{_title(p)}</title><link>{site.url(p)}?utm_source=rss</link>"
        f"<guid>{site.url(p)}</guid><pubDate>{format_datetime(DATES[p])}</pubDate></item>"
        for p in paths
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{site.base}</link><description>test feed</description>{items}</channel></rss>").encode()


def _title(path: str) -> str:
    if path in STORIES:
        return STORIES[path][0]
    return {SYNDICATED: STORIES["/news/embargo-package"][0], EDITED: STORIES["/news/shells-denied"][0],
            FRENCH_PATH: FRENCH[0]}.get(path, "Breaking news")


def _edited() -> bytes:
    title, paragraphs = STORIES["/news/shells-denied"]
    changed = list(paragraphs)
    changed[3] = changed[3].replace("diplomats described", "observers described")
    return page(title, changed)  # same headline, one word of the last paragraph changed


def build_site() -> LoopbackSite:
    """The site, not yet started; feeds are filled in once the port is known (call `start_site`)."""
    routes: dict[str, object] = {path: Route(body=page(*story), headers={"Content-Type": "text/html"})
                                 for path, story in STORIES.items()}
    copy = page(*STORIES["/news/embargo-package"])
    routes[SYNDICATED] = Route(body=copy, headers={"Content-Type": "text/html"})
    routes[EDITED] = Route(body=_edited(), headers={"Content-Type": "text/html; charset=utf-8"})
    routes[FRENCH_PATH] = Route(body=page(*FRENCH, lang="fr"), headers={"Content-Type": "text/html"})
    routes[FAILING] = Route(status=500, body=b"internal error")
    routes[STALLED] = Route(stall=True)
    # a body that claims to be HTML but is binary junk, and a page with no text at all
    routes[BINARY] = Route(body=bytes(range(256)) * 40, headers={"Content-Type": "text/html"})
    routes[EMPTY] = Route(body=b"<html><body>  </body></html>", headers={"Content-Type": "text/html"})
    routes["/robots.txt"] = Route(body=b"User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    return LoopbackSite(routes=routes)  # type: ignore[arg-type]


def start_site() -> LoopbackSite:
    """Start the site and script its two feeds (wire has an ETag: the second poll gets 304)."""
    site = build_site().start()
    site.routes["/wire.xml"] = Route(body=rss(site, "Daily Wire", WIRE),
                                     headers={"Content-Type": "application/rss+xml", "ETag": '"wire-1"'})
    site.routes["/mirror.xml"] = Route(body=rss(site, "Partner Mirror", MIRROR),
                                       headers={"Content-Type": "application/rss+xml", "ETag": '"mirror-1"'})
    return site


def write_feeds_toml(feeds: list[FeedConfig], path: Path) -> Path:
    """Write feeds in the feeds.toml format (`[[feed]]` tables) that flows.ingest.load_feeds reads."""
    lines: list[str] = []
    for feed in feeds:
        lines += ["[[feed]]", f"name = {json.dumps(feed.name)}", f"url = {json.dumps(feed.url)}",
                  f"kind = {json.dumps(feed.kind)}", f"language = {json.dumps(feed.language)}",
                  f"confirmed = {'true' if feed.confirmed else 'false'}"]
        if feed.note:
            lines.append(f"note = {json.dumps(feed.note)}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
