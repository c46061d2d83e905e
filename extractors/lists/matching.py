"""Match a name (from the news) against every listed name and alias: a blocking index, then rapidfuzz.

Blocking: every name is filed under its words and their first four letters ("prigozhin", "prig"),
so a query only meets names sharing a word or a word's stem (transliterations mostly keep the
start: Prigozhin / Prigojine); very common keys are skipped. Scoring: the query's and the name's
words are aligned one to one by rapidfuzz's normalised Indel similarity (>= WORD_MIN), weighted by
length; the score leans on how much of the query is covered (news names are often partial: a
surname, no patronymic) and less on how much of the listed name is (a symmetric score and a
whole-string comparison were measured too: at precision >= 0.8 both found fewer true pairs).
Word order never matters.
Country, schema and then word order break ties between equal scores; they never lift a weak match.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from extractors.lists.model import ListEntity
from extractors.lists.names import tokens

WORD_MIN = 0.75  # two words below this similarity are different words
QUERY_WEIGHT = 0.8  # share of the score from query coverage (the rest: listed-name coverage)
COMMON_KEY = 0.02  # a key filed under more than this share of names is too common to block on
MAX_CANDIDATES = 300  # names scored per query, the ones sharing the most (rarest) keys
THRESHOLD = 0.8  # the default "listed" threshold (README: precision/recall on labelled pairs)
KIND_SCHEMA = {
    "person": "person",
    "company": "organisation",
    "group": "organisation",
    "organisation": "organisation",
    "media": "organisation",
    "vessel": "vessel",
}


@dataclass(frozen=True)
class Listed:
    """An entity with the list it is on (the index holds entities of several lists)."""

    list_name: str
    entity: ListEntity


@dataclass(frozen=True)
class Candidate:
    """One listed entity a query name may be, with the name that matched and the score."""

    list_name: str
    entity_id: str
    name: str  # the entity's primary name
    matched_name: str  # the primary name or the alias that scored best
    score: float
    schema: str
    countries: tuple[str, ...]
    programmes: tuple[str, ...]
    listed_on: str | None
    country_match: bool | None  # None when the query or the entity has no country


def name_score(query: tuple[str, ...], name: tuple[str, ...]) -> float:
    """Similarity of two token tuples in [0, 1] (see the module docstring)."""
    if not query or not name:
        return 0.0
    pairs = sorted(
        ((Indel.normalized_similarity(q, n), i, j) for i, q in enumerate(query) for j, n in enumerate(name)),
        reverse=True,
    )
    used_q: set[int] = set()
    used_n: set[int] = set()
    covered_q = covered_n = 0.0
    for similarity, i, j in pairs:
        if similarity < WORD_MIN:
            break
        if i in used_q or j in used_n:
            continue
        used_q.add(i)
        used_n.add(j)
        covered_q += similarity * len(query[i])
        covered_n += similarity * len(name[j])
    q_share = covered_q / sum(len(t) for t in query)
    n_share = covered_n / sum(len(t) for t in name)
    return QUERY_WEIGHT * q_share + (1 - QUERY_WEIGHT) * n_share


def _keys(words: tuple[str, ...]) -> set[str]:
    keys = {w for w in words if len(w) >= 2}
    return keys | {w[:4] + "*" for w in words if len(w) > 4}


class MatchIndex:
    """Every primary name and strong alias of the given entities, filed by blocking key."""

    def __init__(self, listed: Iterable[Listed]) -> None:
        self.names: list[tuple[tuple[str, ...], str, int]] = []  # (tokens, name as written, entity number)
        self.entities: list[Listed] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for item in listed:
            number = len(self.entities)
            self.entities.append(item)
            for name in item.entity.names:
                words = tokens(name)
                for key in _keys(words):
                    postings[key].append(len(self.names))
                self.names.append((words, name, number))
        limit = max(50, int(COMMON_KEY * len(self.names)))
        self.postings = {k: v for k, v in postings.items() if len(v) <= limit}

    def __len__(self) -> int:
        return len(self.entities)

    def match(
        self,
        name: str,
        country: str | None = None,
        kind: str | None = None,
        limit: int = 10,
        threshold: float = 0.0,
    ) -> list[Candidate]:
        """Candidates for `name`, best first: one per entity, its best-scoring name; ties broken by
        country (ISO3) and schema (from a party kind: person, company, group, vessel...)."""
        query = tokens(name)
        hits: Counter[int] = Counter()
        for key in _keys(query):
            for position in self.postings.get(key, ()):
                hits[position] += 1
        best: dict[int, tuple[float, bool, str]] = {}
        for position, _ in hits.most_common(MAX_CANDIDATES):
            words, written, number = self.names[position]
            score = name_score(query, words)
            if (
                score > 0
                and score >= threshold
                and (score, words == query) > best.get(number, (-1.0, False))[:2]
            ):
                best[number] = (score, words == query, written)
        found = [(self._candidate(n, s, w, country), same) for n, (s, same, w) in best.items()]
        schema = KIND_SCHEMA.get(kind or "")
        found.sort(
            key=lambda pair: (
                -round(pair[0].score, 2),
                pair[0].country_match is not True,
                schema is not None and pair[0].schema != schema,
                not pair[
                    1
                ],  # then a name written word for word as the query ("Bank Melli", not "Melli Bank")
                -pair[0].score,
                pair[0].list_name,
                pair[0].entity_id,
            )
        )
        return [c for c, _ in found[:limit]]

    def _candidate(self, number: int, score: float, written: str, country: str | None) -> Candidate:
        item = self.entities[number]
        e = item.entity
        agrees = None if not country or not e.countries else country in e.countries
        return Candidate(
            item.list_name,
            e.entity_id,
            e.name,
            written,
            round(score, 4),
            e.schema,
            e.countries,
            e.programmes,
            e.listed_on,
            agrees,
        )
