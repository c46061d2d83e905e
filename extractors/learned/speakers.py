"""Who says so, finding by finding: the reporting layers above the clause of a finding (extractors.cues:
"X said", "X denied", "according to X") give the source of each stance the classifiers chose, so "North
Korea denied US claims that it sent shells" is asserted by the US and denied by North Korea. The
stance itself stays the classifier's; only its source is read off the parse."""

from __future__ import annotations

from typing import Any

from extractors.context import PartyMention
from extractors.cues import stance_of
from extractors.learned.features import entity_root
from extractors.parties import DocMemory
from extractors.records import Party


def anchor(span: Any, sides: list[PartyMention | None], offset: int) -> Any:
    """The token a finding hangs on: the lowest common ancestor of its parties' roots."""
    roots = [r[0] for pm in sides if pm is not None and (r := entity_root(span, pm, offset))]
    if not roots:
        return span.root
    chains = [[r, *r.ancestors] for r in roots]
    common = [t for t in chains[0] if all(any(t.i == u.i for u in c) for c in chains[1:])]
    node = common[0] if common else span.root
    return node.head if node.pos_ not in ("VERB", "AUX", "NOUN") and node.head.i != node.i else node


def sources(span: Any, parties: list[PartyMention], memory: DocMemory, offset: int, tok: Any,
            default: Party | None) -> dict[str, Party | None]:
    """stance -> its source, from the reporting layers above `tok` (default: the sentence's source)."""
    return dict(stance_of(tok, parties, memory, offset, default))
