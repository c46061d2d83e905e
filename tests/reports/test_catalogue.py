"""Every report in sql/reports/ over known rows in a real, migrated DuckDB file: the rows are checked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb
import pytest

from extractors.errors import InputError
from flows.claims import refresh_claims
from flows.reports import list_reports, run_report
from tests.helpers.warehouse_rows import (
    T0,
    add_article,
    claim_id,
    digest_scenario,
    sanction,
    transfer,
    violation,
)

NOW = datetime.now(UTC)


def rows(con: duckdb.DuckDBPyConnection, name: str, *columns: str, **params: Any) -> list[tuple[Any, ...]]:
    records = run_report(con, name, params, read_only=False).records()
    return [tuple(r[c] for c in columns) for r in records]


def test_every_report_declares_its_meaning_and_binds_what_it_declares() -> None:
    reports = {r.name: r for r in list_reports()}
    assert set(reports) >= {
        "daily_digest",
        "new_sanctions",
        "transfer_claims",
        "un_violations",
        "claim_timeline",
        "feed_health",
        "runs",
    }
    for report in reports.values():
        assert report.description and report.row.startswith("One row")
        lines = report.path.read_text(encoding="utf-8").splitlines()
        body = "\n".join(line for line in lines if not line.startswith("--"))
        for param in report.params:
            assert f"${param.name}" in body, (report.name, param.name)


def test_daily_digest_lists_claims_detected_in_the_window(con: duckdb.DuckDBPyConnection) -> None:
    digest_scenario(con)
    got = rows(con, "daily_digest", "type", "label", "status", "n_outlets", "source", "outlet")
    assert got == [
        ("arms_transfer", "North Korea -> Russia: missiles", "disputed", 2, "John Kirby", "wire.example"),
        ("arms_transfer", "Russia -> Iran: aircraft", "planned", 1, None, "daily.example"),
        ("arms_transfer", "Iran -> Russia: uav", "asserted", 1, "US officials", "wire.example"),
        (
            "sanction",
            "United States imposed asset freeze on Vega Logistics",
            "imposed",
            1,
            "US Treasury",
            "gov.example",
        ),
        (
            "sanction",
            "United States imposed asset freeze on Sinsang Trading",
            "imposed",
            1,
            "US Treasury",
            "gov.example",
        ),
        ("un_violation", "North Korea violates resolution 2270", "asserted", 1, None, "wire.example"),
        ("un_violation", "North Korea violates resolution 1718", "asserted", 1, None, "wire.example"),
    ]
    wider = rows(con, "daily_digest", "label", hours=100)  # the Belarus claim was detected 3 days ago
    assert len(wider) == 8 and "Belarus -> Russia: artillery" in {r[0] for r in wider}
    assert len(rows(con, "daily_digest", "label", since=(NOW - timedelta(days=4)).isoformat())) == 8
    evidence = rows(con, "daily_digest", "label", "sentence", "url")[0]
    assert evidence[1].startswith("US officials said North Korea")  # the original, not the syndicated copy
    assert evidence[2] == "https://www.wire.example/world/a1"


def test_new_sanctions_lists_new_and_newly_imposed(con: duckdb.DuckDBPyConnection) -> None:
    add_article(con, "p1", "https://wire.example/p1", "wire", 0)
    sanction(
        con,
        "p1",
        "The EU is preparing a travel ban on two officials.",
        "planned",
        [("Ivan Petrov", "RUS", "person"), ("Oleg Sidorov", "RUS", "person")],
        measure="travel_ban",
        authority=("European Union", "EU", "organisation"),
    )
    refresh_claims(con)
    con.execute("update claim_events set detected_at = detected_at - interval 10 days")
    add_article(con, "p2", "https://gov.example/p2", "mod", 5)
    sanction(
        con,
        "p2",
        "The Council adopted the travel ban on Ivan Petrov today.",
        "imposed",
        [("Ivan Petrov", "RUS", "person")],
        measure="travel_ban",
        authority=("European Union", "EU", "organisation"),
    )
    add_article(con, "p3", "https://daily.example/p3", "daily", 5)
    sanction(
        con,
        "p3",
        "Britain froze the assets of Arctic Shipping.",
        "imposed",
        [("Arctic Shipping", None, "company")],
        authority=("United Kingdom", "GBR", "state"),
    )
    refresh_claims(con)
    got = rows(con, "new_sanctions", "authority", "target", "measure", "latest_action", "events", "official")
    assert sorted(got) == [
        ("European Union", "Ivan Petrov", "travel_ban", "imposed", ["sanction_imposed"], True),
        ("United Kingdom", "Arctic Shipping", "asset_freeze", "imposed", ["new_claim"], False),
    ]
    assert rows(con, "new_sanctions", "target", since=(NOW + timedelta(hours=1)).isoformat()) == []
    assert len(rows(con, "new_sanctions", "target", hours=24 * 30)) == 3  # Oleg Sidorov's planned ban too


def test_transfer_claims_pairs_with_categories_stances_and_outlets(con: duckdb.DuckDBPyConnection) -> None:
    digest_scenario(con)
    add_article(con, "a5", "https://wire.example/a5", "wire", 1.5)
    transfer(con, "a5", "Pyongyang also sent artillery shells to Russia.", category="artillery")
    refresh_claims(con)
    got = rows(
        con,
        "transfer_claims",
        "supplier",
        "recipient",
        "weapon_categories",
        "claims",
        "asserted",
        "denied",
        "planned",
        "status",
        "n_outlets",
        "outlets",
    )
    assert got == [
        (
            "North Korea",
            "Russia",
            ["artillery", "missiles"],
            2,
            2,
            1,
            0,
            "disputed",
            2,
            ["daily.example", "wire.example"],
        ),
        ("Belarus", "Russia", ["artillery"], 1, 1, 1, 0, "disputed", 1, ["daily.example"]),
        ("Russia", "Iran", ["aircraft"], 1, 0, 0, 1, "planned", 1, ["daily.example"]),
        ("Iran", "Russia", ["uav"], 1, 1, 0, 0, "asserted", 1, ["wire.example"]),
    ]
    late = rows(
        con,
        "transfer_claims",
        "supplier",
        "first_seen",
        "last_seen",
        since=(T0 + timedelta(hours=12)).isoformat(),
    )
    assert [r[0] for r in late] == ["North Korea", "Belarus", "Russia"]
    assert late[0][1] == T0 and late[0][2] == T0 + timedelta(days=1.5)


def test_un_violations_by_regime_and_resolution(con: duckdb.DuckDBPyConnection) -> None:
    digest_scenario(con)
    add_article(con, "v1", "https://wire.example/v1", "wire", 3)
    violation(
        con,
        "v1",
        "Tehran rejected claims that it breached resolution 2231.",
        ["2231"],
        regime="Iran",
        stance="denied",
        violator=("Iran", "IRN", "state"),
    )
    violation(con, "v1", "Pyongyang's launch broke resolution 1718 again.", ["1718"], start=100)
    violation(con, "v1", "Pyongyang again ignored the UN ban.", [], start=200)  # no number named
    got = rows(
        con,
        "un_violations",
        "regime",
        "resolution",
        "violators",
        "mentions",
        "asserted",
        "denied",
        "n_outlets",
    )
    assert got == [
        ("DPRK", "1718", ["North Korea"], 2, 2, 0, 1),
        ("DPRK", "2270", ["North Korea"], 1, 1, 0, 1),
        ("DPRK", "(unspecified)", ["North Korea"], 1, 1, 0, 1),
        ("Iran", "2231", ["Iran"], 1, 0, 1, 1),
    ]
    assert rows(con, "un_violations", "resolution", since=(T0 + timedelta(days=2)).isoformat()) == [
        ("1718",),
        ("(unspecified)",),
        ("2231",),
    ]


def test_claim_timeline_is_one_claims_evidence_in_time_order(con: duckdb.DuckDBPyConnection) -> None:
    digest_scenario(con)
    claim = claim_id("arms_transfer", "PRK", "RUS", "missiles")
    got = rows(con, "claim_timeline", "seen_at", "stance", "source", "outlet", "syndicated", claim_id=claim)
    assert got == [
        (T0, "asserted", "John Kirby", "wire.example", False),
        (T0 + timedelta(days=0.2), "asserted", "John Kirby", "copies.example", True),
        (T0 + timedelta(days=1), "denied", "Dmitry Peskov", "daily.example", False),
    ]
    assert rows(con, "claim_timeline", "seen_at", claim_id="0000000000000000") == []
    with pytest.raises(InputError, match="needs --claim: the claim to show"):
        run_report(con, "claim_timeline", {})


def test_feed_health_streaks_304_rate_and_items_per_day(con: duckdb.DuckDBPyConnection) -> None:
    polls = [
        ("wire", "ok", None, 20, 6),
        ("wire", "not_modified", None, None, 5),
        ("wire", "not_modified", None, None, 4),
        ("wire", "ok", None, 10, 3),
        ("daily", "ok", None, 8, 5),
        ("daily", "failed", "http_500", None, 4),
        ("daily", "failed", "timeout", None, 2),
    ]
    for feed, outcome, error, items, hours_ago in polls:
        con.execute(
            "insert into fetch_log (kind, source, url, outcome, error, detail, items, fetched_at) "
            "values ('feed', ?, 'https://x.example/feed', ?, ?, ?, ?, ?)",
            [feed, outcome, error, error and f"{error} after {hours_ago} h", items,
             NOW - timedelta(hours=hours_ago)],
        )
    con.execute(
        "update feeds set last_status = 'ok', last_success_at = ? where name = 'wire'",
        [NOW - timedelta(hours=3)],
    )
    for i in range(14):
        con.execute(
            "insert into articles (article_id, url, feed_name, status, fetched_at, updated_at) "
            "values (?, ?, 'wire', 'ok', ?, ?)",
            [f"w{i}", f"https://wire.example/{i}", NOW, NOW],
        )
    got = rows(
        con,
        "feed_health",
        "feed",
        "failures_in_a_row",
        "polls",
        "failed",
        "not_modified_rate",
        "avg_items_per_poll",
        "new_articles_per_day",
        "last_error",
        "last_error_detail",
    )
    assert got == [
        ("daily", 2, 3, 2, 0.0, 8.0, 0.0, "timeout", "timeout after 2 h"),
        ("mod", 0, 0, 0, None, None, 0.0, None, None),
        ("wire", 0, 4, 0, 0.5, 15.0, 2.0, None, None),
    ]
    assert rows(con, "feed_health", "feed", "polls", hours=24 * 7 * 2)[2] == ("wire", 4)
    assert rows(con, "feed_health", "feed", "new_articles_per_day", hours=24)[2] == ("wire", 14.0)


def test_runs_recent_first_with_durations(con: duckdb.DuckDBPyConnection) -> None:
    for run_id, start, seconds, status in [
        ("r1", T0, 90, "completed"),
        ("r2", T0 + timedelta(days=1), 30, "failed"),
        ("r3", T0 + timedelta(days=2), None, "running"),
    ]:
        finished = start + timedelta(seconds=seconds) if seconds else None
        con.execute(
            "insert into runs (run_id, flow, started_at, finished_at, status, new_articles, mentions) "
            "values (?, 'ingest', ?, ?, ?, 5, 7)",
            [run_id, start, finished, status],
        )
    got = rows(con, "runs", "run_id", "status", "duration_s", "new_articles", "mentions")
    assert got == [
        ("r3", "running", None, 5, 7),
        ("r2", "failed", 30.0, 5, 7),
        ("r1", "completed", 90.0, 5, 7),
    ]
    assert [r[0] for r in rows(con, "runs", "run_id", since="2026-11-21")] == ["r3", "r2"]


def test_parameters_are_checked(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(InputError, match="does not take --claim .it takes --since."):
        run_report(con, "runs", {"claim_id": "x"})
    with pytest.raises(InputError, match="expected integer"):
        run_report(con, "daily_digest", {"hours": "lots"})
    with pytest.raises(InputError, match="known reports: claim_timeline"):
        run_report(con, "nope", {})


def test_analyst_views_give_clean_rows(con: duckdb.DuckDBPyConnection) -> None:
    digest_scenario(con)
    q = con.execute
    assert q(
        "select target, target_country, measure, action, outlet from sanctions order by target"
    ).fetchall() == [
        ("Sinsang Trading", "PRK", "asset_freeze", "imposed", "gov.example"),
        ("Vega Logistics", "ARE", "asset_freeze", "imposed", "gov.example"),
    ]
    assert q("select count(*), count(*) filter (where syndicated) from arms_transfers").fetchone() == (7, 1)
    assert q("select resolution, violator from un_violations order by resolution").fetchall() == [
        ("1718", "North Korea"),
        ("2270", "North Korea"),
    ]
    assert q(
        "select article_id, transfers, sanctions, violations, findings, feed_kind from article_findings "
        "where article_id in ('a1', 'a4') order by article_id"
    ).fetchall() == [
        ("a1", 2, 0, 1, 3, "news"),
        ("a4", 0, 1, 0, 1, "official"),
    ]
    assert q("select count(*) from claim_overview").fetchone() == (8,)
    assert q(
        "select event, label from claim_changes where event <> 'new_claim' order by 1, 2"
    ).fetchall() == [
        ("first_denial", "Belarus -> Russia: artillery"),
        ("first_denial", "North Korea -> Russia: missiles"),
        ("first_official_confirmation", "United States imposed asset freeze on Sinsang Trading"),
        ("first_official_confirmation", "United States imposed asset freeze on Vega Logistics"),
    ]
