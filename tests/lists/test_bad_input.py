"""Structural surprises stop parsing with a clear error naming the list and the place: a truncated
file, a missing column or element, a wrong encoding, an empty file."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.lists import ListFormatError, parse_files
from tests.helpers.lists import OURS, our_ofac


def test_truncated_un_xml_names_the_line(lists_dir: Path) -> None:
    data = (lists_dir / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml").read_bytes()
    cut = data[: len(data) // 2]
    with pytest.raises(
        ListFormatError,
        match=r"'un-sc-consolidated', consolidated.xml line \d+ column \d+: "
        r"malformed or truncated XML",
    ) as caught:
        parse_files("un_xml", {"primary": cut}, "un-sc-consolidated")
    assert caught.value.list_name == "un-sc-consolidated" and "line" in caught.value.place


def test_truncated_ofac_csv_mid_record() -> None:
    parts = our_ofac(1)
    whole = parts["primary"]
    parts["primary"] = whole[: whole.index(b"ACME") + 10]  # inside a quoted name
    with pytest.raises(ListFormatError, match=r"'ofac-sdn', primary line 2: malformed CSV: unexpected end"):
        parse_files("ofac_csv", parts, "ofac-sdn")
    parts["primary"] = whole[: whole.index(b"OOO") + 10]  # between two fields
    with pytest.raises(
        ListFormatError, match=r"'ofac-sdn', primary line 2: 4 columns where the format has 12"
    ):
        parse_files("ofac_csv", parts, "ofac-sdn")


def test_missing_column_ofac_and_uk(lists_dir: Path) -> None:
    parts = our_ofac(1)
    parts["alt"] = b'1001,3001,"aka","EKZAMPLEVICH, Boris"\n'  # the remarks column is gone
    with pytest.raises(ListFormatError, match=r"alt line 1: 4 columns where the format has 5"):
        parse_files("ofac_csv", parts, "ofac-sdn")
    uk = (lists_dir / "deriv_sanctions_samples" / "uk_hmt_conlist_sample_2020-04-27.csv").read_bytes()
    renamed = uk.replace(b",Regime,", b",Regimes,", 1)
    with pytest.raises(
        ListFormatError, match=r"'uk-ofsi-conlist', ConList.csv line 2: missing column\(s\) Regime"
    ):
        parse_files("uk_csv", {"primary": renamed}, "uk-ofsi-conlist")


def test_missing_element_un() -> None:
    data = (OURS / "un_v1.xml").read_bytes().replace(b"<DATAID>900002</DATAID>", b"", 1)
    with pytest.raises(ListFormatError, match=r"'un', <INDIVIDUAL> line \d+: no <DATAID>"):
        parse_files("un_xml", {"primary": data}, "un")


def test_wrong_encoding_csv_and_xml(lists_dir: Path) -> None:
    parts = our_ofac(1)
    parts["alt"] = parts["alt"].replace(b"EKZAMPLEVICH", "ÉKZAMPLEVICH".encode("latin-1"))
    with pytest.raises(ListFormatError, match=r"'ofac-sdn', alt line 1 \(byte \d+\): not valid utf-8"):
        parse_files("ofac_csv", parts, "ofac-sdn")
    eu = (lists_dir / "deriv_sanctions_samples" / "eu_fsf_sample_2020-04-15.xml").read_text(encoding="utf-8")
    latin = eu.replace("Abid Hammadou", "Abîd Hammadou").encode("latin-1")  # still declares UTF-8
    with pytest.raises(
        ListFormatError, match=r"'eu-fsf', export.xml line \d+ column \d+: .*\(wrong encoding\?\)"
    ):
        parse_files("eu_xml", {"primary": latin}, "eu-fsf")


def test_empty_and_foreign_files() -> None:
    with pytest.raises(ListFormatError, match="empty file"):
        parse_files("un_xml", {"primary": b""}, "un")
    with pytest.raises(ListFormatError, match=r"<sdnList> is not <CONSOLIDATED_LIST>"):
        parse_files("un_xml", {"primary": b"<sdnList/>"}, "un")
    with pytest.raises(ListFormatError, match="expected primary"):
        parse_files("ofac_csv", {"add": b""}, "ofac-sdn")
