"""OFAC's legacy CSV files (SDN: sdn/add/alt/sdn_comments; non-SDN: cons_prim/add/alt/comments).

No header row; "-0-" is null. primary (12 columns): ent_num, name, type, programs ("SDGT] [IRGC"),
title, call sign, vessel type, tonnage, GRT, vessel flag, vessel owner, remarks. add (6): ent_num,
add_num, address, city, country, remarks. alt (5): ent_num, alt_num, type, name, remarks. comments
(2): ent_num, the remarks' continuation. Used: ids, names, aliases, type, programmes, vessel flag,
call sign, address countries, the remarks' dates/nationalities/documents (ofac_remarks). Deliberately
ignored: title, vessel type/tonnage/GRT/owner, street addresses, alias remarks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from extractors.lists.countries import iso3
from extractors.lists.model import Identifier, ListEntity, ListFormatError, ListVersion, entity, keep
from extractors.lists.ofac_remarks import read_remarks
from extractors.lists.read import csv_rows, decode

FORMAT = "ofac_csv"
WIDTHS = {"primary": 12, "add": 6, "alt": 5, "comments": 2}
SCHEMAS = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft", "": "organisation"}


def parse(parts: Mapping[str, bytes], list_name: str = "ofac-sdn", encoding: str = "utf-8") -> ListVersion:
    """Parse a set of OFAC CSV files keyed primary/add/alt/comments (only primary is required)."""
    unknown = set(parts) - set(WIDTHS)
    if unknown or "primary" not in parts:
        raise ListFormatError(
            list_name, "files", f"expected primary (+ add, alt, comments), got {sorted(parts)}"
        )
    tables = {
        part: list(csv_rows(list_name, part, decode(list_name, part, data, encoding), WIDTHS[part]))
        for part, data in parts.items()
    }
    warnings: list[str] = []
    extra = _by_id(list_name, tables, warnings)
    entities: dict[str, ListEntity] = {}
    skipped: set[str] = set()
    for line, cells in tables["primary"]:
        ent_num = _cell(cells[0])
        if not ent_num.isdigit():
            raise ListFormatError(list_name, f"primary line {line}", f"ent_num {ent_num!r} is not a number")
        kind = _cell(cells[2]).lower()
        if kind not in SCHEMAS:
            warnings.append(f"primary line {line}: ent_num {ent_num} has unknown type {kind!r}; skipped")
            skipped.add(ent_num)
            continue
        keep(entities, _entity(ent_num, SCHEMAS[kind], cells, extra), f"primary line {line}", warnings)
    rows = sum(len(t) for t in tables.values())
    return ListVersion(list_name, FORMAT, None, entities, rows, tuple(warnings), frozenset(skipped))


def _cell(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def _by_id(
    list_name: str, tables: dict[str, list[tuple[int, list[str]]]], warnings: list[str]
) -> dict[str, dict[str, list[str]]]:
    """ent_num -> {"aliases": [...], "countries": [...], "comments": [...]} from the side files."""
    known = {_cell(cells[0]) for _, cells in tables["primary"]}
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for part, column, key in (("alt", 3, "aliases"), ("add", 4, "countries"), ("comments", 1, "comments")):
        for line, cells in tables.get(part, []):
            ent_num = _cell(cells[0])
            if ent_num not in known:
                warnings.append(
                    f"{part} line {line}: ent_num {ent_num!r} is not in the primary file; ignored"
                )
                continue
            if value := _cell(cells[column]):
                out[ent_num][key].append(value)
    return out


def _entity(
    ent_num: str, schema: str, cells: list[str], extra: dict[str, dict[str, list[str]]]
) -> ListEntity:
    side = extra.get(ent_num, {})
    remarks = " ".join([_cell(cells[11]), *side.get("comments", [])])
    facts = read_remarks(remarks)
    countries = facts.countries + [c for c in (iso3(v) for v in side.get("countries", [])) if c]
    flag = iso3(_cell(cells[9]))
    identifiers = list(facts.identifiers)
    if call_sign := _cell(cells[5]):
        identifiers.append(Identifier("call_sign", call_sign, flag))
    programmes = [p.strip(" []") for p in _cell(cells[3]).split("] [")]
    return entity(
        ent_num,
        schema,
        _cell(cells[1]),
        aliases=side.get("aliases", []),
        birth_dates=facts.birth_dates,
        countries=countries + ([flag] if flag else []),
        identifiers=identifiers,
        programmes=programmes,
    )
