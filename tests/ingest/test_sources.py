"""flows.feeds_config: the default feeds file loads; bad files fail with errors naming file and entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import MonitorError
from flows.ingest import load_feeds
from flows.settings import package_path

GOOD = """
[[feed]]
name = "one"
url = "https://news.example.org/rss.xml"
kind = "news"

[[feed]]
name = "two"
url = "http://gov.example/press.atom"
kind = "official"
language = "fr"
confirmed = false
note = "not checked"
"""


def test_default_feeds_file_is_valid() -> None:
    feeds = load_feeds(package_path("ingest", "feeds.toml"))
    assert len(feeds) >= 12
    assert {f.kind for f in feeds} == {"news", "official"}
    assert all(f.language == "en" for f in feeds)
    assert all(f.confirmed or f.note for f in feeds), "an unconfirmed feed must say why"


def test_good_file_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(GOOD, encoding="utf-8")
    one, two = load_feeds(path)
    assert (one.name, one.kind, one.language, one.confirmed, one.note) == ("one", "news", "en", True, None)
    assert (two.language, two.confirmed, two.note) == ("fr", False, "not checked")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (GOOD.replace('name = "two"', 'name = "one"'), "name 'one' is already used by [[feed]] #1"),
        (GOOD.replace("http://gov.example", "ftp://gov.example"), "#2 ('two'): url"),
        (GOOD.replace('kind = "official"', 'kind = "blog"'), "kind 'blog' is not one of"),
        (GOOD.replace('url = "https://news.example.org/rss.xml"\n', ""), "#1 ('one'): 'url' is required"),
        (GOOD.replace("confirmed = false", 'confirmed = "no"'), "'confirmed' must be a bool"),
        (GOOD + '\nextra = "x"\n', "unknown key(s) ['extra']"),
        (GOOD.replace("[[feed]]", "[feed]", 1), "not valid TOML"),
        ("", "no [[feed]] tables"),
    ],
)
def test_bad_files_name_file_and_entry(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MonitorError) as err:
        load_feeds(path)
    assert str(path) in str(err.value)
    assert needle in str(err.value), str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MonitorError, match="feeds file not found"):
        load_feeds(tmp_path / "nope.toml")
