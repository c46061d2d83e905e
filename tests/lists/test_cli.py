"""`sanctions-monitor lists diff | match | refresh` through the real typer app."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.helpers.lists import OURS

runner = CliRunner()


def test_diff_ofac_json_counts(lists_dir: Path) -> None:
    old, new = lists_dir / "ofac_sdn_csv_2019-01", lists_dir / "ofac_sdn_csv_2021-07"
    out = runner.invoke(app, ["lists", "diff", str(old), str(new / "sdn.csv"), "--format", "json"])
    assert out.exit_code == 0, out.output
    got = json.loads(out.stdout)

    def ids(folder: Path) -> set[str]:
        text = (folder / "sdn.csv").read_text(encoding="utf-8").replace("\x1a", "")
        return {r[0] for r in csv.reader(io.StringIO(text)) if len(r) == 12}

    assert (got["added"], got["removed"]) == (len(ids(new) - ids(old)), len(ids(old) - ids(new)))
    assert got["changed"] > 0 and max(got["changed_fields"].values()) <= got["changed"]
    assert {"added", "removed", "changed", "changed_fields", "added_by_programme", "examples"} <= set(got)


def test_diff_un_text_and_bad_file(tmp_path: Path) -> None:
    out = runner.invoke(app, ["lists", "diff", str(OURS / "un_v1.xml"), str(OURS / "un_v2.xml")])
    assert out.exit_code == 0, out.output
    assert "added 1, removed 1, changed 1 (aliases 1)" in out.stdout
    cut = tmp_path / "cut.xml"
    cut.write_bytes((OURS / "un_v2.xml").read_bytes()[:700])
    out = runner.invoke(app, ["lists", "diff", str(OURS / "un_v1.xml"), str(cut), "--format", "json"])
    message = " ".join(out.output.split())
    assert out.exit_code == 1 and "list 'cut.xml', consolidated.xml line 11" in message
    assert "malformed or truncated XML" in message


def test_match_json_best_first(lists_dir: Path) -> None:
    files = [
        lists_dir / "ofac_sdn_csv_2021-07",
        lists_dir / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml",
    ]
    args = ["lists", "match", "Evgeniy Prigojine", "--country", "rus", "--format", "json", "--limit", "5"]
    out = runner.invoke(app, [*args, *(a for f in files for a in ("--list-file", str(f)))])
    assert out.exit_code == 0, out.output
    got = json.loads(out.stdout)
    scores = [c["score"] for c in got["candidates"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 5
    best = got["candidates"][0]
    assert (best["entity_id"], best["listed"], best["country_match"]) == ("21171", True, True)
    assert not any(c["listed"] for c in got["candidates"][1:])


def test_match_without_warehouse_says_so(tmp_path: Path) -> None:
    out = runner.invoke(app, ["lists", "match", "Anyone", "--db", str(tmp_path / "none.duckdb")])
    assert out.exit_code == 1 and "no warehouse" in out.output


@pytest.mark.usefixtures("prefect_harness")
def test_refresh_command_and_exit_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.demo import LoopbackSite

    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(OURS / "un_v1.xml", root / "un.xml")
    with LoopbackSite(root=root) as site:
        lists_file = tmp_path / "lists.toml"
        lists_file.write_text(
            '[[list]]\nname = "un"\ntitle = "UN list"\nauthority = "UN"\n'
            'authority_name = "UN Security Council"\n'
            f'format = "un_xml"\nurl = "{site.url("/un.xml")}"\nmax_removed_share = 0.5\n'
        )
        monkeypatch.setenv("SANCTIONS_MONITOR_ALLOW_LOOPBACK", "true")
        monkeypatch.setenv("SANCTIONS_MONITOR_SNAPSHOT", "false")
        monkeypatch.setenv("SANCTIONS_MONITOR_ALERTS_FILE", str(tmp_path / "alerts.jsonl"))
        db = str(tmp_path / "w.duckdb")
        out = runner.invoke(app, ["lists", "refresh", "--lists", str(lists_file), "--db", db])
        assert out.exit_code == 0, out.output
        assert "baseline" in out.stdout
        out = runner.invoke(app, ["lists", "match", "Arvid Kolbasov", "--db", db, "--format", "json"])
        assert out.exit_code == 0, out.output
        assert json.loads(out.stdout)["candidates"][0]["entity_id"] == "900001"
        (root / "un.xml").write_bytes(b"<CONSOLIDATED_LIST><INDIVIDUALS>")
        out = runner.invoke(app, ["lists", "refresh", "--lists", str(lists_file), "--db", db])
        assert out.exit_code == 1 and "failed" in out.stdout
