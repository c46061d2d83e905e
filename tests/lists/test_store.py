"""A version stored in DuckDB and read back is the same version: an unchanged list never shows as
changed after a round trip through the warehouse (real OFAC and UN files)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from extractors.lists import ListVersion, diff_versions
from flows.lists import store
from flows.lists.config import ListConfig
from flows.warehouse import Warehouse


@pytest.mark.parametrize("which", ["ofac_2021", "un_full"])
def test_round_trip_is_exact(which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    version: ListVersion = request.getfixturevalue(which)
    wh = Warehouse.open(tmp_path / "w.duckdb")
    config = ListConfig(
        version.list_name, "t", "UN", "UN Security Council", "un_xml", "https://lists.example/x"
    )
    at = datetime(2030, 1, 1, tzinfo=UTC)
    store.save_version(wh, config, "v1", version, None, {"primary": "abc"}, at, "baseline", None)
    version_id, back = store.current_version(wh, version.list_name)
    assert version_id == "v1" and back is not None and len(back) == len(version)
    delta = diff_versions(back, version)
    assert delta.empty, delta.summary(3)
    assert wh.query("select last_status, current_version from list_sources") == [("baseline", "v1")]


def test_identifiers_with_and_without_country_sort() -> None:
    from extractors.lists import Identifier
    from extractors.lists.model import entity

    found = entity(
        "1", "person", "X", identifiers=[Identifier("passport", "7", "RUS"), Identifier("passport", "7")]
    )
    assert [i.country for i in found.identifiers] == [None, "RUS"]
