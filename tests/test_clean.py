"""clean_page on fixture pages written for these tests (tests/fixtures/clean/): chrome removal,
charset handling, refusal of unusable bodies, metadata."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from extractors.clean import clean_page, normalise_text
from extractors.clean_meta import parse_time
from extractors.dedup import text_hash
from extractors.errors import InputError

PAGES = Path(__file__).parent / "fixtures" / "clean"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def test_news_page_keeps_the_body_and_drops_the_chrome() -> None:
    art = clean_page(page("news_page.html"), "https://ledger.example.org/world/x")
    assert "detained a general cargo vessel on Monday" in art.text
    assert "The crew of nineteen has been allowed to stay on board." in art.text
    for chrome in ("We use cookies", "Accept all cookies", "Dock workers end two-day strike",
                   "Typical. They only look", "Copyright 2024", "Privacy policy", "Business"):
        assert chrome not in art.text, chrome


def test_paragraphs_are_separate_and_sentences_whole() -> None:
    art = clean_page(page("news_page.html"))
    paragraphs = art.text.split("\n\n")
    assert len(paragraphs) >= 5
    assert all(p == " ".join(p.split()) for p in paragraphs)  # no stray newlines inside a paragraph
    quote = '"We carry what is declared to us, and we will cooperate fully with the authorities," she told'
    assert quote in art.text


def test_metadata_from_json_ld_and_canonical_link() -> None:
    art = clean_page(page("news_page.html"), "https://ledger.example.org/world/x?utm_source=feed")
    assert art.title == "Harbour inspectors hold cargo ship over drone parts"
    assert art.author == "Mara Quillon; Tobias Renk"
    # JSON-LD datePublished (09:30 at +02:00) wins over article:published_time, converted to UTC
    assert art.published == datetime(2024, 3, 5, 7, 30, tzinfo=UTC)
    assert art.canonical_url == "https://ledger.example.org/world/2024/03/05/ship-held-drone-parts"
    assert art.language == "en"
    assert art.text_hash == text_hash(art.text) and art.simhash != 0


def test_metadata_fallbacks_meta_tags_and_og_url() -> None:
    html = (
        "<html><head><meta property='og:url' content='https://news.example.com/a/1'>"
        "<meta property='article:published_time' content='Tue, 05 Mar 2024 06:00:00 +0100'>"
        "<meta name='author' content='Ines Varga'></head><body><article>"
        "<p>The committee met for three hours on Tuesday and agreed to publish its findings next month.</p>"
        "</article></body></html>"
    )
    art = clean_page(html)
    assert art.canonical_url == "https://news.example.com/a/1"
    assert art.published == datetime(2024, 3, 5, 5, 0, tzinfo=UTC)
    assert art.author == "Ines Varga"


def test_time_element_inside_article_gives_the_date() -> None:
    html = ("<html><body><article><time datetime='2023-11-02T14:15:00-05:00'>2 Nov</time>"
            "<p>Port officials reopened the northern terminal after a week of repairs to the cranes.</p>"
            "</article></body></html>")
    assert clean_page(html).published == datetime(2023, 11, 2, 19, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-03-05T06:00:00Z", datetime(2024, 3, 5, 6, tzinfo=UTC)),
     ("2024-03-05 06:00:00", datetime(2024, 3, 5, 6, tzinfo=UTC)),
     ("Published 2024-03-05, updated later", datetime(2024, 3, 5, tzinfo=UTC)),
     ("yesterday", None), ("2024-13-45", None), ("", None)],
)
def test_parse_time(value: str, expected: datetime | None) -> None:
    assert parse_time(value) == expected


def test_latin1_page_declared_in_meta() -> None:
    art = clean_page(page("latin1_meta.html"))
    assert "Café owners in Brasília" in art.text and "José Araújo" in art.text and "£400" in art.text
    assert "\ufffd" not in art.text
    assert art.encoding == "cp1252" and art.notes == ()


def test_http_charset_that_lies_is_overruled_and_noted() -> None:
    art = clean_page(page("cp1252_declared_utf8.html"), charset="utf-8")
    assert "“serious doubts”" in art.text and "mayor’s office" in art.text and "naïvely" in art.text
    assert art.encoding == "cp1252"
    assert any("utf-8" in note and "does not fit" in note for note in art.notes)


def test_utf8_bytes_beat_a_latin1_declaration() -> None:
    art = clean_page(page("utf8_declared_latin1.html"), charset="ISO-8859-1")
    assert "naïvely" in art.text and "Ã" not in art.text
    assert art.encoding == "utf-8" and any("overruled" in note for note in art.notes)


def test_unknown_charset_and_undecodable_bytes_do_not_crash() -> None:
    body = b"<html><body><p>Prices rose by \x81\x8d\x8f\x90 percent in the " + b"capital. " * 20 + b"</p>"
    art = clean_page(body, charset="x-no-such-charset")
    assert "Prices rose by" in art.text
    assert art.notes  # the bad declaration is recorded


def test_bom_decides_the_encoding() -> None:
    html = "<html><body><p>Zoë Kowalczyk reported from Gdańsk on the harbour expansion plans.</p></body>"
    art = clean_page(b"\xff\xfe" + html.encode("utf-16-le"), charset="iso-8859-1")
    assert "Zoë Kowalczyk reported from Gdańsk" in art.text and art.encoding == "utf-16-le"


def test_utf16_without_bom_is_not_mistaken_for_binary() -> None:
    html = "<html><body><p>Zoë Kowalczyk reported from Gdańsk on the harbour expansion plans.</p></body>"
    assert "Gdańsk" in clean_page(html.encode("utf-16-le")).text
    assert "Gdańsk" in clean_page(html.encode("utf-16-be")).text


@pytest.mark.parametrize(
    "body",
    [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
     b"\xff\xd8\xff\xe0\x00\x10JFIF", b"GIF89a\x01\x00", b"PK\x03\x04\x14\x00",
     gzip.compress(b"<html><p>zipped</p></html>", mtime=0),
     b"<html>\x00\x00\x00\x01binary junk</html>"],
)
def test_binary_bodies_are_refused(body: bytes) -> None:
    with pytest.raises(InputError) as err:
        clean_page(body)
    assert err.value.reason == "binary"


@pytest.mark.parametrize("body", [b"", b"  \n\t ", ""])
def test_empty_body_is_refused(body: bytes | str) -> None:
    with pytest.raises(InputError) as err:
        clean_page(body)
    assert err.value.reason == "empty"


@pytest.mark.parametrize("body", [b"<html><head><title>x</title></head><body></body></html>",
                                  b"<html><body><script>var a = 1;</script></body></html>", b"<!-- only -->"])
def test_page_without_text_is_refused(body: bytes) -> None:
    with pytest.raises(InputError) as err:
        clean_page(body)
    assert err.value.reason == "no_text"


def test_huge_page_is_refused_before_parsing() -> None:
    body = b"<html><body>" + b"<p>more words</p>" * 400_000 + b"</body></html>"  # ~6.8 MB
    with pytest.raises(InputError) as err:
        clean_page(body)
    assert err.value.reason == "too_large"
    with pytest.raises(InputError):
        clean_page(page("news_page.html"), max_bytes=1_000)


def test_plain_text_body_goes_through_the_fallback() -> None:
    art = clean_page(b"A short plain note without any markup, sent by the press office.")
    assert art.text == "A short plain note without any markup, sent by the press office."
    assert "paragraph fallback" in " ".join(art.notes)


def test_str_input_and_normalisation() -> None:
    art = clean_page("<html><body><p>Cafe\u0301  owners\u00a0met\u200b today.</p><p>\n</p><p>Second.</p>")
    assert art.text == "Café owners met today.\n\nSecond."
    assert art.encoding is None
    assert normalise_text("  A.\n\n\n b  c \n") == "A.\n\nb c"
    assert normalise_text("the line\nwent on") == "the line went on"


def test_broken_json_ld_is_skipped_and_other_metadata_still_read() -> None:
    html = ("<html><head><script type='application/ld+json'>{\"datePublished\": \"2024-01-0</script>"
            "<script type='application/ld+json'>[{\"@type\": \"NewsArticle\", \"author\": \"Lena Ostrova\","
            " \"datePublished\": \"2024-01-09T08:00:00\"}]</script>"
            "<link rel='canonical' href='/relative/only'></head><body><article>"
            "<p>The regional assembly approved the budget after a night of debate over road repairs.</p>"
            "</article></body></html>")
    art = clean_page(html)  # no page URL: a relative canonical link cannot be resolved
    assert art.author == "Lena Ostrova"
    assert art.published == datetime(2024, 1, 9, 8, 0, tzinfo=UTC)
    assert art.canonical_url is None


def test_line_break_inside_a_sentence_is_joined_back() -> None:
    html = ("<html><body><article><p>The ministry said on Monday that the shipment<br>had been stopped at "
            "the border crossing.</p><p>Short headline<br>New paragraph starts here.</p><ul><li>first item"
            "</li><li>second item</li></ul></article></body></html>")
    paragraphs = clean_page(html).text.split("\n\n")
    sentence = "The ministry said on Monday that the shipment had been stopped at the border crossing."
    assert sentence in paragraphs
    assert "Short headline" in paragraphs and "New paragraph starts here." in paragraphs
    assert "- first item" in paragraphs and "- second item" in paragraphs


def test_json_ld_article_date_beats_other_objects() -> None:
    html = ("<html><head><script type='application/ld+json'>[{\"@type\": \"VideoObject\", \"datePublished\":"
            " \"2020-02-02T00:00:00Z\"}, {\"@type\": [\"NewsArticle\"],"
            " \"datePublished\": \"2024-06-01T12:00:00Z\"}]"
            "</script></head><body><article><p>The harbour board voted to extend the pier by forty metres"
            " next spring.</p></article></body></html>")
    assert clean_page(html).published == datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
