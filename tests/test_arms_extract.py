"""`sanctions-monitor extract`: files in, one JSON line per finding, bad files reported and skipped."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from extractors.errors import InputError
from extractors.extract_files import MAX_FILE_BYTES, read_article
from flows.cli.extract import extract_cmd

ARTICLE = "Russia delivered 12 Su-35 fighter jets to Iran last year, the Pentagon said.\n"
PAGE = (
    "<html><head><title>Jets for Iran</title></head><body><nav>Home | World | Weapons</nav>"
    "<article><h1>Jets for Iran</h1><p>Russia delivered twelve Su-35 fighter jets to Iran last year, "
    "the Pentagon said on Monday in a report to Congress about arms sales in the region.</p>"
    "<p>The report also said the jets were paid for in part with oil and that more deliveries "
    "were likely, although officials in Moscow declined to comment on the report.</p></article>"
    "</body></html>"
)


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(extract_cmd)
    return app


def test_txt_html_and_gz_give_json_lines_with_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    paths = [str(tmp_path / n) for n in ("a.txt", "b.html", "c.html.gz")]
    result = CliRunner().invoke(_app(), paths)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["file"] for r in rows} == set(paths)
    for r in rows:
        assert r["type"] == "arms_transfer" and r["supplier"]["country"] == "RUS"
        assert r["recipient"]["country"] == "IRN" and r["weapon_category"] == "aircraft"


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 50)
    (tmp_path / "german.txt").write_text(
        "Russland hat im vergangenen Jahr zwölf Kampfflugzeuge an den Iran geliefert, "
        "teilte das Ministerium mit.",
        encoding="utf-8",
    )
    paths = [str(tmp_path / n) for n in ("empty.txt", "binary.txt", "german.txt", "missing.txt", "good.txt")]
    result = CliRunner().invoke(_app(), paths)
    assert result.exit_code == 0
    for name, reason in [
        ("empty", "empty"),
        ("binary", "binary"),
        ("german", "not_english"),
        ("missing", "missing"),
    ]:
        assert f"{name}.txt: skipped ({reason})" in result.stderr
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == [str(tmp_path / "good.txt")]


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(_app(), [str(tmp_path / "empty.txt")])
    assert result.exit_code == 1 and "skipped (empty)" in result.stderr


def test_table_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(_app(), [str(tmp_path / "a.txt"), "--format", "table"])
    assert result.exit_code == 0 and "aircraft" in result.stdout and "Russia" in result.stdout


def test_gigantic_and_badly_encoded_files(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b" " * (MAX_FILE_BYTES + 10)))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Russia sold rockets to Syria, said the caf\xe9 owner.".encode("latin-1"))
    for path, reason in [(big, "too_large"), (bomb, "too_large")]:
        try:
            read_article(path)
        except InputError as exc:
            assert exc.reason == reason
        else:
            raise AssertionError(f"{path} was accepted")
    assert "café" in read_article(latin).text  # a single-byte encoding is read, not refused
