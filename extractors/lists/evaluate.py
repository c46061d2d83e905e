"""Labelled name pairs built from the lists themselves, and precision/recall of the matcher on them.

Positives: a listed entity's alias as the query against its own primary name (strong aliases only:
the ones the list itself vouches for). Negatives: an entity's primary name as the query against the
most similar name of a *different* entity on the same list (the blocking index finds it), leaving
out exact homonyms (two entities with the same normalised name cannot be told apart by name).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass

from extractors.lists.matching import Listed, MatchIndex, name_score
from extractors.lists.model import ListVersion
from extractors.lists.names import tokens


@dataclass(frozen=True)
class Pair:
    """A query name, a listed name and whether they name the same entity."""

    query: str
    listed: str
    same: bool
    list_name: str


@dataclass(frozen=True)
class Scores:
    threshold: float
    precision: float
    recall: float
    true_pos: int
    false_pos: int
    false_neg: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def build_pairs(versions: Iterable[ListVersion], per_list: int = 400, seed: int = 11) -> list[Pair]:
    """Up to `per_list` positives and as many negatives from each list (a fixed random sample)."""
    pairs: list[Pair] = []
    for version in versions:
        rng = random.Random(f"{seed}:{version.list_name}")
        entities = sorted(version.entities.values(), key=lambda e: e.entity_id)
        with_alias = [e for e in entities if any(tokens(a) != tokens(e.name) for a in e.aliases)]
        for e in rng.sample(with_alias, min(per_list, len(with_alias))):
            alias = rng.choice([a for a in e.aliases if tokens(a) != tokens(e.name)])
            pairs.append(Pair(alias, e.name, True, version.list_name))
        index = MatchIndex(Listed(version.list_name, e) for e in entities)
        for e in rng.sample(entities, min(per_list, len(entities))):
            other = next(
                (
                    c
                    for c in index.match(e.name, limit=20)
                    if c.entity_id != e.entity_id and tokens(c.matched_name) != tokens(e.name)
                ),
                None,
            )
            if other is not None:
                pairs.append(Pair(e.name, other.matched_name, False, version.list_name))
    return pairs


def pair_score(pair: Pair) -> float:
    """The matcher's score of one pair (query against listed name)."""
    return name_score(tokens(pair.query), tokens(pair.listed))


def evaluate(pairs: list[Pair], threshold: float) -> Scores:
    """Precision and recall of "score >= threshold means the same entity"."""
    tp = fp = fn = 0
    for pair in pairs:
        hit = pair_score(pair) >= threshold
        tp += hit and pair.same
        fp += hit and not pair.same
        fn += (not hit) and pair.same
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return Scores(threshold, round(precision, 3), round(recall, 3), tp, fp, fn)


@dataclass(frozen=True)
class Target:
    """A party name as the news writes it and the listed entities it names ((list, id); none: unlisted)."""

    name: str
    country: str | None
    kind: str | None
    expected: frozenset[tuple[str, str]]


def read_targets(lines: Iterable[str]) -> list[Target]:
    """Targets from JSON lines {"name", "country", "kind", "expected": [[list, id], ...]}."""
    out = []
    for line in lines:
        if line.strip():
            row = json.loads(line)
            out.append(
                Target(
                    row["name"],
                    row.get("country"),
                    row.get("kind"),
                    frozenset((str(a), str(b)) for a, b in row["expected"]),
                )
            )
    return out


def evaluate_targets(index: MatchIndex, targets: list[Target], threshold: float) -> Scores:
    """Precision/recall of the best candidate at or above `threshold` for each labelled news target."""
    tp = fp = fn = 0
    for target in targets:
        found = index.match(
            target.name, country=target.country, kind=target.kind, limit=1, threshold=threshold
        )
        answer = (found[0].list_name, found[0].entity_id) if found else None
        tp += answer is not None and answer in target.expected
        fp += answer is not None and answer not in target.expected
        fn += bool(target.expected) and (answer is None or answer not in target.expected)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return Scores(threshold, round(precision, 3), round(recall, 3), tp, fp, fn)
