"""Deltas by the list's own ids: the real OFAC 2019 -> 2021 change checked against sets the test
computes itself with the csv module, and our small fixtures (added, removed, changed and what)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from extractors.lists import ListVersion, diff_versions, parse_files
from tests.helpers.lists import OURS, our_ofac


def _independent(
    folder: Path,
) -> tuple[dict[str, tuple[str, str, frozenset[str]]], dict[str, frozenset[str]]]:
    """ent_num -> (name, type, programmes) from sdn.csv and ent_num -> alias names from alt.csv."""

    def rows(name: str, width: int) -> list[list[str]]:
        text = (folder / name).read_text(encoding="utf-8").replace("\x1a", "")
        return [r for r in csv.reader(io.StringIO(text)) if len(r) == width]

    primary = {
        r[0]: (" ".join(r[1].split()), r[2].strip(), frozenset(p.strip("[] ") for p in r[3].split("] [")))
        for r in rows("sdn.csv", 12)
    }
    aliases: dict[str, set[str]] = defaultdict(set)
    for r in rows("alt.csv", 5):
        if " ".join(r[3].split()) != primary[r[0]][0]:
            aliases[r[0]].add(" ".join(r[3].split()))
    return primary, {k: frozenset(v) for k, v in aliases.items()}


def test_ofac_2019_to_2021_matches_independent_counts(
    ofac_2019: ListVersion, ofac_2021: ListVersion, lists_dir: Path
) -> None:
    old, old_aliases = _independent(lists_dir / "ofac_sdn_csv_2019-01")
    new, new_aliases = _independent(lists_dir / "ofac_sdn_csv_2021-07")
    delta = diff_versions(ofac_2019, ofac_2021)
    assert {e.entity_id for e in delta.added} == set(new) - set(old)
    assert {e.entity_id for e in delta.removed} == set(old) - set(new)
    expected_changed = {
        i
        for i in set(old) & set(new)
        if old[i] != new[i] or old_aliases.get(i, frozenset()) != new_aliases.get(i, frozenset())
    }
    basic = {"name", "schema", "programmes", "aliases"}
    assert {c.entity_id for c in delta.changed if basic & set(c.fields)} == expected_changed
    summary = delta.summary()
    assert (summary["added"], summary["removed"]) == (len(set(new) - set(old)), len(set(old) - set(new)))
    assert summary["added"] > 1500 and summary["removed"] > 200  # a real 2.5-year delta, not a no-op
    expected_programme_changes = sum(1 for i in set(old) & set(new) if old[i][2] != new[i][2])
    assert summary["changed_fields"]["programmes"] == expected_programme_changes
    added_russia = sum(1 for i in set(new) - set(old) if "RUSSIA-EO14024" in new[i][2])
    assert summary["added_by_programme"]["RUSSIA-EO14024"] == added_russia


def test_our_un_fixture_delta() -> None:
    v1 = parse_files("un_xml", {"primary": (OURS / "un_v1.xml").read_bytes()}, "un")
    v2 = parse_files("un_xml", {"primary": (OURS / "un_v2.xml").read_bytes()}, "un")
    delta = diff_versions(v1, v2)
    assert [e.entity_id for e in delta.added] == ["900004"]
    assert [e.entity_id for e in delta.removed] == ["900002"]
    assert [(c.entity_id, c.fields) for c in delta.changed] == [("900001", ("aliases",))]
    assert diff_versions(v2, v2).empty


def test_our_ofac_fixture_delta_and_unreadable_records() -> None:
    v1 = parse_files("ofac_csv", our_ofac(1), "ofac-sdn")
    v2 = parse_files("ofac_csv", our_ofac(2), "ofac-sdn")
    delta = diff_versions(v1, v2)
    assert [e.entity_id for e in delta.added] == ["1004", "1005"]
    assert [e.entity_id for e in delta.removed] == ["1002"]
    assert [(c.entity_id, c.fields) for c in delta.changed] == [("1001", ("programmes",))]
    assert delta.summary()["added_by_programme"] == {"RUSSIA-EO14024": 2}
    # A record the parser could not read is not a delisting: 1001 with an unknown type is skipped.
    broken = our_ofac(2)
    broken["primary"] = broken["primary"].replace(b'"individual"', b'"spaceship"')
    unread = parse_files("ofac_csv", broken, "ofac-sdn")
    assert "1001" in unread.skipped_ids and any("spaceship" in w for w in unread.warnings)
    delta = diff_versions(v1, unread)
    assert [e.entity_id for e in delta.removed] == ["1002"] and delta.unreadable == ("1001",)
