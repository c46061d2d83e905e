"""Every real feed in ../shared/corpus/feeds yields items or a clear InputError — nothing else."""

from __future__ import annotations

from pathlib import Path

from extractors.errors import InputError
from extractors.feeds import parse_feed


def test_every_corpus_feed_yields_items_or_a_clear_error(corpus: Path) -> None:
    root = corpus / "feeds"
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != "SOURCE.txt")
    assert files, f"no feed files under {root}"
    parsed, refused = [], []
    for path in files:
        try:
            feed = parse_feed(path.read_bytes(), path.stem, f"https://feeds.example.com/{path.name}")
        except InputError as exc:
            assert exc.reason in {"not_a_feed", "empty_feed", "too_large"}, (path, exc.reason)
            assert path.stem in str(exc), f"{path}: message does not name the feed: {exc}"
            refused.append(path.name)
            continue
        assert feed.items, path
        assert all(i.url.startswith(("http://", "https://")) for i in feed.items), path
        assert len({i.url for i in feed.items}) == len(feed.items), f"{path}: duplicate URLs"
        parsed.append(path.name)
    # The real news feeds and the gzipped fixtures must be usable; the HTML page must be refused.
    for must in (
        "bbc_world.xml",
        "reuters_worldnews.xml",
        "guardian.rss",
        "compressed.xml",
        "invalid-characters-gzipped.xml",
        "saxerror.xml",
    ):
        assert must in parsed, f"{must} was refused"
    assert "notafeed.html" in refused
