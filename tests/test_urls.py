"""Canonical URLs: same story, same id; different story, different id."""

from __future__ import annotations

import pytest

from extractors.errors import InputError
from extractors.urls import article_id, canonical_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "HTTPS://WWW.Example.COM:443/News/Story-1?b=2&a=1#comments",
            "https://www.example.com/News/Story-1?a=1&b=2",
        ),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("https://ex.com/a?utm_source=rss&utm_medium=feed&id=7", "https://ex.com/a?id=7"),
        ("https://ex.com/a?fbclid=XY&gclid=1&mc_cid=2&mc_eid=3&ocid=4&cmpid=5", "https://ex.com/a"),
        ("https://ex.com/a?at_medium=RSS&at_campaign=KARANGA&CMP=share_btn_tw", "https://ex.com/a"),
        ("https://ex.com/a?ns_mchannel=rss&ns_source=PublicRSS20-sa&feature=share", "https://ex.com/a"),
        ("https://ex.com/a%7eb/%e2%82%ac", "https://ex.com/a~b/%E2%82%AC"),
        ("https://ex.com/a?q=a+b&empty=", "https://ex.com/a?empty=&q=a%20b"),
        ("https://[2001:DB8::1]:8443/p", "https://[2001:db8::1]:8443/p"),
    ],
)
def test_canonical_forms(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


def test_relative_resolved_against_base() -> None:
    base = "https://news.example.org/world/rss.xml"
    assert (
        canonical_url("/world/2024/05/story?utm_campaign=x", base)
        == "https://news.example.org/world/2024/05/story"
    )
    assert canonical_url("story-2.html", base) == "https://news.example.org/world/story-2.html"
    assert canonical_url("//cdn.example.org/x", base) == "https://cdn.example.org/x"


def test_path_case_is_kept() -> None:
    assert canonical_url("https://ex.com/A/B") != canonical_url("https://ex.com/a/b")


@pytest.mark.parametrize(
    "bad",
    ["ftp://ex.com/x", "mailto:a@b.c", "not a url", "http://", "javascript:alert(1)", "http://ex.com:99999/"],
)
def test_bad_urls_raise_input_error(bad: str) -> None:
    with pytest.raises(InputError) as err:
        canonical_url(bad)
    assert err.value.reason == "bad_url"


def test_article_id_stable_across_tracking_variants() -> None:
    a = article_id("https://www.example.com/world/story?utm_source=twitter#top")
    b = article_id("https://WWW.EXAMPLE.com/world/story?fbclid=abc")
    c = article_id("https://www.example.com/world/other-story")
    assert a == b
    assert a != c
    assert len(a) == 16 and all(ch in "0123456789abcdef" for ch in a)
