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
    for party in ("North Korea (PRK)", "Belarus (BLR)", "Iran (IRN)", ">Russia<"):
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
