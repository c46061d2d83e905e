"""Exact and near-duplicate detection: text hash, SimHash, and the banded index."""

from __future__ import annotations

import random

import pytest

from extractors.dedup import (
    DuplicateIndex,
    find_duplicate,
    hamming,
    is_near_duplicate,
    simhash,
    text_hash,
)
from extractors.errors import StructureError

STORY = " ".join([
    "Coastguard officers boarded a tanker in the strait on Sunday after it switched off its transponder",
    "for two days near a port under restrictions. The crew said the device had failed in a storm.",
    "Officials said documents on board listed a different cargo from the one found in the holds, and",
    "that samples would be tested over the coming week. The owner, registered in a small island state,",
    "did not answer calls. Insurance records show the ship changed its name twice in the last year and",
    "sailed under three different flags. Investigators plan to question the captain and the chief",
    "engineer once the vessel reaches the naval base, where it will stay until the inquiry ends.",
] * 3)
OTHER = " ".join([
    "The city library will extend its opening hours during the exam season, the council announced.",
    "Students will be able to use the reading rooms until midnight from Monday to Friday, and the café",
    "on the ground floor will stay open later as well. The change follows a petition signed by more than",
    "three thousand people last spring, and will be reviewed at the end of the summer term.",
] * 3)


def test_text_hash_ignores_case_punctuation_and_spacing() -> None:
    assert text_hash("Sanctions, imposed — today!") == text_hash("sanctions imposed\n\ntoday")
    assert text_hash("Sanctions imposed today") != text_hash("Sanctions lifted today")
    assert len(text_hash(STORY)) == 16


def test_simhash_is_stable_64_bit() -> None:
    value = simhash(STORY)
    assert 0 < value < 2**64
    assert value == simhash(STORY)  # BLAKE2b, not the per-process salted hash()
    assert simhash("") == 0


def test_syndicated_copy_with_a_credit_line_is_a_near_duplicate() -> None:
    copy = "By Wire Staff. " + STORY + " Reporting by the wire desk; editing by the night editor."
    assert text_hash(copy) != text_hash(STORY)
    assert is_near_duplicate(simhash(STORY), simhash(copy))
    known = [("orig", text_hash(STORY), simhash(STORY))]
    assert find_duplicate(text_hash(copy), simhash(copy), known) == "orig"


def test_different_story_is_not_a_duplicate() -> None:
    assert hamming(simhash(STORY), simhash(OTHER)) > 10
    assert not is_near_duplicate(simhash(STORY), simhash(OTHER))
    known = [("orig", text_hash(STORY), simhash(STORY))]
    assert find_duplicate(text_hash(OTHER), simhash(OTHER), known) is None


def test_exact_hash_wins_and_first_article_is_returned() -> None:
    index = DuplicateIndex()
    index.add("first", text_hash(STORY), simhash(STORY))
    index.add("second", text_hash(STORY), simhash(STORY))
    assert index.find(text_hash(STORY.upper()), 0) == "first"  # same normalised text, whatever the simhash


def test_hamming() -> None:
    assert hamming(0b1011, 0b0001) == 2 and hamming(2**64 - 1, 0) == 64


def test_banded_index_agrees_with_brute_force() -> None:
    rng = random.Random(7)
    known = [(f"a{i}", f"h{i}", rng.getrandbits(64)) for i in range(3000)]
    index = DuplicateIndex()
    for article_id, digest, value in known:
        index.add(article_id, digest, value)
    for _ in range(400):
        base = rng.choice(known)[2]
        probe = base
        for bit in rng.sample(range(64), rng.randint(0, 5)):
            probe ^= 1 << bit
        expected = next((a for a, _, v in known if hamming(v, probe) <= 3), None)
        assert index.find("new", probe) == expected


def test_index_rejects_distance_it_cannot_guarantee() -> None:
    with pytest.raises(StructureError):
        DuplicateIndex(max_distance=4)


def test_syndicated_copy_with_rewritten_lede_is_a_near_duplicate() -> None:
    from extractors.dedup import fingerprint_text

    body = "\n\n".join(
        f"Paragraph {i} reports that the shipment of shells crossed the border at night and that officials "
        f"in the capital counted roughly {i * 100} crates before the convoy moved on toward the front."
        for i in range(1, 6)
    )
    original = "Officials say a large munitions convoy crossed into Russia this week.\n\n" + body
    copy = "A big ammunition delivery reached Russian forces, according to a regional paper.\n\n" + body
    other = "An entirely different story about a football final and a late penalty.\n\n" + body.replace(
        "shipment of shells", "crowd of supporters").replace("crates", "fans").replace("convoy", "team bus")
    assert hamming(simhash(fingerprint_text(original)), simhash(fingerprint_text(copy))) == 0
    assert hamming(simhash(fingerprint_text(original)), simhash(fingerprint_text(other))) > 3
    short = "Only one short paragraph here.\n\nAnd a second one."
    assert fingerprint_text(short) == short  # too little after the lede: the whole text is used
