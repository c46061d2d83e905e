"""Each list format parsed from the real files in ../shared/corpus/lists, checked against counts the
test computes itself (regex / csv module), plus our own small fixtures."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

from extractors.lists import ListFormatError, ListVersion, detect_format, parse_files
from tests.helpers.lists import OURS, ofac_parts


def test_un_full_list_every_record(un_full: ListVersion, lists_dir: Path) -> None:
    raw = (lists_dir / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml").read_text(encoding="utf-8")
    ids = set(re.findall(r"<DATAID>(\d+)</DATAID>", raw))
    assert set(un_full.entities) == ids
    people = sum(1 for e in un_full.entities.values() if e.schema == "person")
    assert people == raw.count("<INDIVIDUAL>") and len(un_full) - people == raw.count("<ENTITY>")
    assert un_full.version == "2026-02-27T00:00:09.554Z" and not un_full.warnings
    strong = [
        a for a in re.findall(r"<QUALITY>([^<]*)</QUALITY>\s*<ALIAS_NAME>([^<]+)", raw) if a[0] != "Low"
    ]
    assert sum(len(e.aliases) for e in un_full.entities.values()) >= len({n for _, n in strong}) * 0.9
    badege = un_full.entities["6907993"]
    assert (badege.name, badege.listed_on, badege.programmes) == ("ERIC BADEGE", "2012-12-31", ("DRC",))
    assert badege.countries == ("COD", "RWA") and badege.birth_dates == ("1971",)
    assert badege.reference == "CDi.001"
    dprk = [e for e in un_full.entities.values() if "DPRK" in e.programmes]
    assert len(dprk) == raw.count("<UN_LIST_TYPE>DPRK</UN_LIST_TYPE>")
    passports = [e for e in un_full.entities.values() if any(i.kind == "passport" for i in e.identifiers)]
    assert passports and all(i.value for e in passports for i in e.identifiers)


def _csv_rows(path: Path, width: int) -> list[list[str]]:
    text = path.read_text(encoding="utf-8").replace("\x1a", "")
    return [r for r in csv.reader(io.StringIO(text)) if len(r) == width]


def test_ofac_sdn_csv_2021(ofac_2021: ListVersion, lists_dir: Path) -> None:
    folder = lists_dir / "ofac_sdn_csv_2021-07"
    rows = _csv_rows(folder / "sdn.csv", 12)
    assert set(ofac_2021.entities) == {r[0] for r in rows}
    kinds = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft", "-0-": "organisation"}
    for row in rows[::97]:
        assert ofac_2021.entities[row[0]].schema == kinds[row[2].strip()]
        assert ofac_2021.entities[row[0]].name == " ".join(row[1].split())
    names = {r[0]: " ".join(r[1].split()) for r in rows}
    alt_ids = {r[0] for r in _csv_rows(folder / "alt.csv", 5) if " ".join(r[3].split()) != names[r[0]]}
    assert {i for i, e in ofac_2021.entities.items() if e.aliases} == alt_ids
    imo = {r[0] for r in rows if "IMO " in r[11]}
    assert {
        i for i, e in ofac_2021.entities.items() if any(x.kind.startswith("imo") for x in e.identifiers)
    } == imo
    prigozhin = ofac_2021.entities["21171"]
    assert prigozhin.name == "PRIGOZHIN, Yevgeniy Viktorovich" and "PRIGOZHIN, Evgeny" in prigozhin.aliases
    assert prigozhin.countries == ("RUS",) and prigozhin.birth_dates == ("1961-06-01",)
    assert {"CYBER2", "UKRAINE-EO13661"} <= set(prigozhin.programmes)
    assert ofac_2021.version is None and not ofac_2021.warnings


def test_ofac_consolidated_non_sdn(lists_dir: Path) -> None:
    folder = lists_dir / "ofac_consolidated_nonsdn_2025-12"
    version = parse_files("ofac_csv", ofac_parts(folder, "cons_prim.csv", comments=True), "ofac-consolidated")
    rows = _csv_rows(folder / "cons_prim.csv", 12)
    assert set(version.entities) == {r[0] for r in rows} and len(version) == len(rows) > 400
    programmes = {p for r in rows for p in r[3].strip("[] ").split("] [")}
    assert {p for e in version.entities.values() for p in e.programmes} == programmes


def test_ofac_xml_sample_and_its_zip(lists_dir: Path) -> None:
    folder = lists_dir / "deriv_sanctions_samples"
    data = (folder / "ofac_sdn_xml_sample_2020-04-22.xml").read_bytes()
    version = parse_files("ofac_xml", {"primary": data}, "ofac-sdn-xml")
    assert version.version == "2020-04-22"
    assert set(version.entities) == {i.decode() for i in re.findall(rb"<sdnEntry>\s*<uid>(\d+)</uid>", data)}
    assert len(version) == 8
    saeed = version.entities["10689"]
    assert saeed.name == "SAEED, Muhammad" and saeed.schema == "person" and saeed.programmes == ("SDGT",)
    assert "SAEED, Hafiz Mohammad" in saeed.aliases and "HAFIZ SAHIB" in saeed.weak_aliases
    assert ("passport", "BE5978421", "PAK") in [(i.kind, i.value, i.country) for i in saeed.identifiers]
    with zipfile.ZipFile(folder / "ofac_sdn_sample.zip") as archive:
        zipped = archive.read(archive.namelist()[0])
    assert parse_files("ofac_xml", {"primary": zipped}, "ofac-sdn-xml").entities == version.entities


def test_eu_fsf_sample(lists_dir: Path) -> None:
    data = (lists_dir / "deriv_sanctions_samples" / "eu_fsf_sample_2020-04-15.xml").read_bytes()
    version = parse_files("eu_xml", {"primary": data}, "eu-fsf")
    ids = re.findall(rb'<sanctionEntity [^>]*logicalId="(\d+)"', data)
    assert set(version.entities) == {i.decode() for i in ids} and len(ids) == 7 and len(version) == 6
    assert any("appears twice" in w for w in version.warnings)  # the sample repeats logicalId 5468
    first = version.entities["5295"]
    assert first.name == "Abid Hammadou" and "Abdelhamid Abou Zeid" in first.aliases
    assert first.listed_on == "2008-07-03" and first.countries == ("DZA",) and first.programmes == ("TAQA",)
    assert version.version == "2020-04-15T15:29:22.497+02:00"


def test_uk_conlist_sample(lists_dir: Path) -> None:
    path = lists_dir / "deriv_sanctions_samples" / "uk_hmt_conlist_sample_2020-04-27.csv"
    version = parse_files("uk_csv", {"primary": path.read_bytes()}, "uk-ofsi-conlist")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))[2:]
    assert set(version.entities) == {r[35] for r in rows} and version.version == "2020-04-27"
    hojati = version.entities["9053"]
    assert hojati.name == "HOJATI, Mohsen" and hojati.programmes == ("Iran (nuclear proliferation)",)
    assert hojati.listed_on == "2007-03-24" and hojati.birth_dates == ("1955-09-28",)
    assert "محسن حجتی" in hojati.aliases


def test_format_detection(lists_dir: Path) -> None:
    samples = lists_dir / "deriv_sanctions_samples"
    assert (
        detect_format((lists_dir / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml").read_bytes())
        == "un_xml"
    )
    assert detect_format((samples / "un_sc_sample_2024-10-17.xml").read_bytes()) == "un_xml"
    assert detect_format((samples / "ofac_sdn_xml_sample_2020-04-22.xml").read_bytes()) == "ofac_xml"
    assert detect_format((samples / "eu_fsf_sample_2020-04-15.xml").read_bytes()) == "eu_xml"
    assert detect_format((samples / "uk_hmt_conlist_sample_2020-04-27.csv").read_bytes()) == "uk_csv"
    assert detect_format((lists_dir / "ofac_sdn_csv_2019-01" / "sdn.csv").read_bytes()) == "ofac_csv"
    assert detect_format((samples / "il_moha_sample.xml").read_bytes()) is None


def test_un_sample_without_entities_section_is_refused(lists_dir: Path) -> None:
    """The 2024 UN sample was cut down to individuals only: read as a refresh, it would delist every
    entity, so a missing section is a structural error naming the list and the element."""
    data = (lists_dir / "deriv_sanctions_samples" / "un_sc_sample_2024-10-17.xml").read_bytes()
    with pytest.raises(ListFormatError, match=r"'un-sc-consolidated'.*no <ENTITIES> section"):
        parse_files("un_xml", {"primary": data}, "un-sc-consolidated")
    patched = data.replace(b"</INDIVIDUALS>", b"</INDIVIDUALS><ENTITIES/>")
    version = parse_files("un_xml", {"primary": patched}, "un-sc-consolidated")
    assert len(version) == data.count(b"<DATAID>")
    assert version.entities["2797952"].name == "JABER ABDALLAH JABER AHMAD AL-JALAHMAH"
    assert "Abu Muhammad" in version.entities["2797952"].weak_aliases


def test_our_fixtures_parse() -> None:
    un = parse_files("un_xml", {"primary": (OURS / "un_v1.xml").read_bytes()}, "un")
    arvid = un.entities["900001"]
    assert arvid.name == "ARVID TESTOVICH KOLBASOV" and arvid.aliases == ("Arvid Kolbasov",)
    assert arvid.weak_aliases == ("The Sausage",) and arvid.countries == ("RUS",)
    assert [(i.kind, i.value, i.country) for i in arvid.identifiers] == [("passport", "P-1234", "RUS")]
    assert un.entities["900003"].countries == ("PRK",) and un.entities["900003"].schema == "organisation"
