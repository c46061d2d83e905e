"""OFAC's sdn.xml / consolidated.xml (namespace tempuri.org/sdnList.xsd) -> ListVersion.

publshInformation/Publish_Date is the version. sdnEntry: uid (id), lastName + firstName (written
"LAST, First" like the CSV files, so both formats give the same names), sdnType, programList,
akaList (category weak -> weak alias), idList, addressList/nationalityList/citizenshipList countries,
dateOfBirthList, vesselInfo (flag, call sign). Deliberately ignored: title, remarks, placeOfBirthList
and the rest of vesselInfo.
"""

from __future__ import annotations

from lxml import etree

from extractors.lists.countries import iso3
from extractors.lists.model import Identifier, ListEntity, ListFormatError, ListVersion, entity, keep
from extractors.lists.ofac_remarks import ID_PREFIXES
from extractors.lists.read import local, partial_date, text_of, us_date, xml_root

FORMAT = "ofac_xml"
SCHEMAS = {"individual": "person", "entity": "organisation", "vessel": "vessel", "aircraft": "aircraft"}
USED = frozenset(
    {
        "uid",
        "firstName",
        "lastName",
        "sdnType",
        "programList",
        "akaList",
        "idList",
        "addressList",
        "nationalityList",
        "citizenshipList",
        "dateOfBirthList",
        "vesselInfo",
    }
)
IGNORED = frozenset({"title", "remarks", "placeOfBirthList"})
ID_KINDS = {prefix.lower(): kind for prefix, kind in ID_PREFIXES} | {
    "vessel registration identification": "imo"
}


def parse(data: bytes, list_name: str = "ofac-sdn-xml") -> ListVersion:
    """Parse a whole sdn.xml; an entry without uid, sdnType or lastName stops with its line."""
    root = xml_root(list_name, "sdn.xml", data)
    if local(root.tag) != "sdnList":
        raise ListFormatError(list_name, "root element", f"<{local(root.tag)}> is not <sdnList>")
    # Elements are read namespace-blind: the file's own namespace varies between publications.
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = local(element.tag)
    info = root.find("publshInformation")
    if info is None:
        raise ListFormatError(list_name, "<sdnList>", "no <publshInformation>")
    version = us_date(text_of(info.find("Publish_Date")))
    entities: dict[str, ListEntity] = {}
    warnings: list[str] = []
    skipped: set[str] = set()
    rows = 0
    for entry in root.findall("sdnEntry"):
        rows += 1 + len(entry.findall("akaList/aka")) + len(entry.findall("addressList/address"))
        found = _entry(list_name, entry, warnings)
        if found is None:
            skipped.add(text_of(entry.find("uid")))
        else:
            keep(entities, found, f"<sdnEntry> line {entry.sourceline}", warnings)
    return ListVersion(list_name, FORMAT, version, entities, rows, tuple(warnings), frozenset(skipped))


def _name(element: etree._Element) -> str:
    last, first = text_of(element.find("lastName")), text_of(element.find("firstName"))
    return f"{last}, {first}" if last and first else last or first


def _entry(list_name: str, entry: etree._Element, warnings: list[str]) -> ListEntity | None:
    place = f"<sdnEntry> line {entry.sourceline}"
    uid, kind = text_of(entry.find("uid")), text_of(entry.find("sdnType")).lower()
    if not uid or not kind or not text_of(entry.find("lastName")):
        raise ListFormatError(list_name, place, "an entry needs <uid>, <sdnType> and <lastName>")
    for child in entry:
        if child.tag not in USED and child.tag not in IGNORED:
            warnings.append(f"{place}: unknown element <{child.tag}> ignored")
    if kind not in SCHEMAS:
        warnings.append(f"{place}: uid {uid} has unknown sdnType {kind!r}; skipped")
        return None
    akas = entry.findall("akaList/aka")
    countries = [text_of(e) for e in entry.findall("addressList/address/country")]
    countries += [text_of(e) for e in entry.findall("nationalityList/nationality/country")]
    countries += [text_of(e) for e in entry.findall("citizenshipList/citizenship/country")]
    flag = text_of(entry.find("vesselInfo/vesselFlag"))
    dates = [partial_date(text_of(e)) for e in entry.findall("dateOfBirthList/dateOfBirthItem/dateOfBirth")]
    return entity(
        uid,
        SCHEMAS[kind],
        _name(entry),
        aliases=[_name(a) for a in akas if text_of(a.find("category")).lower() != "weak"],
        weak_aliases=[_name(a) for a in akas if text_of(a.find("category")).lower() == "weak"],
        birth_dates=[d for d in dates if d],
        countries=[c for c in map(iso3, [*countries, flag]) if c],
        identifiers=_ids(entry, iso3(flag)),
        programmes=[text_of(p) for p in entry.findall("programList/program")],
    )


def _ids(entry: etree._Element, flag: str | None) -> list[Identifier]:
    out = []
    for item in entry.findall("idList/id"):
        kind = ID_KINDS.get(text_of(item.find("idType")).lower(), "other")
        value = text_of(item.find("idNumber"))
        if kind == "imo":
            value = "".join(ch for ch in value if ch.isdigit())
        if value:
            out.append(Identifier(kind, value, iso3(text_of(item.find("idCountry")))))
    if call_sign := text_of(entry.find("vesselInfo/callSign")):
        out.append(Identifier("call_sign", call_sign, flag))
    return out
