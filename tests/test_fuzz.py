"""Fuzzing the three parsers that read what strangers send (hypothesis): the feed wrapper, the page
cleaner and the extractor get random bytes, truncated and mis-encoded documents, enormous lines and
entity tricks. Each either returns a bounded result or raises the project's InputError; nothing else
escapes, no stored field exceeds its cap, no entity is expanded, and every example has a deadline.
Kept to a few seconds: few examples each (hypothesis' database remembers failures between runs)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from extractors.clean import clean_page
from extractors.errors import InputError
from extractors.feeds import MAX_FIELD_CHARS, parse_feed
from extractors.pipeline import extract_mentions

NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]  # a failure is reported as found, at once
FUZZ = settings(max_examples=30, deadline=timedelta(seconds=5), derandomize=True, phases=NO_SHRINK,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

RSS = """<?xml version="1.0" encoding="{enc}"?>{doctype}
<rss version="2.0"><channel><title>{title}</title>
<item><title>{title}</title><link>https://news.example.org/a/1</link><description>{text}</description></item>
<item><title>Second</title><link>https://news.example.org/a/2</link></item>
</channel></rss>"""
DOCTYPES = [
    "",
    '<!DOCTYPE rss [<!ENTITY big "{x}"><!ENTITY b2 "&big;&big;&big;&big;&big;&big;&big;&big;">]>',
    '<!DOCTYPE rss [<!ENTITY ext SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd">',
]
CUES = ["sanctions", "imposed", "asset freeze", "supplied", "missiles", "drones", "North Korea", "Russia",
        "the European Union", "resolution 1718", "UNSCR 2231", "denied", "said", "Pyongyang", ".", ",",
        "\u00a0", "\u200b", "\ufeff", "&amp;", "<b>", "\n"]
words = st.lists(st.sampled_from(CUES) | st.text(max_size=12), max_size=60).map(" ".join)


def _feed_doc(title: str, text: str, doctype: str, enc: str) -> str:
    refs = "&b2;&b2;&ext;" if doctype else ""
    return RSS.format(enc=enc, doctype=doctype.format(x="X" * 200), title=title + refs, text=text)


def _check_feed(data: bytes, content_type: str | None = None) -> None:
    try:
        parsed = parse_feed(data, "fuzz", "https://news.example.org/feed.xml", content_type)
    except InputError:
        return
    for item in parsed.items:
        for name in ("title", "summary", "author", "guid"):
            value = getattr(item, name)
            assert value is None or len(value) <= MAX_FIELD_CHARS[name], name
        assert "root:" not in (item.title or "") + (item.summary or "")  # no external entity read
        assert "XXXXXXXXXX" * 10 not in (item.title or "")  # no internal entity expanded
        assert item.url.startswith(("http://", "https://"))


@FUZZ
@given(st.binary(max_size=4096))
def test_feed_wrapper_survives_random_bytes(data: bytes) -> None:
    _check_feed(data)


@FUZZ
@given(words, words, st.sampled_from(DOCTYPES), st.sampled_from(["utf-8", "iso-8859-1", "utf-16", "bogus"]),
       st.sampled_from(["utf-8", "latin-1", "utf-16-le", "cp1252"]), st.floats(0.05, 1.0))
def test_feed_wrapper_survives_truncated_misencoded_and_entity_tricks(
        title: str, text: str, doctype: str, declared: str, actual: str, keep: float) -> None:
    data = _feed_doc(title, text, doctype, declared).encode(actual, errors="replace")
    _check_feed(data[: max(1, int(len(data) * keep))], "application/rss+xml")
    _check_feed(data, None)


@FUZZ
@given(st.integers(10_000, 400_000), st.sampled_from(["title", "description"]))
def test_feed_wrapper_caps_enormous_lines(length: int, where: str) -> None:
    huge = "sanctions " * (length // 10)
    doc = _feed_doc(huge if where == "title" else "t", huge if where == "description" else "x", "", "utf-8")
    _check_feed(doc.encode())


PAGE = ("<!doctype html><html lang='en'><head><meta charset='{enc}'><title>{title}</title></head><body>"
        "<nav>Home World</nav><article><h1>{title}</h1><p>{text}</p><p>{text}</p></article></body></html>")


def _check_page(body: bytes | str) -> None:
    try:
        got = clean_page(body, "https://news.example.org/a/1", max_bytes=2_000_000)
    except InputError:
        return
    assert got.text and got.text_hash


@FUZZ
@given(st.binary(max_size=8192))
def test_cleaner_survives_random_bytes(data: bytes) -> None:
    _check_page(data)


@FUZZ
@given(words, words, st.sampled_from(["utf-8", "shift_jis", "bogus", "utf-16"]),
       st.sampled_from(["utf-8", "latin-1", "utf-16-le", "cp1252"]), st.floats(0.05, 1.0))
def test_cleaner_survives_truncated_and_misencoded_pages(
        title: str, text: str, declared: str, actual: str, keep: float) -> None:
    data = PAGE.format(enc=declared, title=title, text=text).encode(actual, errors="replace")
    _check_page(data[: max(1, int(len(data) * keep))])


@settings(FUZZ, max_examples=8)
@given(st.integers(20_000, 150_000), st.booleans())
def test_cleaner_survives_an_enormous_line(length: int, spaces: bool) -> None:
    line = ("word " if spaces else "x") * (length // (5 if spaces else 1))
    _check_page(PAGE.format(enc="utf-8", title="t", text=line).encode())


@pytest.fixture(scope="module")
def nlp() -> Any:
    from flows.settings import Settings

    return Settings.load(env={}).load_nlp()


def test_extractor_survives_cue_soup_and_long_lines(nlp: Any) -> None:
    # A run-on sentence of 800 cue phrases (20,000 characters) takes ~15 s in the extractor (issue 10 #6,
    # the per-page work bound, is not built yet): the lines here stay under 4,000 characters.
    @settings(max_examples=10, deadline=timedelta(seconds=10), derandomize=True, phases=NO_SHRINK,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(st.lists(words, min_size=1, max_size=8), st.integers(0, 150))
    def check(paragraphs: list[str], run_on: int) -> None:
        text = "\n\n".join(paragraphs) + " " + "and sanctions on Russia " * run_on  # one sentence, long
        for mention in extract_mentions(text, title=paragraphs[0][:80], nlp=nlp):
            assert 0 <= mention.start < mention.end <= len(text)
            assert mention.sentence and 0.0 <= mention.confidence <= 1.0

    check()
