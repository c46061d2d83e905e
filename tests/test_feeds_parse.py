"""extractors.feeds: every entry field used, broken feeds flagged or refused with a clear reason."""

from __future__ import annotations

import gzip
import logging
from datetime import UTC, datetime

import pytest

from extractors.errors import InputError
from extractors.feeds import parse_feed

BASE = "https://news.example.org/world/rss.xml"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example World</title>
<item><title> Ministers agree new package </title><link>/world/2024/05/package?utm_source=rss</link>
<description>Short summary.</description><pubDate>Tue, 14 May 2024 10:30:00 +0200</pubDate>
<author>desk@example.org (World desk)</author><guid isPermaLink="false">pkg-1</guid></item>
<item><title>Same story via a tracking link</title>
<link>https://NEWS.example.org/world/2024/05/package?fbclid=zz#top</link></item>
<item><title>Guid only</title><guid>https://news.example.org/world/guid-story</guid>
<updated>2024-05-15T08:00:00Z</updated></item>
<item><title>No link at all</title><description>nothing to fetch</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Press office</title>
<entry><title>Notice one</title><id>urn:notice:1</id>
<link rel="alternate" href="notices/one"/><updated>2024-06-01T12:00:00Z</updated>
<author><name>Press Office</name></author><summary>Designations made.</summary></entry>
</feed>"""


def test_rss_fields_dedup_and_skip(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        feed = parse_feed(RSS, "example", BASE, "application/rss+xml; charset=utf-8")
    assert feed.title == "Example World"
    assert not feed.malformed
    assert [i.url for i in feed.items] == [
        "https://news.example.org/world/2024/05/package",
        "https://news.example.org/world/guid-story",
    ]
    first = feed.items[0]
    assert first.title == "Ministers agree new package"
    assert first.summary == "Short summary."
    assert first.published == datetime(2024, 5, 14, 8, 30, tzinfo=UTC)
    assert first.author == "desk@example.org (World desk)"
    assert first.guid == "pkg-1"
    assert first.feed_name == "example"
    assert feed.items[1].published == datetime(2024, 5, 15, 8, 0, tzinfo=UTC)
    assert "no usable link" in caplog.text


def test_atom_relative_link_resolved() -> None:
    feed = parse_feed(ATOM, "press", "https://gov.example/press/feed.atom", "application/atom+xml")
    item = feed.items[0]
    assert item.url == "https://gov.example/press/notices/one"
    assert item.author == "Press Office"
    assert item.guid == "urn:notice:1"
    assert item.published is not None and item.published.tzinfo is not None


def test_malformed_but_usable_feed_is_flagged() -> None:
    broken = RSS.replace(b"</channel></rss>", b"<item><title>cut off")
    feed = parse_feed(broken, "broken", BASE)
    assert feed.malformed
    assert feed.problem and "SAXParseException" in feed.problem
    assert len(feed.items) == 2


def test_gzipped_body_is_inflated() -> None:
    feed = parse_feed(gzip.compress(ATOM), "press", "https://gov.example/press/feed.atom")
    assert len(feed.items) == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<!doctype html><html><head><title>Home</title></head><body><p>Hi</p></body></html>", "not_a_feed"),
        (b"", "empty_feed"),
        (b"   \n", "empty_feed"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>', "empty_feed"),
        (b'<rss version="2.0"><channel><item><title>x</title></item></channel></rss>', "empty_feed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_a_feed"),
        (b"\x1f\x8b\x08\x00garbage", "not_a_feed"),
    ],
)
def test_unusable_documents_raise_clear_input_error(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as err:
        parse_feed(data, "bad", BASE)
    assert err.value.reason == reason
    assert "'bad'" in str(err.value)


def _quadratic_feed(link: str = "https://news.example.org/q/1") -> bytes:
    """~130 KB: one 10 KB entity referenced 10,000 times (a 100,000,000-character title if expanded)."""
    entity = "A" * 10_000
    refs = "&e;" * 10_000
    return (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "{entity}">]><rss version="2.0"><channel>'
            f"<title>{refs}</title><item><title>{refs}</title><link>{link}</link>"
            f"<description>{refs}</description><author>{refs}</author></item></channel></rss>").encode()


def test_quadratic_entity_feed_is_not_expanded_and_stays_small() -> None:
    import tracemalloc

    data = _quadratic_feed()
    assert 120_000 < len(data) < 140_000
    tracemalloc.start()
    try:
        parsed = parse_feed(data, "q", BASE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 30 * 1024 * 1024  # expanded, the title alone would be 100 M characters
    (item,) = parsed.items
    assert item.url == "https://news.example.org/q/1"
    caps = ((item.title, 1_000), (item.summary, 10_000), (item.author, 300), (parsed.title, 1_000))
    for value, cap in caps:
        assert value is not None and len(value) <= cap and "A" * 100 not in value
    assert any("entity declarations removed" in note for note in parsed.notes)


def test_entity_declaration_that_survives_the_doctype_removal_is_refused() -> None:
    # an entity value holding "]>" ends the naive internal subset early: the second declaration survives
    data = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "]>"><!ENTITY e "' + b"B" * 1000 + b'">]>'
            b'<rss version="2.0"><channel><item><title>&e;&e;</title><link>https://a.example/1</link>'
            b"</item></channel></rss>")
    with pytest.raises(InputError) as err:
        parse_feed(data, "tricky", BASE)
    assert err.value.reason == "entity_declaration"


def test_entity_declaration_in_utf16_is_refused() -> None:
    text = ('<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY e "' + "C" * 1000 + '">]>'
            '<rss version="2.0"><channel><item><title>&e;&e;</title><link>https://a.example/1</link>'
            "</item></channel></rss>")
    with pytest.raises(InputError) as err:
        parse_feed(text.encode("utf-16"), "wide", BASE)
    assert err.value.reason == "entity_declaration"


def test_over_long_fields_are_cut_with_the_reason_noted() -> None:
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>'
            + b"word " * 60_000 + b"</title><link>https://a.example/1</link><description>"
            + b"x" * 50_000 + b"</description><author>" + b"y" * 5_000 + b"</author></item></channel></rss>")
    parsed = parse_feed(data, "long", BASE)
    (item,) = parsed.items
    assert item.title is not None and len(item.title) <= 1_000 and item.title.startswith("word word")
    assert item.summary == "x" * 10_000 and item.author == "y" * 300
    assert "entry 0: title cut from 299999 to 1000 characters" in parsed.notes
    assert any("summary cut from 50000" in note for note in parsed.notes)
    assert parse_feed(RSS, "plain", BASE).notes == ()


def test_titles_are_stored_as_plain_text_decoded_once() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel>
<title><![CDATA[Desk &amp; <b>Wire</b>]]></title>
<item><title>Q&amp;A: why 5 &lt; 6 for &lt;b&gt; tags</title><link>https://w.example/1</link></item>
<item><title><![CDATA[Arms &amp; sanctions: <i>the week</i>]]></title><link>https://w.example/2</link></item>
</channel></rss>"""
    parsed = parse_feed(rss, "w", BASE)
    assert [i.title for i in parsed.items] == ["Q&A: why 5 < 6 for <b> tags", "Arms & sanctions: the week"]
    assert parsed.title == "Desk & Wire"
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>P</title>
<entry><title type="html">Tom &amp;amp; Jerry &amp;lt;3</title><id>urn:1</id><link href="https://a.example/1"/></entry>
<entry><title type="text">Plain &lt;tag&gt; &amp;amp; kept</title><id>urn:2</id><link href="https://a.example/2"/></entry>
</feed>"""
    titles = [i.title for i in parse_feed(atom, "a", BASE).items]
    assert titles == ["Tom & Jerry <3", "Plain <tag> &amp; kept"]
