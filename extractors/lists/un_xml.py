"""The UN Security Council Consolidated List (XML, scsanctions.un.org) -> ListVersion.

Structure: CONSOLIDATED_LIST@dateGenerated > INDIVIDUALS/INDIVIDUAL, ENTITIES/ENTITY. Used: DATAID
(id), FIRST..FOURTH_NAME, NAME_ORIGINAL_SCRIPT, aliases (QUALITY Low -> weak), UN_LIST_TYPE
(programme), REFERENCE_NUMBER, LISTED_ON, NATIONALITY, address countries, dates of birth, documents.
Deliberately ignored: free text and bookkeeping (IGNORED). Anything else is warned about.
"""

from __future__ import annotations

from lxml import etree

from extractors.lists.countries import iso3
from extractors.lists.model import Identifier, ListEntity, ListFormatError, ListVersion, entity, keep
from extractors.lists.read import local, partial_date, text_of, xml_root

FORMAT = "un_xml"
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
USED = frozenset(
    {
        *NAME_PARTS,
        "DATAID",
        "NAME_ORIGINAL_SCRIPT",
        "UN_LIST_TYPE",
        "REFERENCE_NUMBER",
        "LISTED_ON",
        "NATIONALITY",
        "INDIVIDUAL_ALIAS",
        "ENTITY_ALIAS",
        "INDIVIDUAL_ADDRESS",
        "ENTITY_ADDRESS",
        "INDIVIDUAL_DATE_OF_BIRTH",
        "INDIVIDUAL_DOCUMENT",
    }
)
IGNORED = frozenset(
    {
        "VERSIONNUM",
        "COMMENTS1",
        "DESIGNATION",
        "TITLE",
        "GENDER",
        "LIST_TYPE",
        "LAST_DAY_UPDATED",
        "SORT_KEY",
        "SORT_KEY_LAST_MOD",
        "INDIVIDUAL_PLACE_OF_BIRTH",
        "SUBMITTED_BY",
        "NAME_ORIGINAL_SCRIPT_LANG",
    }
)
SECTIONS = (("INDIVIDUALS", "INDIVIDUAL", "person"), ("ENTITIES", "ENTITY", "organisation"))
DOCUMENT_KINDS = {"passport": "passport", "national identification number": "national_id"}


def parse(data: bytes, list_name: str = "un-sc-consolidated") -> ListVersion:
    """Parse the whole consolidated list; a missing section or DATAID stops with its place."""
    root = xml_root(list_name, "consolidated.xml", data)
    if local(root.tag) != "CONSOLIDATED_LIST":
        raise ListFormatError(list_name, "root element", f"<{local(root.tag)}> is not <CONSOLIDATED_LIST>")
    entities: dict[str, ListEntity] = {}
    warnings: list[str] = []
    rows = 0
    for section_tag, record_tag, schema in SECTIONS:
        section = root.find(section_tag)
        if section is None:
            raise ListFormatError(list_name, "<CONSOLIDATED_LIST>", f"no <{section_tag}> section")
        for record in section:
            if local(record.tag) != record_tag:
                warnings.append(f"<{section_tag}> line {record.sourceline}: unexpected <{local(record.tag)}>")
                continue
            found = _record(list_name, record, schema, warnings)
            rows += 1 + sum(1 for child in record if local(child.tag).endswith(("_ALIAS", "_ADDRESS")))
            keep(entities, found, f"<{record_tag}> line {record.sourceline}", warnings)
    return ListVersion(list_name, FORMAT, root.get("dateGenerated"), entities, rows, tuple(warnings))


def _record(list_name: str, record: etree._Element, schema: str, warnings: list[str]) -> ListEntity:
    place = f"<{local(record.tag)}> line {record.sourceline}"
    entity_id = text_of(record.find("DATAID"))
    if not entity_id:
        raise ListFormatError(list_name, place, "no <DATAID>")
    name = " ".join(text_of(record.find(tag)) for tag in NAME_PARTS if text_of(record.find(tag)))
    if not name:
        raise ListFormatError(list_name, place, f"DATAID {entity_id} has no <FIRST_NAME>")
    for child in record:
        tag = local(child.tag)
        if tag and tag not in USED and tag not in IGNORED:
            warnings.append(f"{place}: unknown element <{tag}> ignored")
    strong, weak = _aliases(record)
    return entity(
        entity_id,
        schema,
        name,
        aliases=strong + _texts(record, "NAME_ORIGINAL_SCRIPT"),
        weak_aliases=weak,
        birth_dates=_birth_dates(record),
        countries=_countries(record),
        identifiers=_documents(record),
        programmes=_texts(record, "UN_LIST_TYPE"),
        listed_on=partial_date(text_of(record.find("LISTED_ON"))),
        reference=text_of(record.find("REFERENCE_NUMBER")) or None,
    )


def _texts(record: etree._Element, path: str) -> list[str]:
    return [t for t in (text_of(e) for e in record.findall(path)) if t]


def _aliases(record: etree._Element) -> tuple[list[str], list[str]]:
    strong: list[str] = []
    weak: list[str] = []
    for alias in [*record.findall("INDIVIDUAL_ALIAS"), *record.findall("ENTITY_ALIAS")]:
        name = text_of(alias.find("ALIAS_NAME"))
        if name:
            (weak if text_of(alias.find("QUALITY")).lower() == "low" else strong).append(name)
    return strong, weak


def _countries(record: etree._Element) -> list[str]:
    names = _texts(record, "NATIONALITY/VALUE")
    names += _texts(record, "INDIVIDUAL_ADDRESS/COUNTRY") + _texts(record, "ENTITY_ADDRESS/COUNTRY")
    return [c for c in (iso3(n) for n in names) if c]


def _birth_dates(record: etree._Element) -> list[str]:
    out = []
    for item in record.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        for tag in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
            value = partial_date(text_of(item.find(tag)))
            if value:
                out.append(value)
    return out


def _documents(record: etree._Element) -> list[Identifier]:
    out = []
    for doc in record.findall("INDIVIDUAL_DOCUMENT"):
        number = text_of(doc.find("NUMBER"))
        if not number:
            continue
        kind = DOCUMENT_KINDS.get(text_of(doc.find("TYPE_OF_DOCUMENT")).lower(), "other")
        country = iso3(text_of(doc.find("ISSUING_COUNTRY")) or text_of(doc.find("COUNTRY_OF_ISSUE")))
        out.append(Identifier(kind, number, country))
    return out
