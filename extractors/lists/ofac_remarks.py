"""OFAC's Remarks column ("DOB 17 Feb 1974; POB ...; nationality Russia; Passport 639 (Russia); ...")
-> birth dates, countries and identifiers.

Only the items the entity model holds are read; the rest of the remarks (Linked To, POB, Gender,
Website, Additional Sanctions Information, ...) is deliberately left to the list itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.lists.countries import iso3
from extractors.lists.model import Identifier
from extractors.lists.read import partial_date

# Remark prefix -> identifier kind (data: one line per kind of document the model keeps).
ID_PREFIXES = (
    ("Vessel Registration Identification IMO", "imo"),
    ("Identification Number IMO", "imo"),
    ("Company Number IMO", "imo_company"),
    ("MMSI", "mmsi"),
    ("Passport", "passport"),
    ("National ID No.", "national_id"),
    ("Tax ID No.", "tax_id"),
    ("Registration Number", "registration"),
    ("SWIFT/BIC", "swift"),
    ("Aircraft Manufacturer's Serial Number (MSN)", "aircraft_serial"),
)
_ID_VALUE = re.compile(r"^(?P<value>[^()]+?)\s*(?:\((?P<country>[^)]*)\))?\s*$")
_COUNTRY_ITEM = re.compile(r"^(?:alt\.\s+)?(?:nationality|citizen)\s+(?P<country>.+)$")
_DOB = re.compile(r"^(?:alt\.\s+)?DOB\s+(?P<value>.+)$")


@dataclass
class RemarkFacts:
    """What the remarks of one entity say about the fields of the model."""

    birth_dates: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)


def read_remarks(remarks: str) -> RemarkFacts:
    """The birth dates, nationality/citizenship countries and identifiers named in OFAC remarks."""
    facts = RemarkFacts()
    for item in (part.strip().rstrip(".") for part in remarks.split(";")):
        if not item:
            continue
        if match := _DOB.match(item):
            facts.birth_dates += _dates(match.group("value"))
        elif match := _COUNTRY_ITEM.match(item):
            code = iso3(match.group("country"))
            if code:
                facts.countries.append(code)
        else:
            found = identifier(item)
            if found is not None:
                facts.identifiers.append(found)
    return facts


def identifier(item: str) -> Identifier | None:
    """'Passport 639092215 (Russia)' -> Identifier('passport', '639092215', 'RUS'); unknown -> None."""
    item = item.removeprefix("alt. ")
    for prefix, kind in ID_PREFIXES:
        if item.startswith(prefix + " "):
            match = _ID_VALUE.match(item[len(prefix) :].strip())
            if not match:
                return None
            value = match.group("value").strip()
            if kind in ("imo", "imo_company"):
                value = re.sub(r"\D", "", value)
            return Identifier(kind, value, iso3(match.group("country"))) if value else None
    return None


def _dates(value: str) -> list[str]:
    """'17 Feb 1974', 'circa 1960', '1965 to 1966' (both ends kept) -> partial ISO dates."""
    out = []
    for piece in re.split(r"\s+to\s+", value.strip()):
        parsed = partial_date(piece)
        if parsed:
            out.append(parsed)
    return out
