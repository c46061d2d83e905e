"""The per-run alert budget of a destination: at most `budget` alerts each run, the rest in one summary.

A hostile page can make hundreds of claims at once; a chat channel must not get hundreds of messages.
Past the budget, a destination's rows are recorded as `summarised` (never sent alone, never lost) and
one summary alert names them all: titles in its body, their ids in the payload's `covers`.
"""

from __future__ import annotations

from collections import Counter

from extractors.records import short_hash
from flows.alerts.alert import Alert

SHOWN = 20  # titles listed in the summary's body


def split_by_budget(alerts: list[Alert], budget: int | None) -> tuple[list[Alert], list[Alert]]:
    """(sent alone, summarised): the first `budget` alerts, then the rest (no budget: all alone)."""
    if budget is None or len(alerts) <= budget:
        return alerts, []
    return alerts[:budget], alerts[budget:]


def summary_alert(destination: str, held: list[Alert], budget: int) -> Alert:
    """One alert standing for every alert held back from `destination` this run."""
    kinds = Counter(a.finding_type for a in held)
    what = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in kinds.most_common())
    title = f"{len(held)} more alerts this run ({what}), past the budget of {budget}"
    lines = [f"- {' '.join(a.title.split())}" for a in held[:SHOWN]]
    if len(held) > SHOWN:
        lines.append(f"- ... and {len(held) - SHOWN} more (each one is in the alerts file and table)")
    ids = tuple(a.alert_id for a in held)
    return Alert(
        alert_id=short_hash("alert-budget", destination, *ids), claim_id="", event="alert_budget",
        finding_type=kinds.most_common(1)[0][0], title=title, body="\n".join(lines),
        countries=frozenset(c for a in held for c in a.countries), outlets=max(a.outlets for a in held),
        confidence=max(a.confidence for a in held), links=tuple(a.links[0] for a in held if a.links)[:5],
        covers=ids,
    )
