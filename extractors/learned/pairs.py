"""Features of a pair of parties in one sentence — "does A supply B?", "does A sanction B?" — for the
pair classifiers (the relation-extraction view: both parties' places in the parse, the dependency path
and the words between them). Either side may be missing (None): "B is looking to buy arms", "sanctions
on B" with no imposer named."""

from __future__ import annotations

from typing import Any

import numpy as np

from extractors.context import PartyMention
from extractors.learned.features import TENSOR_WIDTH, _token_form, entity_root, party_features
from extractors.learned.linear import Features

_EMPTY = np.zeros(2 * TENSOR_WIDTH, dtype=np.float32)


def pair_features(span: Any, a: PartyMention | None, b: PartyMention | None, offset: int,
                  source: str | None) -> Features:
    """Features of the ordered pair (a, b): each side's own features prefixed A:/B:, their order,
    distance, the words between them and the dependency path joining them."""
    names: list[str] = []
    dense = []
    for tag, pm in (("A", a), ("B", b)):
        if pm is None:
            names.append(f"{tag}:missing")
            dense.append(_EMPTY)
            continue
        own = party_features(span, pm, offset, source)
        names.extend(f"{tag}:{n}" for n in own.names)
        dense.append(own.dense)
    if a is not None and b is not None:
        names.extend(_between(span, a, b, offset))
    else:
        names.append("one_sided")
    return Features(names, np.concatenate(dense))


def _between(span: Any, a: PartyMention, b: PartyMention, offset: int) -> list[str]:
    ra, rb = entity_root(span, a, offset), entity_root(span, b, offset)
    if ra is None or rb is None:
        return ["no_root"]
    (ta, a0, a1), (tb, b0, b1) = ra, rb
    out = ["a_first" if a0 < b0 else "b_first"]
    lo, hi = (a1, b0) if a0 < b0 else (b1, a0)
    words = [_token_form(t) for t in span.doc[lo:hi] if not t.is_punct]
    out.append(f"gap={min(len(words), 12) // 3}")
    out.extend(f"mid={w}" for w in words[:12])
    path = _path(ta, tb)
    out.append(f"path={path}")
    out.extend(f"pathpart={p}" for p in path.split(" ")[:8])
    if a.party.country and a.party.country == b.party.country:
        out.append("same_state")
    return out


def _path(x: Any, y: Any) -> str:
    """The dependency path x -> lowest common ancestor -> y, as dep labels and the LCA's word."""
    up_x = [x, *x.ancestors]
    up_y = [y, *y.ancestors]
    ids_y = {t.i: k for k, t in enumerate(up_y)}
    for k, t in enumerate(up_x):
        if t.i in ids_y:
            left = [u.dep_ for u in up_x[:k]]
            right = [u.dep_ for u in reversed(up_y[: ids_y[t.i]])]
            return " ".join([*(f"{d}^" for d in left), _token_form(t), *(f"v{d}" for d in right)])
    return "none"
