"""The EU Financial Sanctions Files, XML 1.1 (namespace eu.europa.ec/fpi/fsd/export) -> ListVersion.

export@generationDate is the version. sanctionEntity: @logicalId (id), @designationDate,
@euReferenceNumber, subjectType@code, regulation@programme, nameAlias@wholeName (the first strong
one is the primary name; strong="false" -> weak alias), citizenship/address/birthdate country codes,
birthdate, identification. Deliberately ignored: remark, regulation details, publication URLs.
"""

from __future__ import annotations

from lxml import etree

from extractors.lists.countries import iso3
from extractors.lists.model import Identifier, ListEntity, ListFormatError, ListVersion, entity, keep
from extractors.lists.read import local, partial_date, xml_root

FORMAT = "eu_xml"
SCHEMAS = {"person": "person", "enterprise": "organisation", "vessel": "vessel", "aircraft": "aircraft"}
USED = frozenset(
    {"regulation", "subjectType", "nameAlias", "citizenship", "address", "birthdate", "identification"}
)
IGNORED = frozenset({"remark"})
ID_KINDS = {
    "passport": "passport",
    "id": "national_id",
    "regnumber": "registration",
    "fiscalcode": "tax_id",
    "swiftbic": "swift",
    "imo": "imo",
}


def parse(data: bytes, list_name: str = "eu-fsf") -> ListVersion:
    """Parse the full EU list; an entity without logicalId, subjectType or a name stops with its line."""
    root = xml_root(list_name, "export.xml", data)
    if local(root.tag) != "export":
        raise ListFormatError(list_name, "root element", f"<{local(root.tag)}> is not <export>")
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = local(element.tag)
    entities: dict[str, ListEntity] = {}
    warnings: list[str] = []
    skipped: set[str] = set()
    rows = 0
    for record in root.findall("sanctionEntity"):
        rows += 1 + len(record.findall("nameAlias")) + len(record.findall("address"))
        found = _record(list_name, record, warnings)
        if found is None:
            skipped.add(record.get("logicalId", ""))
        else:
            keep(entities, found, f"<sanctionEntity> line {record.sourceline}", warnings)
    return ListVersion(
        list_name, FORMAT, root.get("generationDate"), entities, rows, tuple(warnings), frozenset(skipped)
    )


def _record(list_name: str, record: etree._Element, warnings: list[str]) -> ListEntity | None:
    place = f"<sanctionEntity> line {record.sourceline}"
    logical_id = record.get("logicalId", "")
    subject = record.find("subjectType")
    names = [
        (a.get("wholeName", "").strip(), a.get("strong", "true") != "false")
        for a in record.findall("nameAlias")
    ]
    names = [(n, strong) for n, strong in names if n]
    if not logical_id or subject is None or not names:
        raise ListFormatError(list_name, place, "an entity needs @logicalId, <subjectType> and a <nameAlias>")
    for child in record:
        if child.tag not in USED and child.tag not in IGNORED:
            warnings.append(f"{place}: unknown element <{child.tag}> ignored")
    code = subject.get("code", "")
    if code not in SCHEMAS:
        warnings.append(f"{place}: logicalId {logical_id} has unknown subjectType {code!r}; skipped")
        return None
    primary = next((n for n, strong in names if strong), names[0][0])
    countries = [
        e.get("countryIso2Code", "")
        for tag in ("citizenship", "address", "birthdate")
        for e in record.findall(tag)
    ]
    dates = [partial_date(b.get("birthdate") or b.get("year") or "") for b in record.findall("birthdate")]
    return entity(
        logical_id,
        SCHEMAS[code],
        primary,
        aliases=[n for n, strong in names if strong],
        weak_aliases=[n for n, strong in names if not strong],
        birth_dates=[d for d in dates if d],
        countries=[c for c in map(iso3, countries) if c],
        identifiers=_ids(record),
        programmes=[r.get("programme", "") for r in record.findall("regulation")],
        listed_on=partial_date(record.get("designationDate", "")),
        reference=record.get("euReferenceNumber") or None,
    )


def _ids(record: etree._Element) -> list[Identifier]:
    out = []
    for item in record.findall("identification"):
        number = (item.get("number") or item.get("latinNumber") or "").strip()
        if number:
            kind = ID_KINDS.get(item.get("identificationTypeCode", "").lower(), "other")
            out.append(Identifier(kind, number, iso3(item.get("countryIso2Code"))))
    return out
