"""The one entity model every official list is parsed into (pure data, no I/O).

A `ListVersion` is what one publication of one list held: its entities keyed by the list's own ids.
`ListFormatError` is the structural surprise (missing column or element, wrong encoding, truncated
file): it names the list and the place, and the caller keeps the previous version current.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from extractors.errors import StructureError

Schema = Literal["person", "organisation", "vessel", "aircraft"]
SCHEMAS: frozenset[str] = frozenset({"person", "organisation", "vessel", "aircraft"})
# The fields `diff` compares, in report order (every one of them is a ListEntity attribute).
COMPARED = (
    "name",
    "aliases",
    "weak_aliases",
    "schema",
    "programmes",
    "countries",
    "birth_dates",
    "identifiers",
    "listed_on",
)


class ListFormatError(StructureError):
    """A list file whose structure is not what its format promises; names the list and the place."""

    def __init__(self, list_name: str, place: str, problem: str) -> None:
        super().__init__(f"list {list_name!r}, {place}: {problem}")
        self.list_name = list_name
        self.place = place
        self.problem = problem


@dataclass(frozen=True)
class Identifier:
    """An identifying document or number: kind is passport, national_id, imo (a ship), imo_company,
    tax_id, registration, swift, mmsi, call_sign, aircraft_serial or other; country ISO3 or None."""

    kind: str
    value: str
    country: str | None = None

    def sort_key(self) -> tuple[str, str, str]:
        """Identifiers sort by kind, value, country (no country first)."""
        return (self.kind, self.value, self.country or "")


@dataclass(frozen=True)
class ListEntity:
    """One designated person, organisation, vessel or aircraft as its list describes it.

    Collections are sorted tuples, so two readings of the same record compare equal.
    `listed_on` is an ISO date (YYYY-MM-DD) when the list says when it designated the entity.
    """

    entity_id: str  # the list's own id (UN DATAID, OFAC ent_num/uid, EU logicalId, UK Group ID)
    schema: str  # one of SCHEMAS
    name: str  # the primary name as the list writes it
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()  # names the list itself marks low quality ("Abu Muhammad")
    birth_dates: tuple[str, ...] = ()  # as precise as the list is: 1962, 1962-05, 1962-05-03
    countries: tuple[str, ...] = ()  # ISO3 codes: nationality, citizenship, address, flag
    identifiers: tuple[Identifier, ...] = ()
    programmes: tuple[str, ...] = ()  # OFAC programme tags, UN committee, EU/UK regime
    listed_on: str | None = None
    reference: str | None = None  # the publisher's reference number (UN QDi.237, EU.123.45)

    @property
    def names(self) -> tuple[str, ...]:
        """The primary name first, then every alias."""
        return (self.name, *self.aliases)

    def value(self, name: str) -> object:
        """The value of one compared field (see COMPARED)."""
        return getattr(self, name)


@dataclass(frozen=True)
class ListVersion:
    """One publication of one list: its entities by id, and what the parser had to say."""

    list_name: str
    format: str  # un_xml | ofac_csv | ofac_xml | eu_xml | uk_csv
    version: str | None  # the publisher's date or number, when the file carries one
    entities: dict[str, ListEntity]
    rows: int = 0  # records (rows or elements) read, aliases and addresses included
    warnings: tuple[str, ...] = ()  # ignored-but-unknown fields, skipped records (with place)
    skipped_ids: frozenset[str] = field(default_factory=frozenset)  # ids whose record was unreadable

    def __len__(self) -> int:
        return len(self.entities)


def entity(
    entity_id: str,
    schema: str,
    name: str,
    *,
    aliases: list[str] | tuple[str, ...] = (),
    weak_aliases: list[str] | tuple[str, ...] = (),
    birth_dates: list[str] | tuple[str, ...] = (),
    countries: list[str] | tuple[str, ...] = (),
    identifiers: list[Identifier] | tuple[Identifier, ...] = (),
    programmes: list[str] | tuple[str, ...] = (),
    listed_on: str | None = None,
    reference: str | None = None,
) -> ListEntity:
    """A ListEntity with its collections de-duplicated and sorted (the primary name is not an alias)."""
    clean_name = " ".join(name.split())
    alias_set = {" ".join(a.split()) for a in aliases} - {clean_name, ""}
    weak_set = {" ".join(a.split()) for a in weak_aliases} - alias_set - {clean_name, ""}
    return ListEntity(
        entity_id=entity_id,
        schema=schema,
        name=clean_name,
        aliases=tuple(sorted(alias_set)),
        weak_aliases=tuple(sorted(weak_set)),
        birth_dates=tuple(sorted(set(birth_dates) - {""})),
        countries=tuple(sorted(set(countries))),
        identifiers=tuple(sorted(set(identifiers), key=Identifier.sort_key)),
        programmes=tuple(sorted({p.strip() for p in programmes} - {""})),
        listed_on=listed_on,
        reference=reference,
    )


def keep(entities: dict[str, ListEntity], found: ListEntity, place: str, warnings: list[str]) -> None:
    """Add `found` by id; a second record with the same id is warned about and replaces the first."""
    if found.entity_id in entities:
        warnings.append(f"{place}: id {found.entity_id} appears twice; the later record is kept")
    entities[found.entity_id] = found
