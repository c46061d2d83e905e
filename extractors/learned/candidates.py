"""The parties of a sentence that may fill a role: named entities resolved by the gazetteers and the
model (extractors.parties), plus sanctioning bodies the gazetteer knows by name ("OFAC", "the Treasury")
that the statistical model did not mark as entities."""

from __future__ import annotations

from typing import Any

from extractors.context import PartyMention
from extractors.parties import DocMemory, find_parties
from extractors.sanctions_data import find_authorities


def sentence_parties(span: Any, offset: int, memory: DocMemory) -> list[PartyMention]:
    """Party mentions of a parsed sentence, article offsets, in text order."""
    found = find_parties(span, offset=offset, memory=memory)
    for hit in find_authorities(span.text):
        if hit.party is None:
            continue
        start, end = offset + hit.start, offset + hit.end
        if any(pm.start < end and start < pm.end for pm in found):
            continue
        found.append(PartyMention(span.text[hit.start : hit.end], start, end, hit.party, "AUTHORITY"))
    return sorted(found, key=lambda pm: pm.start)
