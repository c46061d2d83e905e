"""Every closed vocabulary of the project, in one place: all other modules import from here.

The values are part of the mention contract and the warehouse schema (DESIGN.md): adding a value is
additive; renaming one needs a migration and a README note.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

# What a finding is about (the mention's `type`; an alert's kind is its finding's type).
FindingType = Literal["arms_transfer", "sanction", "un_violation"]
FINDING_TYPES: Final[tuple[FindingType, ...]] = get_args(FindingType)
FINDING_TITLES: Final[dict[str, str]] = {
    "arms_transfer": "arms transfers", "sanction": "sanctions", "un_violation": "UN violations",
}

# Arms transfers and UN violations: how the text holds the event.
Stance = Literal["asserted", "denied", "planned"]
STANCES: Final[tuple[Stance, ...]] = get_args(Stance)

# Sanctions: what happens to the measure.
Action = Literal["imposed", "planned", "lifted"]
ACTIONS: Final[tuple[Action, ...]] = get_args(Action)

Measure = Literal[
    "asset_freeze", "export_controls", "arms_embargo", "travel_ban", "designation", "trade_restrictions",
    "other",
]
MEASURES: Final[tuple[Measure, ...]] = get_args(Measure)

WeaponCategory = Literal[
    "aircraft", "air_defence", "armoured_vehicles", "artillery", "missiles", "ships", "drones",
    "small_arms", "ammunition", "sensors", "engines", "other",
]
WEAPON_CATEGORIES: Final[tuple[WeaponCategory, ...]] = get_args(WeaponCategory)

# What a named party is.
PartyKind = Literal["state", "group", "company", "person", "organisation", "vessel", "media", "other"]
PARTY_KINDS: Final[tuple[PartyKind, ...]] = get_args(PartyKind)

# Which role a party plays in a finding of each type (the learned role classifier's labels).
ROLES: Final[dict[str, tuple[str, ...]]] = {
    "arms_transfer": ("supplier", "recipient"),
    "sanction": ("authority", "target"),
    "un_violation": ("violator",),
}

# Where a source's items come from (feeds.toml `kind`).
SourceKind = Literal["news", "official"]
SOURCE_KINDS: Final[tuple[SourceKind, ...]] = get_args(SourceKind)
