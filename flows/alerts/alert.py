"""One alert and the typed JSON every receiver gets (webhooks, the alerts file, the `alerts.payload` column).

The payload (README "Alerts"): plain JSON types, never JSON inside a string: `countries`, `links`,
`parties` and `evidence` are arrays, `outlets` and `confidence` numbers, times ISO 8601 strings (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

PAYLOAD_VERSION = 1  # bump when a payload field changes meaning or goes away


@dataclass(frozen=True)
class Party:
    """A party of the claim in one role (supplier, recipient, authority, target, violator)."""

    role: str
    name: str | None
    country: str | None  # ISO 3166-1 alpha-3 or None


@dataclass(frozen=True)
class Evidence:
    """One sentence supporting the claim, who said it, and where."""

    sentence: str
    source: str | None
    url: str | None


@dataclass(frozen=True)
class Alert:
    """One thing worth telling someone: a new claim or a change of a claim's state."""

    alert_id: str
    claim_id: str
    event: str  # one of flows.claims.EVENTS (or list_added / list_removed / list_changed)
    finding_type: str  # the claim's type (extractors.vocabulary.FINDING_TYPES)
    title: str
    body: str
    countries: frozenset[str] = frozenset()
    outlets: int = 0
    confidence: float = 0.0
    links: tuple[str, ...] = ()
    label: str | None = None  # the claim's one-line label: "North Korea -> Russia: missiles"
    status: str | None = None  # the claim's status (asserted | denied | disputed | planned | imposed ...)
    parties: tuple[Party, ...] = ()
    stances: tuple[int, int, int] = (0, 0, 0)  # mentions asserting, denying, planning
    evidence: tuple[Evidence, ...] = ()
    run_id: str | None = None  # the run that detected the event
    detected_at: datetime | None = None
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    covers: tuple[str, ...] = ()  # a budget summary: the ids of the alerts it stands for

    def payload(self) -> dict[str, Any]:
        """The typed JSON fields a webhook and the alerts file receive besides title and body."""
        asserted, denied, planned = self.stances
        return {
            "payload_version": PAYLOAD_VERSION, "alert_id": self.alert_id, "claim_id": self.claim_id,
            "event": self.event, "kind": self.finding_type, "label": self.label, "status": self.status,
            "parties": [{"role": p.role, "name": p.name, "country": p.country} for p in self.parties],
            "countries": sorted(self.countries), "outlets": self.outlets,
            "mentions": {"asserted": asserted, "denied": denied, "planned": planned},
            "confidence": round(self.confidence, 3), "run_id": self.run_id,
            "detected_at": _iso(self.detected_at), "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen), "links": list(self.links),
            "evidence": [{"sentence": e.sentence, "source": e.source, "url": e.url} for e in self.evidence],
            "covers": list(self.covers),
        }

    def log_line(self) -> str:
        """The alert as one log line: title, countries, outlets, first link, id."""
        where = ", ".join(sorted(self.countries)) or "-"
        link = f" | {self.links[0]}" if self.links else ""
        title = " ".join(self.title.split())  # one line, whatever the names hold
        return f"alert: {title} | {where} | {self.outlets} outlet(s){link} | id {self.alert_id}"


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None
