"""The seed article: its sanctions and UN-violation findings, and nothing it does not say."""

from __future__ import annotations

import pytest

from extractors import sanctions, un_violations
from extractors.pipeline import extract_mentions
from extractors.records import Mention


@pytest.fixture(scope="module")
def seed_mentions(seed_text: str) -> list[Mention]:
    return extract_mentions(seed_text)


def _of(mentions: list[Mention], kind: str) -> list[Mention]:
    return [m for m in mentions if m.type == kind]


def test_north_korea_violates_council_resolutions(seed_mentions: list[Mention]) -> None:
    found = _of(seed_mentions, "un_violation")
    assert found, "no UN violation found in the seed"
    assert {m.violator.country for m in found if m.violator} == {"PRK"}
    assert all(m.stance == "asserted" and m.regime == "DPRK" for m in found)
    banned = [m for m in found if "banned under" in m.sentence]
    assert len(banned) == 1 and banned[0].resolutions == []


def test_uk_statement_is_a_violation_finding_with_its_source(seed_mentions: list[Mention]) -> None:
    uk = [m for m in _of(seed_mentions, "un_violation") if "in violation of multiple" in m.sentence]
    assert len(uk) == 1
    assert uk[0].violator is not None and uk[0].violator.country == "PRK"
    assert uk[0].source is not None and uk[0].source.country == "GBR"


def test_us_export_curbs_on_wagner_imposed(seed_mentions: list[Mention]) -> None:
    curbs = [m for m in _of(seed_mentions, "sanction") if m.measure == "export_controls"]
    assert len(curbs) == 1
    m = curbs[0]
    assert m.authority is not None and m.authority.country == "USA"
    assert [t.name for t in m.targets] == ["Wagner Group"]
    assert m.action == "imposed"
    assert m.sentence.startswith("US President Joe Biden")


def test_more_us_sanctions_on_wagner_planned(seed_mentions: list[Mention]) -> None:
    planned = [m for m in _of(seed_mentions, "sanction") if m.action == "planned"]
    assert len(planned) == 1
    m = planned[0]
    assert m.authority is not None and m.authority.country == "USA"
    assert [t.name for t in m.targets] == ["Wagner Group"]  # "the company" resolved to Wagner
    assert m.source is not None and "Kirby" in m.source.name


def test_nothing_else(seed_mentions: list[Mention], seed_text: str) -> None:
    assert len(_of(seed_mentions, "sanction")) == 2
    assert len(_of(seed_mentions, "un_violation")) == 2
    for m in _of(seed_mentions, "sanction") + _of(seed_mentions, "un_violation"):
        assert seed_text[m.start : m.end] == m.sentence
        assert 0.0 < m.confidence <= 1.0
        assert m.extractor_version in (sanctions.VERSION, un_violations.VERSION)
