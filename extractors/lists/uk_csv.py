"""The UK HM Treasury / OFSI Consolidated List, 2022 CSV format (ConList.csv) -> ListVersion.

Line 1 is "Last Updated,DD/MM/YYYY" (the version), line 2 the header; then one row per name of a
designation, grouped by "Group ID" (the id). "Alias Type" = "Prime Alias" gives the primary name;
other rows are aliases ("Alias Quality" = "Low" -> weak). Used: names (Name 6 is the surname or
the whole entity name, Name 1-5 the other parts), non-Latin name, Group Type, Regime, Listed On, DOB,
Nationality, Country, passport and national id numbers. Deliberately ignored: the other columns
(title, position, addresses, other information, dates of update).
"""

from __future__ import annotations

import re
from collections import defaultdict

from extractors.lists.countries import iso3
from extractors.lists.model import Identifier, ListEntity, ListFormatError, ListVersion, entity
from extractors.lists.read import csv_rows, decode, partial_date

FORMAT = "uk_csv"
REQUIRED = (
    "Name 6",
    "Name 1",
    "Name 2",
    "Name 3",
    "Name 4",
    "Name 5",
    "Name Non-Latin Script",
    "DOB",
    "Nationality",
    "Passport Number",
    "National Identification Number",
    "Country",
    "Group Type",
    "Alias Type",
    "Alias Quality",
    "Regime",
    "Listed On",
    "Group ID",
)
SCHEMAS = {"individual": "person", "entity": "organisation", "ship": "vessel"}
_NUMBERED = re.compile(r"\(\d+\)\s*")


def parse(data: bytes, list_name: str = "uk-ofsi-conlist", encoding: str = "utf-8") -> ListVersion:
    """Parse ConList.csv; a missing column or a row of another width stops with its place."""
    text = decode(list_name, "ConList.csv", data, encoding)
    lines = text.split("\n", 2)
    if len(lines) < 3 or not lines[0].startswith("Last Updated"):
        raise ListFormatError(list_name, "ConList.csv line 1", "expected 'Last Updated,DD/MM/YYYY'")
    header = next(csv_rows(list_name, "ConList.csv header", lines[1], len(lines[1].split(",")), 2))[1]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ListFormatError(list_name, "ConList.csv line 2", f"missing column(s) {', '.join(missing)}")
    column = {name: header.index(name) for name in REQUIRED}
    groups: dict[str, list[list[str]]] = defaultdict(list)
    rows = 0
    for line, cells in csv_rows(list_name, "ConList.csv", lines[2], len(header), 3):
        group = cells[column["Group ID"]].strip()
        if not group:
            raise ListFormatError(list_name, f"ConList.csv line {line}", "row without a Group ID")
        groups[group].append(cells)
        rows += 1
    warnings: list[str] = []
    entities: dict[str, ListEntity] = {}
    skipped: set[str] = set()
    for group, members in groups.items():
        found = _group(group, members, column, warnings)
        if found is None:
            skipped.add(group)
        else:
            entities[group] = found
    version = partial_date(lines[0].split(",")[1]) if "," in lines[0] else None
    return ListVersion(list_name, FORMAT, version, entities, rows, tuple(warnings), frozenset(skipped))


def _group(
    group: str, members: list[list[str]], column: dict[str, int], warnings: list[str]
) -> ListEntity | None:
    def get(cells: list[str], name: str) -> str:
        return cells[column[name]].strip()

    kind = get(members[0], "Group Type").lower()
    if kind not in SCHEMAS:
        warnings.append(f"Group ID {group}: unknown Group Type {kind!r}; skipped")
        return None
    names = [(_name(SCHEMAS[kind], [get(c, f"Name {i}") for i in (6, 1, 2, 3, 4, 5)]), c) for c in members]
    prime = [n for n, c in names if get(c, "Alias Type").lower() == "prime alias"]
    weak = [n for n, c in names if get(c, "Alias Quality").lower() == "low"]
    others = [n for n, c in names if n not in prime and n not in weak]
    others += [get(c, "Name Non-Latin Script") for c in members]
    countries = [
        iso3(x)
        for c in members
        for field in ("Nationality", "Country")
        for x in _NUMBERED.split(get(c, field))
        if x.strip()
    ]
    ids = [
        Identifier(kind_, _NUMBERED.sub("", get(c, field)).strip(), None)
        for c in members
        for field, kind_ in (
            ("Passport Number", "passport"),
            ("National Identification Number", "national_id"),
        )
        if get(c, field)
    ]
    dates = [partial_date(get(c, "DOB")) for c in members]
    return entity(
        group,
        SCHEMAS[kind],
        (prime or [names[0][0]])[0],
        aliases=prime[1:] + others,
        weak_aliases=weak,
        birth_dates=[d for d in dates if d],
        countries=[c for c in countries if c],
        identifiers=ids,
        programmes=[get(c, "Regime") for c in members],
        listed_on=partial_date(get(members[0], "Listed On")),
    )


def _name(schema: str, parts: list[str]) -> str:
    """Name 6 is the surname (or the whole name of an entity or ship): "HOJATI, Mohsen"."""
    surname, rest = parts[0], " ".join(p for p in parts[1:] if p)
    if schema == "person" and surname and rest:
        return f"{surname}, {rest}"
    return surname or rest
