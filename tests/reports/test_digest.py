"""The HTML digest: rendered from known rows in a real DuckDB file; screenshotted by headless Chromium."""

from __future__ import annotations

import re
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from flows.reports import render_digest, write_digest
from tests.helpers.warehouse_rows import digest_scenario, warehouse

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture()
def page(tmp_path: Path) -> Path:
    con = warehouse(tmp_path / "w.duckdb")
    digest_scenario(con)
    out = write_digest(con, tmp_path / "out" / "digest.html", hours=24)
    con.close()
    return out


def test_digest_groups_new_findings_with_evidence_badges_and_links(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    cards = re.findall(r'<span class="title">(.*?)</span>', html)
    assert cards == [  # by kind, then outlets, then newest; the old Belarus claim is not new
        "North Korea → Russia: missiles",
        "Russia → Iran: aircraft",
        "Iran → Russia: uav",
        "United States imposed asset freeze on Vega Logistics",  # same outlets and day: by claim id
        "United States imposed asset freeze on Sinsang Trading",
        "North Korea violates resolution 2270",
        "North Korea violates resolution 1718",
    ]
    assert "7 new claims" in html and "1 change of state" in html
    assert '<span class="badge disputed">disputed</span>' in html
    assert '<span class="badge planned">planned</span>' in html
    assert html.count(">official source</span>") == 2
    assert "US officials said North Korea had shipped ballistic missiles to Russia" in html
    assert '<a href="https://www.wire.example/world/a1">' in html
    assert "first denial</span>" in html and "Belarus → Russia: artillery" in html
    assert "Moscow rejects &lt;missile&gt; reports" in html  # escaped, not markup


def test_digest_charts_are_inline_svg_and_the_page_is_self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg ") == 2
    for party in ("North Korea (PRK)", "Belarus (BLR)", "Iran (IRN)", ">Russia (RUS)<"):
        assert party in html
    assert re.search(
        r'<path d="M[^"]+" fill="none" stroke="#ef8f00"[^>]+opacity="1.0"', html
    )  # new, disputed
    assert re.search(r'stroke="#ef8f00"[^>]+opacity="0.3"', html)  # Belarus: known before, now disputed
    assert "<script" not in html and "<link" not in html and "src=" not in html


def test_empty_window_says_nothing_new(tmp_path: Path) -> None:
    con = warehouse(tmp_path / "w.duckdb")
    html = render_digest(con, hours=24)
    con.close()
    assert html.count("Nothing new.") == 3 and "No arms-transfer claims yet." in html
    assert "Feed problems" not in html  # no poll failed


def test_failing_feeds_are_named_with_their_error(tmp_path: Path) -> None:
    con = warehouse(tmp_path / "w.duckdb")
    con.execute("update feeds set last_status = 'ok' where name = 'wire'")
    con.execute("update feeds set last_status = 'failed' where name = 'daily'")
    con.execute(
        "insert into fetch_log (kind, source, url, outcome, error, detail, fetched_at) values "
        "('feed', 'daily', 'https://daily.example/feed', 'failed', 'dns_error', "
        "'cannot resolve host <daily.example>', now())"
    )
    html = render_digest(con, hours=24)
    con.close()
    assert "Feed problems: 1 of 3 feeds failed at the last poll" in html
    assert re.search(r"<b>daily</b> <span class=\"badge denied\">dns_error</span>", html)
    assert "cannot resolve host &lt;daily.example&gt;" in html and "never succeeded" in html


def _png_pixels(png: bytes) -> tuple[int, int, bytes]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        data = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", data[:8])
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    return width, height, zlib.decompress(idat)


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium "
    "(apt-get install -y chromium) to screenshot the digest",
)
def test_digest_renders_in_headless_chromium(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "digest.png"
    profile = tempfile.mkdtemp(dir=tmp_path)
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            "--window-size=1200,1600",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    width, height, raw = _png_pixels(shot.read_bytes())
    assert (width, height) == (1200, 1600)
    assert len(set(raw)) > 64, "the screenshot is (nearly) blank"


def test_write_digest_from_a_read_only_connection_without_views(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "w.duckdb"
    warehouse(path).close()  # migrated, never refreshed: no views in the file
    with duckdb.connect(str(path), read_only=True) as con:
        out = write_digest(con, tmp_path / "weekly.html", hours=168)
    assert "Nothing new." in out.read_text(encoding="utf-8")


def _svgs(html: str) -> tuple[str, str]:
    network, timeline = re.findall(r"<svg .*?</svg>", html, re.S)
    return network, timeline


def test_day_chart_covers_the_digest_window_only(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    con = warehouse(tmp_path / "w.duckdb")
    digest_scenario(con)  # its articles were fetched in November, long before this digest's window
    now = datetime.now(UTC)
    con.execute("update articles set fetched_at = ? where article_id = 'a1'", [now - timedelta(hours=2)])
    html = render_digest(con, hours=24)
    con.close()
    _, timeline = _svgs(html)
    bars = re.findall(r"<title>(\d{4}-\d\d-\d\d): (\d+) ", timeline)
    window = {str((now - timedelta(hours=24)).date()), str(now.date())}
    assert bars and {day for day, _ in bars} <= window  # no bar of a November day
    assert sum(int(n) for _, n in bars) == 3  # a1's three findings (a2 is its syndicated copy)
    assert len(re.findall(r'<text x="[\d.]+" y="130"', timeline)) == len(window)  # one label a day


def test_line_width_counts_distinct_outlets(tmp_path: Path) -> None:
    from flows.claims import refresh_claims
    from tests.helpers.warehouse_rows import transfer

    con = warehouse(tmp_path / "w.duckdb")
    digest_scenario(con)
    # a second North Korea -> Russia claim (shells) from the same outlets as the missiles claim
    transfer(con, "a1", "North Korea also sent artillery shells to Russia, they said.", start=600,
             category="artillery")
    transfer(con, "a3", "Pyongyang denied sending artillery shells to Russia.", start=700, stance="denied",
             category="artillery")
    refresh_claims(con)
    html = render_digest(con, hours=24)
    con.close()
    network, _ = _svgs(html)
    pair = re.search(r'stroke-width="([\d.]+)"[^>]*><title>North Korea \(PRK\) -&gt; Russia \(RUS\): '
                     r"artillery, missiles \(disputed, (\d+) outlet\(s\)\)", network)
    assert pair is not None, network
    assert pair.group(2) == "2"  # wire.example and daily.example: two claims, still two outlets
    assert float(pair.group(1)) == 2 + 1.5 * 2
    assert "number of distinct outlets" in html


def test_every_network_node_shows_its_code(tmp_path: Path) -> None:
    from tests.helpers.warehouse_rows import add_article, transfer

    con = warehouse(tmp_path / "w.duckdb")
    digest_scenario(con)
    add_article(con, "a9", "https://wire.example/world/a9", "wire", 2)
    transfer(con, "a9", "The United States pledged to deliver air defence systems to NATO allies.",
             category="air_defence", supplier=("United States", "USA", "state"),
             recipient=("NATO", None, "organisation"))  # type: ignore[arg-type]
    from flows.claims import refresh_claims

    refresh_claims(con)
    network, _ = _svgs(render_digest(con, hours=24))
    con.close()
    nodes = re.findall(r'<circle [^>]+/>\n<text [^>]+>([^<]+)</text>', network)
    assert len(nodes) >= 6
    for label in nodes:
        assert re.search(r"\(([A-Z]{3}|\u2014)\)$", label), label
    assert "Russia (RUS)" in nodes and "NATO (\u2014)" in nodes and "United States (USA)" in nodes


def test_evidence_is_grouped_by_claim_with_each_sentence_once(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    cards = re.findall(r'<div class="card".*?\n    </div>', html, re.S)
    assert len(cards) == 7  # one card a claim
    missiles = next(c for c in cards if "North Korea → Russia: missiles" in c)
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", missiles)
    said = "US officials said North Korea had shipped ballistic missiles to Russia for use in Ukraine."
    denial = "Kremlin spokesman Dmitry Peskov called reports of missile deliveries groundless."
    assert quotes == [said, denial]
    assert "the same sentence in 2 articles" in missiles  # the syndicated copy, shown once
    assert html.count(said) == 1
    kinds = re.findall(r"<h2 [^>]*>New (.*?) <span", html)
    assert len(kinds) == 3  # claims grouped by kind, one section each


def test_no_host_is_shown_as_an_official_source(tmp_path: Path) -> None:
    from flows.claims import refresh_claims
    from tests.helpers.warehouse_rows import add_article, sanction

    con = warehouse(tmp_path / "w.duckdb")
    con.execute("insert into feeds (name, url, kind, language) values "
                "('Ministry notices', 'http://127.0.0.1:8765/notices.xml', 'official', 'en')")
    add_article(con, "n1", "http://127.0.0.1:8765/notices/2026/asset-freeze.html", "Ministry notices", 0,
                title="Notice: asset freeze")
    sanction(con, "n1", "The assets of Kestrel Shipping are frozen with immediate effect.", "imposed",
             [("Kestrel Shipping", "PAN", "company")])  # no named source: official through its feed
    refresh_claims(con)
    official = con.execute("select official_sources from claims").fetchall()
    con.execute("update claims set detected_at = now()")
    html = render_digest(con, hours=24)
    con.close()
    assert official == [(["Ministry notices"],)]
    assert "officially: <b>Ministry notices</b>" in html
    card = re.search(r'<div class="card".*?\n    </div>', html, re.S)
    assert card is not None and "127.0.0.1</" not in card.group(0) and "(127.0.0.1)" not in card.group(0)
    assert "(Ministry notices)" in card.group(0)  # the outlet of a loopback site: its feed's name
