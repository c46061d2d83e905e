"""Parties of plain sentences from the gazetteers (no model for states), and an article's main state.

Used for the sentences before a candidate, which were never parsed: their states come from the
gazetteers alone (cheap), companies and groups from the shared pipeline (cached per sentence).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from extractors.records import Party
from extractors.sanctions_data import find_authorities

_NAME = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'.-]*){0,5}")


@lru_cache(maxsize=512)
def states_at(text: str) -> tuple[tuple[int, int, Party], ...]:
    """(start, end, Party) of states and sanctioning bodies named in plain text, from the gazetteers alone."""
    from extractors.parties import resolve_party

    found = [(f.start, f.end, f.party) for f in find_authorities(text) if f.party]
    for m in _NAME.finditer(text):
        if any(a == m.start() for a, _, _ in found):
            continue  # already named as an authority
        words = m.group(0).split()
        for n in range(len(words), 0, -1):  # longest resolvable prefix: "North Korean officials" -> PRK
            name = " ".join(words[:n])
            party = resolve_party(name)
            if party is None and name.endswith("."):  # "... hostile to Iran." (but "U.S." keeps its dot)
                name = name.rstrip(".")
                party = resolve_party(name)
            if party is not None and party.kind == "state":
                found.append((m.start(), m.start() + len(name), party))
                break
    return tuple(sorted(found, key=lambda x: x[0]))


def states_in_text(text: str) -> list[Party]:
    """States and sanctioning bodies named in a plain sentence, from the gazetteers alone (no model)."""
    return [p for _, _, p in states_at(text)]


def parties_in_text(text: str) -> list[Party]:
    """Parties named in a plain sentence, in text order (authority gazetteer + the shared parties)."""
    return [p for _, p in parties_at(text)]


@lru_cache(maxsize=512)
def parties_at(text: str) -> tuple[tuple[int, Party], ...]:
    """(offset, Party) for every party of a plain sentence (parsed with the shared pipeline; cached, as
    consecutive sentences share their previous sentences)."""
    from extractors.nlp import load_nlp
    from extractors.parties import find_parties

    found = [(f.start, f.end, f.party) for f in find_authorities(text) if f.party]
    for pm in find_parties(load_nlp()(text)[:]):
        if not any(pm.start < e and s < pm.end for s, e, _ in found):
            found.append((pm.start, pm.end, pm.party))
    return tuple((s, p) for s, _, p in sorted(found, key=lambda x: x[0]))


@lru_cache(maxsize=4)
def _article_states(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, ISO3) of every state the article names (gazetteers only), in text order."""
    return tuple((s, p.country) for s, _, p in states_at(text) if p.kind == "state" and p.country)


def main_state(text: str, pos: int) -> Party | None:
    """The state the article is about up to `pos`: named at least twice and twice as often as any other
    ("the government has barred ..." in a story about Japan); None when no state clearly leads."""
    from extractors.parties import code_name

    counts = Counter(code for at, code in _article_states(text) if at < pos).most_common(2)
    if not counts or counts[0][1] < 2 or (len(counts) > 1 and counts[0][1] < 2 * counts[1][1]):
        return None
    return Party(code_name(counts[0][0]), counts[0][0], "state")
