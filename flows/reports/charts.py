"""Charts for the HTML digest, drawn as inline SVG by hand (offline: no JS, no external CSS).

`network_svg` draws supplier -> recipient edges of transfer claims (line width: distinct outlets);
`days_svg` draws findings per day of the digest's window.
Every label is escaped; the output is a complete <svg> element.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from extractors.vocabulary import FINDING_TITLES, FINDING_TYPES

STATUS_COLOURS = {"asserted": "#2e7d32", "denied": "#c62828", "disputed": "#ef8f00", "planned": "#1565c0"}
# One colour per finding type, in FINDING_TYPES order (a new type gets the grey until it has its own).
_PALETTE = ("#d35400", "#34495e", "#8e44ad")
TYPE_COLOURS = {t: _PALETTE[i] if i < len(_PALETTE) else "#777777" for i, t in enumerate(FINDING_TYPES)}


@dataclass(frozen=True)
class Edge:
    """One supplier -> recipient pair of the network chart."""

    supplier: str
    recipient: str
    categories: tuple[str, ...]
    outlets: int
    status: str
    is_new: bool


NO_CODE = "\u2014"  # shown in place of the code of a party with no country (NATO, an unknown group)


def party_label(name: str, country: str | None) -> str:
    """Every node with its ISO code: "North Korea (PRK)", "Russia (RUS)", "NATO (\u2014)"; a name that is
    its code ("USA") or already ends with it is not repeated."""
    code = (country or "").upper() or NO_CODE
    if name.upper() == code or name.upper().endswith(f"({code})"):
        return name
    return f"{name} ({code})"


def _nodes(edges: list[Edge]) -> tuple[dict[str, int], dict[str, int]]:
    """Row of each supplier (first come first) and each recipient (by the mean row of its suppliers).

    Placing a recipient at the barycentre of its suppliers keeps most curves from crossing.
    """
    left: dict[str, int] = {}
    for e in edges:
        left.setdefault(e.supplier, len(left))
    rows: dict[str, list[int]] = {}
    for e in edges:
        rows.setdefault(e.recipient, []).append(left[e.supplier])
    ordered = sorted(rows, key=lambda name: (sum(rows[name]) / len(rows[name]), name))
    return left, {name: i for i, name in enumerate(ordered)}


_GAP, _TOP = 38, 46  # row height and top margin of the network chart


def _edge(e: Edge, ya: float, yb: float, x1: int, x2: int, labelled: bool) -> str:
    """One curve (with a tooltip) and, for a new pair, its weapon categories at the middle."""
    colour = STATUS_COLOURS.get(e.status, "#555")
    stroke = min(2 + 1.5 * e.outlets, 10)
    mid = (x1 + x2) / 2
    what = ", ".join(e.categories)
    out = (
        f'<path d="M{x1 + 8},{ya:.1f} C{mid},{ya:.1f} {mid},{yb:.1f} {x2 - 8},{yb:.1f}" fill="none" '
        f'stroke="{colour}" stroke-width="{stroke:.1f}" stroke-linecap="round" '
        f'opacity="{1.0 if e.is_new else 0.3}"><title>{escape(e.supplier)} -&gt; {escape(e.recipient)}: '
        f"{escape(what)} ({e.status}, {e.outlets} outlet(s))</title></path>"
    )
    if e.is_new and labelled:
        out += (
            f'\n<text x="{mid}" y="{(ya + yb) / 2 - 6:.1f}" text-anchor="middle" font-size="11" '
            f'fill="{colour}" stroke="#fff" stroke-width="3" paint-order="stroke">{escape(what)}</text>'
        )
    return out


def _node(name: str, x: int, y: float, anchor: str, dx: int) -> str:
    return (
        f'<circle cx="{x}" cy="{y:.1f}" r="7" fill="#fff" stroke="#333" stroke-width="2"/>\n'
        f'<text x="{x + dx}" y="{y + 4:.1f}" text-anchor="{anchor}">{escape(name)}</text>'
    )


def network_svg(edges: list[Edge], width: int = 860) -> str:
    """A two-column network: suppliers left, recipients right, one curve per pair.

    Curve thickness grows with the number of distinct outlets; colour is the stance; older pairs are faded.
    """
    if not edges:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="40" role="img">'
            '<text x="10" y="25" fill="#777" font-size="14">No arms-transfer claims yet.</text></svg>'
        )
    left, right = _nodes(edges)
    rows = max(len(left), len(right))
    height = _TOP + rows * _GAP + 10
    x1, x2 = 250, width - 250

    def y(index: int, count: int) -> float:  # columns with fewer nodes are centred
        return _TOP + (rows - count) * _GAP / 2 + index * _GAP + _GAP / 2

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="supplier to recipient network" font-family="sans-serif" font-size="13">',
        f'<text x="{x1}" y="22" text-anchor="end" font-weight="bold" fill="#444">supplier</text>',
        f'<text x="{x2}" y="22" font-weight="bold" fill="#444">recipient</text>',
    ]
    labelled = len(edges) <= 8  # beyond that the labels collide; the tooltips still say it
    for e in sorted(edges, key=lambda e: e.is_new):  # new pairs drawn last, on top
        ya, yb = y(left[e.supplier], len(left)), y(right[e.recipient], len(right))
        parts.append(_edge(e, ya, yb, x1, x2, labelled))
    for names, x, anchor, dx in ((left, x1, "end", -14), (right, x2, "start", 14)):
        parts.extend(_node(name, x, y(index, len(names)), anchor, dx) for name, index in names.items())
    parts.append("</svg>")
    return "\n".join(parts)


def days_svg(counts: dict[tuple[date, str], int], since: date, until: date, width: int = 860) -> str:
    """Stacked bars: findings per day and type for every day from `since` to `until` (the digest's
    window, nothing outside it), with a legend."""
    days = max((until - since).days + 1, 1)
    height, base, left = 150, 115, 40
    slot = min((width - left - 10) / days, 64.0)  # a short window keeps narrow bars
    peak = max([sum(n for (d, _), n in counts.items() if d == day) for day in {d for d, _ in counts}] or [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="findings per day" font-family="sans-serif" font-size="11">',
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{base - 86}" text-anchor="end" fill="#666">{peak}</text>',
    ]
    for i in range(days):
        day = until - timedelta(days=days - 1 - i)
        x, top = left + i * slot + 3, float(base)
        for ftype, colour in TYPE_COLOURS.items():
            n = counts.get((day, ftype), 0)
            if n:
                h = 90 * n / peak
                top -= h
                parts.append(
                    f'<rect x="{x:.1f}" y="{top:.1f}" width="{slot - 6:.1f}" height="{h:.1f}" '
                    f'fill="{colour}"><title>{day}: {n} {FINDING_TITLES[ftype]}</title></rect>'
                )
        if (days - 1 - i) % 2 == 0 or days <= 7:  # label the last day and every other one back
            parts.append(
                f'<text x="{x + (slot - 6) / 2:.1f}" y="{base + 15}" text-anchor="middle" '
                f'fill="#666">{day.strftime("%d %b")}</text>'
            )
    for j, (ftype, colour) in enumerate(TYPE_COLOURS.items()):
        lx = left + j * 150
        parts.append(
            f'<rect x="{lx}" y="{height - 14}" width="11" height="11" fill="{colour}"/>'
            f'<text x="{lx + 16}" y="{height - 4}" fill="#333">{FINDING_TITLES[ftype]}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
