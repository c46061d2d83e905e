"""Fixtures for the list tests: the real list files of the corpus (skipping when absent) and ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.lists import ListVersion, parse_files
from tests.helpers.lists import ofac_parts


@pytest.fixture(scope="session")
def lists_dir(corpus: Path) -> Path:
    path = corpus / "lists"
    if not path.is_dir():
        pytest.skip(f"no lists in the corpus at {path}")
    return path


@pytest.fixture(scope="session")
def ofac_2019(lists_dir: Path) -> ListVersion:
    return parse_files("ofac_csv", ofac_parts(lists_dir / "ofac_sdn_csv_2019-01"), "ofac-sdn")


@pytest.fixture(scope="session")
def ofac_2021(lists_dir: Path) -> ListVersion:
    return parse_files("ofac_csv", ofac_parts(lists_dir / "ofac_sdn_csv_2021-07", comments=True), "ofac-sdn")


@pytest.fixture(scope="session")
def un_full(lists_dir: Path) -> ListVersion:
    data = (lists_dir / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml").read_bytes()
    return parse_files("un_xml", {"primary": data}, "un-sc-consolidated")
