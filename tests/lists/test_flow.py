"""The lists flow for real: files served over HTTP on loopback, a DuckDB file, Prefect's test harness.

Baseline, then a delta (changes, claims, grouped alerts once), then a refresh that downloads nothing
(304) and writes no change rows; bad files (truncated, missing column, wrong encoding) leave the
previous version current with a clear error and no false delisting; reconciliation of news parties.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from extractors.records import Mention, Party
from flows.demo import LoopbackSite
from flows.lists.config import ListConfig
from flows.lists.flow import ListsSummary, run_lists
from flows.lists.store import insert
from flows.reports import run_report
from flows.settings import Settings
from flows.warehouse import Warehouse
from flows.warehouse.rows import mention_table
from tests.helpers.lists import OURS


class Publisher:
    """A loopback 'publisher' of our UN and OFAC fixture files; `publish(n)` switches to version n."""

    def __init__(self, root: Path, site: LoopbackSite) -> None:
        self.root, self.site = root, site

    def publish(self, version: int) -> None:
        shutil.copy(OURS / f"un_v{version}.xml", self.root / "un.xml")
        for part in ("sdn", "add", "alt"):
            shutil.copy(OURS / f"{part}_v{version}.csv", self.root / f"{part}.csv")

    def write(self, name: str, data: bytes) -> None:
        (self.root / name).write_bytes(data)

    def configs(self) -> list[ListConfig]:
        url = self.site.url
        return [
            ListConfig(
                "un",
                "UN Security Council Consolidated List",
                "UN",
                "UN Security Council",
                "un_xml",
                url("/un.xml"),
                max_removed_share=0.5,
            ),
            ListConfig(
                "ofac",
                "OFAC SDN List",
                "USA",
                "Office of Foreign Assets Control",
                "ofac_csv",
                url("/sdn.csv"),
                {"add": url("/add.csv"), "alt": url("/alt.csv")},
                max_removed_share=0.5,
            ),
        ]


@pytest.fixture
def publisher(tmp_path: Path) -> Iterator[Publisher]:
    root = tmp_path / "site"
    root.mkdir()
    with LoopbackSite(root=root) as site:
        pub = Publisher(root, site)
        pub.publish(1)
        yield pub


def _settings(tmp_path: Path) -> Settings:
    return Settings.load(
        db=tmp_path / "w.duckdb", allow_loopback=True, alerts_file=tmp_path / "alerts.jsonl", snapshot=False
    )


def _run(pub: Publisher, settings: Settings) -> ListsSummary:
    return run_lists(settings, configs=pub.configs())


def _status(summary: ListsSummary) -> dict[str, str]:
    return {o.list_name: o.status for o in summary.outcomes}


def _alerts(settings: Settings) -> list[str]:
    path = settings.alerts_file
    return [json.loads(line)["title"] for line in path.read_text().splitlines()] if path.exists() else []


@pytest.mark.usefixtures("prefect_harness")
def test_baseline_delta_then_not_modified(publisher: Publisher, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    first = _run(publisher, settings)
    assert _status(first) == {"un": "baseline", "ofac": "baseline"} and first.mentions == 0
    wh = Warehouse(settings.db)
    assert wh.query("select count(*) from list_changes") == [(0,)]
    assert wh.query("select count(*) from raw_pages") == [(4,)]  # un.xml, sdn, add, alt saved raw
    assert _alerts(settings) == []

    publisher.publish(2)
    second = _run(publisher, settings)
    assert _status(second) == {"un": "new_version", "ofac": "new_version"}
    changes = wh.query("select list_name, change, entity_id from list_changes order by 1, 2, 3")
    assert changes == [
        ("ofac", "added", "1004"),
        ("ofac", "added", "1005"),
        ("ofac", "changed", "1001"),
        ("ofac", "removed", "1002"),
        ("un", "added", "900004"),
        ("un", "changed", "900001"),
        ("un", "removed", "900002"),
    ]
    claims = wh.query(
        "select authority_name, target_name, latest_action, has_official_confirmation from claims "
        "order by target_name"
    )
    assert ("Office of Foreign Assets Control", "NEW EXAMPLE BANK", "imposed", True) in claims
    assert ("UN Security Council", "MIREILLE EXAMPLE", "lifted", True) in claims and len(claims) == 5
    titles = _alerts(settings)
    assert "OFAC added 2 entities under RUSSIA-EO14024 (OFAC SDN List)" in titles
    assert (
        "UN Security Council removed 1 entity under Libya (UN Security Council Consolidated List)" in titles
    )
    assert "OFAC changed 1 entry (programmes 1) (OFAC SDN List)" in titles
    assert len(titles) == 6 and not any("designation on" in t for t in titles)  # grouped, not per claim

    hits = dict(publisher.site.hits)
    third = _run(publisher, settings)
    assert _status(third) == {"un": "not_modified", "ofac": "not_modified"}
    assert {k: v - hits[k] for k, v in publisher.site.hits.items()} == {p: 1 for p in hits}  # asked once each
    assert wh.query(
        "select outcome, count(*), sum(coalesce(bytes, 0)) from fetch_log where kind = 'list' "
        "and run_id = ? group by 1",
        [third.run_id],
    ) == [("not_modified", 4, 0)]
    assert wh.query("select count(*) from list_changes") == [(7,)] and len(_alerts(settings)) == 6
    assert wh.query("select count(*) from list_versions") == [(4,)]


BAD_FILES = {
    "truncated": (
        "un.xml",
        lambda: (OURS / "un_v2.xml").read_bytes()[:900],
        r"list 'un', consolidated.xml line \d+ column \d+: malformed or truncated XML",
    ),
    "missing column": (
        "sdn.csv",
        lambda: b'1001,"EXAMPLEVIC, Boris Testovich","individual","RUSSIA-EO14024"\n',
        r"list 'ofac', primary line 1: 4 columns where the format has 12",
    ),
    "wrong encoding": (
        "alt.csv",
        lambda: '1001,3001,"aka","ÉKZAMPLEVICH, Boris",-0- \n'.encode("latin-1"),
        r"list 'ofac', alt line 1 \(byte \d+\): not valid utf-8",
    ),
}


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_keeps_previous_version(publisher: Publisher, tmp_path: Path, case: str) -> None:
    settings = _settings(tmp_path)
    _run(publisher, settings)
    wh = Warehouse(settings.db)
    before = wh.query("select list_name, current_version from list_sources order by 1")
    publisher.publish(2)
    name, data, message = BAD_FILES[case]
    publisher.write(name, data())
    broken = _run(publisher, settings)
    failed = broken.failed
    assert len(failed) == 1 and failed[0].error is not None and re.search(message, failed[0].error)
    broken_list = failed[0].list_name
    current = dict(wh.query("select list_name, current_version from list_sources"))
    assert current[broken_list] == dict(before)[broken_list]  # the previous version stays current
    assert wh.query(
        "select last_status, last_error from list_sources where list_name = ?", [broken_list]
    ) == [("failed", failed[0].error)]
    assert wh.query("select count(*) from list_changes where list_name = ?", [broken_list]) == [(0,)]
    assert wh.query(
        "select count(*) from mentions where action = 'lifted' and sentence like ?",
        [f"%{'UN' if broken_list == 'un' else 'OFAC'}%"],
    ) == [(0,)]  # no false delisting
    assert not any(broken_list.upper() in t and "removed" in t for t in _alerts(settings))
    raw = wh.query("select count(*) from raw_pages where bytes = ?", [len(data())])
    assert raw == [(1,)]  # the bad file was saved raw before parsing, for a post-mortem
    publisher.publish(2)  # the publisher fixes the file: the next run downloads it again and loads it
    fixed = _run(publisher, settings)
    assert _status(fixed)[broken_list] == "new_version"


def _news_sanction(con: object, target: str, published: datetime) -> None:
    """A news article of ours imposing a sanction on `target` (what the extractors would store)."""
    article = f"news-{target}"
    con.execute(  # type: ignore[attr-defined]
        "insert into articles (article_id, url, title, published_at, status, fetched_at, updated_at) "
        "values (?, ?, ?, ?, 'ok', ?, ?)",
        [article, f"https://news.example/{len(target)}", target, published, published, published],
    )
    sentence = f"Washington imposed sanctions on {target} on Monday."
    found = Mention(
        type="sanction",
        sentence=sentence,
        start=0,
        end=len(sentence),
        confidence=0.9,
        extractor_version="sanction/test",
        authority=Party("United States", "USA", "state"),
        targets=[Party(target, None, "company")],
        measure="asset_freeze",
        action="imposed",
    )
    insert(con, "mentions", mention_table({article: [found]}, published))  # type: ignore[arg-type]


@pytest.mark.usefixtures("prefect_harness")
def test_reconciliation_and_designation_lag(publisher: Publisher, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    _run(publisher, settings)
    wh = Warehouse(settings.db)
    with wh.transaction() as con:
        _news_sanction(
            con, "Southgate Example Shipping", datetime(2030, 1, 10, tzinfo=UTC)
        )  # listed 2030-01-20
        _news_sanction(con, "Arvid Kolbasov", datetime(2030, 1, 10, tzinfo=UTC))  # listed 2029-05-01
        _news_sanction(con, "Quiet Example Fisheries", datetime(2030, 1, 10, tzinfo=UTC))  # on no list
    publisher.publish(2)
    summary = _run(publisher, settings)
    assert summary.reconciled == {"listed_later": 1, "listed": 1, "not_listed": 1}
    with wh.connect() as con:
        rows = run_report(con, "designation_lag", {}).records()
        overview = dict(
            con.execute(
                "select counterpart, listing from claim_overview where type = 'sanction' "
                "and actor = 'United States'"
            ).fetchall()
        )
    by_party = {r["party"]: r for r in rows}
    later = by_party["Southgate Example Shipping"]
    assert (later["status"], later["list_name"], later["lag_days"]) == ("listed_later", "un", 10)
    assert later["listed_name"] == "SOUTHGATE EXAMPLE SHIPPING LLC" and later["score"] >= 0.8
    assert (by_party["Arvid Kolbasov"]["status"], by_party["Arvid Kolbasov"]["lag_days"]) == ("listed", -254)
    assert by_party["Quiet Example Fisheries"]["status"] == "not_listed"
    assert rows[0]["party"] == "Southgate Example Shipping"  # the news-came-first rows lead
    assert overview == {
        "Southgate Example Shipping": "listed_later: un",
        "Arvid Kolbasov": "listed: un",
        "Quiet Example Fisheries": None,
    }


@pytest.mark.usefixtures("prefect_harness")
def test_claims_refresh_after_news_reconciles_and_digest_marks(publisher: Publisher, tmp_path: Path) -> None:
    """A news claim that arrives after the lists were loaded is reconciled by the next claims refresh
    (flows.ingest.after_run, as every ingest run does), and the digest's card carries the badge."""
    from flows.ingest.after_run import after_run

    settings = _settings(tmp_path)
    publisher.publish(2)
    _run(publisher, settings)
    wh = Warehouse(settings.db)
    with wh.transaction() as con:  # on the UN list since 2029-05-01, reported 2030-03-01
        _news_sanction(con, "Northwind Example Trading Corp", datetime(2030, 3, 1, tzinfo=UTC))
    done = after_run(settings, run_id=None)
    assert done.digest is not None and done.notes == []
    rows = wh.query("select party_name, status, list_name, entity_id from list_reconciliation")
    assert rows == [("Northwind Example Trading Corp", "listed", "un", "900003")]
    assert "listed: un" in done.digest.read_text(encoding="utf-8")


def test_list_only_claims_never_alert_one_by_one(tmp_path: Path) -> None:
    """Even if the lists flow died after loading the mentions of a delta, the next claims refresh (any
    ingest run) folds the per-entity claim events instead of alerting each designation."""
    from extractors.lists import diff_versions, parse_files
    from flows.alerts import pending_alerts
    from flows.ingest.after_run import after_run
    from flows.lists import claims_link

    db = tmp_path / "w.duckdb"
    wh = Warehouse.open(db)
    v1, v2 = (parse_files("un_xml", {"primary": (OURS / f"un_v{n}.xml").read_bytes()}, "un") for n in (1, 2))
    config = ListConfig(
        "un", "UN list", "UN", "UN Security Council", "un_xml", "https://lists.example/un.xml"
    )
    with wh.transaction() as con:
        assert (
            claims_link.load_mentions(
                con, config, "v2", diff_versions(v1, v2), datetime(2030, 2, 1, tzinfo=UTC)
            )
            == 2
        )
    settings = Settings.load(env={}, db=db, alerts_file=tmp_path / "alerts.jsonl", snapshot=False)
    after_run(settings, run_id=None)
    with wh.connect() as con:
        send, folded = pending_alerts(con)
    assert send == [] and folded == []
    # 2 claims (one added, one removed), each new and officially confirmed: 4 events, all folded
    assert wh.query("select count(*), min(status), max(status) from alerts") == [(4, "folded", "folded")]
