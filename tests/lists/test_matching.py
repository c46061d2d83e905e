"""Name matching against the real lists: transliteration, word order, aliases, company suffixes,
country/schema tie-breaks, and the precision/recall floor on labelled pairs built from the lists."""

from __future__ import annotations

import pytest

from extractors.lists import THRESHOLD, Listed, ListVersion, MatchIndex, parse_files
from extractors.lists.evaluate import build_pairs, evaluate
from extractors.lists.model import entity
from tests.helpers.lists import OURS


@pytest.fixture(scope="module")
def index(ofac_2021: ListVersion, un_full: ListVersion) -> MatchIndex:
    return MatchIndex(
        [Listed("ofac-sdn", e) for e in ofac_2021.entities.values()]
        + [Listed("un-sc-consolidated", e) for e in un_full.entities.values()]
    )


@pytest.mark.parametrize(
    "query",
    [
        "Prigozhin",
        "Yevgeny Prigozhin",
        "Evgeniy Prigojine",
        "Prigozhin, Yevgeniy Viktorovich",
        "Viktorovich Prigozhin Yevgeniy",
    ],
)
def test_transliteration_and_word_order(index: MatchIndex, query: str) -> None:
    best = index.match(query, limit=1)[0]
    assert (best.list_name, best.entity_id) == ("ofac-sdn", "21171") and best.score >= THRESHOLD


def test_company_suffixes_and_aliases(index: MatchIndex) -> None:
    concord = index.match("Concord Management and Consulting", limit=1)[0]
    assert (
        concord.name == "LIMITED LIABILITY COMPANY CONCORD MANAGEMENT AND CONSULTING" and concord.score == 1.0
    )
    wagner = index.match("Wagner Group", kind="group", limit=1)[0]
    assert wagner.name == "PRIVATE MILITARY COMPANY 'WAGNER'" and wagner.score >= THRESHOLD
    qaida = index.match("al-Qaeda", limit=1)[0]
    assert qaida.name in ("AL-QAIDA", "AL QA'IDA") and qaida.matched_name != qaida.name  # through an alias
    assert all(c.score < THRESHOLD for c in index.match("John Kirby", limit=5))
    melli = index.match("Bank Melli", country="IRN", kind="company", limit=2)
    assert [c.score for c in melli] == [1.0, 1.0] and melli[
        0
    ].name == "BANK MELLI IRAN"  # word order breaks the tie


def test_country_and_schema_break_ties() -> None:
    same = [
        entity("1", "person", "Ivan Example", countries=["RUS"]),
        entity("2", "organisation", "IVAN EXAMPLE", countries=["UKR"]),
    ]
    tied = MatchIndex(Listed("t", e) for e in same)
    assert [c.entity_id for c in tied.match("Ivan Example", country="UKR")] == ["2", "1"]
    assert [c.entity_id for c in tied.match("Ivan Example", country="RUS")] == ["1", "2"]
    assert [c.entity_id for c in tied.match("Ivan Example", kind="company")][0] == "2"
    assert [c.entity_id for c in tied.match("Ivan Example", kind="person")][0] == "1"
    assert tied.match("Ivan Example", country="UKR")[0].country_match is True


def test_our_fixture_alias_spelling() -> None:
    un = parse_files("un_xml", {"primary": (OURS / "un_v2.xml").read_bytes()}, "un")
    found = MatchIndex(Listed("un", e) for e in un.entities.values()).match("Arvid Kolbasov")
    assert found[0].entity_id == "900001" and found[0].score == 1.0
    assert (
        MatchIndex(Listed("un", e) for e in un.entities.values()).match("Southgate Example Shipping")[0].score
        == 1.0
    )


def test_quality_floor_on_labelled_pairs(ofac_2021: ListVersion, un_full: ListVersion) -> None:
    """Pinned floors (README, "Matching quality"): they only go up."""
    pairs = build_pairs([ofac_2021, un_full])
    assert sum(p.same for p in pairs) == 800 and sum(not p.same for p in pairs) > 700
    scores = evaluate(pairs, THRESHOLD)
    assert scores.precision >= 0.78 and scores.recall >= 0.29


def test_labelled_news_targets(index: MatchIndex) -> None:
    """Our labelled news names (evaluation/lists): floors pinned at the measured figures."""
    from extractors.lists.evaluate import evaluate_targets, read_targets
    from tests.helpers.lists import REPO

    path = REPO / "evaluation" / "lists" / "news_targets.jsonl"
    targets = read_targets(path.read_text(encoding="utf-8").splitlines())
    assert len(targets) == 41 and sum(1 for t in targets if not t.expected) == 12
    scores = evaluate_targets(index, targets, THRESHOLD)
    assert scores.precision >= 0.96 and scores.recall >= 0.96
