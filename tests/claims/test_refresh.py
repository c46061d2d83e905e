"""Claims grouping and change detection over a real, migrated DuckDB file."""

from __future__ import annotations

from typing import Any

import duckdb

from flows.claims import refresh_claims
from tests.helpers.warehouse_rows import add_article, claim_id, event_id, sanction, transfer, violation

TRANSFER = claim_id("arms_transfer", "PRK", "RUS", "missiles")


def claim(con: duckdb.DuckDBPyConnection, claim_id: str) -> dict[str, Any]:
    cur = con.execute("select * from claims where claim_id = ?", [claim_id])
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    assert row is not None, f"claim {claim_id} missing"
    return dict(zip(names, row, strict=True))


def test_syndicated_copy_adds_no_outlet_and_refresh_is_idempotent(con: duckdb.DuckDBPyConnection) -> None:
    add_article(con, "a1", "https://www.wire.example/a1", "wire", 0)
    add_article(con, "a2", "https://copies.example/a2", "daily", 0.5, duplicate_of="a1")
    m1 = transfer(
        con, "a1", "Pyongyang sent missiles to Moscow, the officials said.", source=("John Kirby", "person")
    )
    m2 = transfer(
        con, "a2", "Pyongyang sent missiles to Moscow, the officials said.", source=("John Kirby", "person")
    )
    changes = refresh_claims(con, run_id="r1")
    assert changes.claim_ids("new_claim") == [TRANSFER]
    assert [e.event_id for e in changes.events] == [event_id(TRANSFER, "new_claim")]
    row = claim(con, TRANSFER)
    assert row["outlets"] == ["wire.example"] and row["n_outlets"] == 1
    assert (row["n_asserted"], row["n_denied"], row["n_mentions"], row["n_articles"]) == (1, 0, 2, 2)
    assert row["mention_ids"] == sorted([m1, m2])
    assert row["article_urls"] == ["https://copies.example/a2", "https://www.wire.example/a1"]
    assert row["asserting_sources"] == ["John Kirby"] and row["has_official_confirmation"] is False
    before = con.execute("select * exclude (refreshed_at) from claims order by claim_id").fetchall()
    again = refresh_claims(con, run_id="r2")
    assert again.events == () and again.claims == 1
    assert con.execute("select * exclude (refreshed_at) from claims order by claim_id").fetchall() == before
    assert con.execute("select count(*) from claim_events").fetchone() == (1,)


def test_denial_then_official_confirmation_each_detected_once(con: duckdb.DuckDBPyConnection) -> None:
    add_article(con, "a1", "https://wire.example/a1", "wire", 0)
    transfer(con, "a1", "North Korean missiles reached Russian units, analysts said.")
    refresh_claims(con)
    add_article(con, "a3", "https://daily.example/a3", "daily", 1)
    transfer(
        con,
        "a3",
        "The Kremlin spokesman called the missile story false.",
        stance="denied",
        source=("Kremlin spokesman Dmitry Peskov", "person"),
        supplier=("DPRK", "PRK", "state"),
    )
    changes = refresh_claims(con)
    assert changes.claim_ids("first_denial") == [TRANSFER] and changes.claim_ids("new_claim") == []
    assert changes.claim_ids("first_official_confirmation") == []  # an official denial is no confirmation
    row = claim(con, TRANSFER)
    assert (row["n_asserted"], row["n_denied"], row["status"]) == (1, 1, "disputed")
    assert row["denying_sources"] == ["Kremlin spokesman Dmitry Peskov"]
    assert row["outlets"] == ["daily.example", "wire.example"]
    add_article(con, "a4", "https://gov.example/statement", "mod", 2)
    transfer(con, "a4", "The shipment of missiles was confirmed in a statement.")
    changes = refresh_claims(con)
    assert [e.event for e in changes.events] == ["first_official_confirmation"]
    row = claim(con, TRANSFER)
    assert row["has_official_confirmation"] is True and row["official_sources"] == ["gov.example"]
    assert refresh_claims(con).events == ()


def test_official_source_by_cue_and_state_kind(con: duckdb.DuckDBPyConnection) -> None:
    add_article(con, "a1", "https://wire.example/a1", "wire", 0)
    transfer(
        con,
        "a1",
        "The Ministry of Defence said drones were handed over.",
        category="uav",
        supplier=("Iran", "IRN", "state"),
        source=("Ministry of Defence", "organisation"),
    )
    changes = refresh_claims(con)
    cid = claim_id("arms_transfer", "IRN", "RUS", "uav")
    assert changes.claim_ids("first_official_confirmation") == [cid]


def test_planned_sanction_then_imposed_one_claim_per_target(con: duckdb.DuckDBPyConnection) -> None:
    add_article(con, "a1", "https://wire.example/a1", "wire", 0)
    sanction(
        con,
        "a1",
        "Washington intends to freeze the assets of two firms.",
        "planned",
        [("Rosoboronexport", "RUS", "company"), ("Korea Mining Corp.", "PRK", "company")],
    )
    first = refresh_claims(con)
    rosob = claim_id("sanction", "USA", "rosoboronexport", "asset_freeze")
    mining = claim_id("sanction", "USA", "korea mining corp", "asset_freeze")
    assert sorted(first.claim_ids("new_claim")) == sorted([rosob, mining])
    assert first.claim_ids("sanction_imposed") == []
    assert claim(con, rosob)["status"] == "planned" and claim(con, rosob)["n_planned"] == 1
    add_article(con, "a2", "https://gov.example/press/1", "mod", 2)
    sanction(
        con,
        "a2",
        "The Treasury today froze the assets of Rosoboronexport.",
        "imposed",
        [("the Rosoboronexport", "RUS", "company")],
        source=("Treasury", "organisation"),
    )
    changes = refresh_claims(con)
    assert changes.claim_ids("sanction_imposed") == [rosob]
    assert sorted(e.event for e in changes.events) == ["first_official_confirmation", "sanction_imposed"]
    row = claim(con, rosob)
    assert (row["latest_action"], row["status"], row["n_asserted"], row["n_planned"]) == (
        "imposed",
        "imposed",
        1,
        1,
    )
    assert claim(con, mining)["status"] == "planned"
    assert refresh_claims(con).events == ()


def test_violation_one_claim_per_resolution_and_removed_claims(con: duckdb.DuckDBPyConnection) -> None:
    add_article(con, "a1", "https://wire.example/a1", "wire", 0)
    mid = violation(con, "a1", "The launch breached resolutions 1718 and 2270.", ["1718", "2270"])
    changes = refresh_claims(con)
    ids = {claim_id("un_violation", "PRK", "1718"), claim_id("un_violation", "PRK", "2270")}
    assert set(changes.claim_ids("new_claim")) == ids
    assert con.execute("select count(*) from claim_mentions where mention_id = ?", [mid]).fetchone() == (2,)
    con.execute("delete from mentions")
    gone = refresh_claims(con)
    assert set(gone.removed) == ids and gone.claims == 0 and gone.events == ()
    assert con.execute("select count(*) from claim_mentions").fetchone() == (0,)


def test_labels_for_unknown_parties_and_unspecified_measures(con: duckdb.DuckDBPyConnection) -> None:
    from tests.helpers.warehouse_rows import add_mention

    add_article(con, "a1", "https://wire.example/a1", "wire", 0)
    add_mention(
        con,
        "a1",
        "arms_transfer",
        "Weapons of unclear origin reached Russian units.",
        stance="asserted",
        recipient_name="Russia",
        recipient_country="RUS",
        recipient_kind="state",
        weapon_category="other",
    )
    add_mention(
        con,
        "a1",
        "sanction",
        "The EU adopted new sanctions.",
        start=100,
        action="imposed",
        authority_name="European Union",
        authority_kind="organisation",
        targets=[],
    )
    violation(con, "a1", "North Korea again ignored the Security Council.", [], start=200)
    add_mention(
        con,
        "a1",
        "arms_transfer",
        "Kyiv received armoured vehicles from the Wagner Group.",
        start=300,
        stance="asserted",
        supplier_name="the Wagner Group!",
        supplier_country="RUS",
        supplier_kind="group",
        recipient_name="Kyiv",
        recipient_country="UKR",
        recipient_kind="state",
        weapon_category="armoured_vehicles",
    )
    refresh_claims(con)
    got = con.execute("select label, type from claims order by label").fetchall()
    assert got == [
        ("European Union imposed sanctions on unnamed targets", "sanction"),
        ("North Korea violates UN sanctions", "un_violation"),
        ("the Wagner Group! -> Kyiv: armoured vehicles", "arms_transfer"),
        ("unknown supplier -> Russia: arms", "arms_transfer"),
    ]
    # a group keeps its own identity (not its country's); a state is keyed by its ISO3 code
    wagner = claim_id("arms_transfer", "wagner group", "UKR", "armoured_vehicles")
    assert con.execute("select supplier_key from claims where claim_id = ?", [wagner]).fetchone() == (
        "wagner group",
    )


# Claim and event ids as the SQL computed them before the SQL was layered (commit 5abbaf8, where
# claims re-derived their keys from raw mentions), pinned literally: ids are stable identities
# (alert ids, URLs analysts keep), so a change in how they are computed must not pass unnoticed.
PINNED_CLAIMS = [
    ("0a22cfca14d1d916", "Belarus -> Russia: artillery"),
    ("51906ae5aa311c1c", "North Korea violates resolution 2270"),
    ("8da3f19085466c3c", "North Korea -> Russia: missiles"),
    ("ba1074d8d501a561", "United States imposed asset freeze on Vega Logistics"),
    ("ba623af4454c55c4", "Russia -> Iran: aircraft"),
    ("c0b79945a16f18f8", "Iran -> Russia: uav"),
    ("c2b30c21c464f4a2", "North Korea violates resolution 1718"),
    ("e686934d4c4b001e", "United States imposed asset freeze on Sinsang Trading"),
]
PINNED_EVENTS = sorted([
    ("d8bf735a9898d0a8", "0a22cfca14d1d916", "first_denial"),
    ("46f0fc476b91133b", "0a22cfca14d1d916", "new_claim"),
    ("fe890cf8f4f6a56d", "51906ae5aa311c1c", "new_claim"),
    ("1c95dee3816bf41b", "8da3f19085466c3c", "first_denial"),
    ("14ca51eef2a3e3e9", "8da3f19085466c3c", "new_claim"),
    ("f561753ba9edc970", "ba1074d8d501a561", "first_official_confirmation"),
    ("7ad0f922268a5fc4", "ba1074d8d501a561", "new_claim"),
    ("aa5ed40fb7d844cf", "ba623af4454c55c4", "new_claim"),
    ("0b85c0b917160e56", "c0b79945a16f18f8", "new_claim"),
    ("dff5cc4bf401eb92", "c2b30c21c464f4a2", "new_claim"),
    ("e657bf62e8719df1", "e686934d4c4b001e", "first_official_confirmation"),
    ("2729b9748c984204", "e686934d4c4b001e", "new_claim"),
])


def test_claim_and_event_ids_are_unchanged(con: duckdb.DuckDBPyConnection) -> None:
    from tests.helpers.warehouse_rows import digest_scenario

    digest_scenario(con)
    assert con.execute("select claim_id, label from claims order by claim_id").fetchall() == PINNED_CLAIMS
    events = con.execute("select event_id, claim_id, event from claim_events order by event_id").fetchall()
    assert events == PINNED_EVENTS
    assert all(claim_id(t, *keys) == c for c, t, keys in [  # one definition: short_hash of the key parts
        ("8da3f19085466c3c", "arms_transfer", ("PRK", "RUS", "missiles")),
        ("c2b30c21c464f4a2", "un_violation", ("PRK", "1718")),
    ])
    assert event_id("8da3f19085466c3c", "new_claim") == "14ca51eef2a3e3e9"
