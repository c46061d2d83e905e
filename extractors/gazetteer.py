"""Load and check the data files under `extractors/gazetteers/` (behaviour lives in data, not in code).

Public API (every loader is cached; a malformed file raises `StructureError` naming file and line):

- `data_path(name) -> Path`                     the path of a gazetteer file
- `load_jsonl(name, required) -> list[dict]`    rows of a JSONL file; `required` maps key -> type(s)
- `load_tsv(name, columns) -> list[dict]`       rows of a TSV file whose header must equal `columns`
- `load_json(name) -> dict`                     one JSON object
- `countries() -> list[Country]`                ISO 3166-1 alpha-3 states (and historical SUN, YUG, ...)
- `groups() -> list[Entry]`                     armed groups, PMCs, arms companies (with their state)
- `bodies() -> list[Entry]`                     state bodies and media (country None = from context)
- `people() -> list[Entry]`                     leaders and officials with their state
- `weapons() -> list[WeaponTerm]`               weapon term -> SIPRI-like category
- `split_list(cell) -> list[str]`               ";"-separated TSV cell -> items
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from extractors.errors import StructureError
from extractors.jsonl import read_objects

DIR = Path(__file__).resolve().parent / "gazetteers"
CATEGORIES = frozenset(
    {
        "aircraft",
        "air_defence",
        "armoured_vehicles",
        "artillery",
        "missiles",
        "ships",
        "drones",
        "small_arms",
        "ammunition",
        "sensors",
        "engines",
        "other",
    }
)
_CODE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    metonyms: tuple[str, ...]  # capitals and seats of government used for the government


@dataclass(frozen=True)
class Entry:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    kind: str
    international: bool = False  # a body of no single state (UN, EU): never given one from context


@dataclass(frozen=True)
class WeaponTerm:
    term: str
    category: str
    weak: bool  # has a civilian reading ("engines", "equipment"): needs military context
    origin: str | None = None  # the state that makes a named system (Shahed -> IRN), if one


def data_path(name: str) -> Path:
    """Path of a gazetteer file; StructureError when it does not exist."""
    path = DIR / name
    if not path.is_file():
        raise StructureError(f"gazetteer file missing: {path}")
    return path


def load_jsonl(name: str, required: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of a JSONL gazetteer; every row must carry `required` keys of the given type(s)."""
    rows: list[dict[str, Any]] = []
    for no, row in read_objects(data_path(name)):
        for key, typ in required.items():
            if key not in row or not isinstance(row[key], typ):
                raise StructureError(f"{name}:{no}: field {key!r} missing or not {typ}")
        rows.append(row)
    if not rows:
        raise StructureError(f"{name}: no rows")
    return rows


def load_tsv(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a TSV gazetteer whose header must be exactly `columns`."""
    lines = data_path(name).read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise StructureError(f"{name}: header must be {columns}")
    rows = []
    for no, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise StructureError(f"{name}:{no}: {len(cells)} cells, expected {len(columns)}")
        rows.append(dict(zip(columns, cells, strict=True)))
    return rows


def load_json(name: str) -> dict[str, Any]:
    """One JSON object from a gazetteer file."""
    try:
        data = json.loads(data_path(name).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise StructureError(f"{name}: not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise StructureError(f"{name}: expected an object")
    return data


def split_list(cell: str) -> list[str]:
    """A ';'-separated TSV cell as a list of stripped, non-empty items."""
    return [x.strip() for x in cell.split(";") if x.strip()]


@cache
def countries() -> list[Country]:
    """Countries with aliases, demonyms and government metonyms; codes checked."""
    out = []
    for row in load_tsv("countries.tsv", ("code", "name", "aliases", "demonyms", "metonyms")):
        if not _CODE.match(row["code"]) or not row["name"].strip():
            raise StructureError(f"countries.tsv: bad row {row}")
        out.append(
            Country(
                row["code"],
                row["name"].strip(),
                tuple(split_list(row["aliases"])),
                tuple(split_list(row["demonyms"])),
                tuple(split_list(row["metonyms"])),
            )
        )
    return out


def _entries(name: str) -> list[Entry]:
    out = []
    for row in load_jsonl(name, {"name": str, "aliases": list, "kind": str}):
        code = row.get("country")
        if code is not None and not (isinstance(code, str) and _CODE.match(code)):
            raise StructureError(f"{name}: bad country code in {row}")
        out.append(
            Entry(row["name"], tuple(row["aliases"]), code, row["kind"], bool(row.get("international")))
        )
    return out


@cache
def groups() -> list[Entry]:
    """Armed groups, private military companies and arms makers, each with its state (or None)."""
    return _entries("groups.jsonl")


@cache
def bodies() -> list[Entry]:
    """State bodies and media; country None means 'the state named next to it'."""
    return _entries("bodies.jsonl")


@cache
def people() -> list[Entry]:
    """Well-known leaders and officials with their state (a name alone then tells the state)."""
    return _entries("people.jsonl")


@cache
def weapons() -> list[WeaponTerm]:
    """Weapon terms with their SIPRI-like category (checked against CATEGORIES)."""
    out = []
    for row in load_jsonl("weapons.jsonl", {"term": str, "category": str, "weak": bool}):
        if row["category"] not in CATEGORIES:
            raise StructureError(f"weapons.jsonl: unknown category {row['category']!r}")
        origin = row.get("origin")
        if origin is not None and not (isinstance(origin, str) and _CODE.match(origin)):
            raise StructureError(f"weapons.jsonl: bad origin in {row}")
        out.append(WeaponTerm(row["term"], row["category"], row["weak"], origin))
    return out
