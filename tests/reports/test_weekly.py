"""The weekly-report flow under a real (test) Prefect API, over a real warehouse file."""

from __future__ import annotations

from pathlib import Path

from flows.claims import refresh_claims
from flows.reports.weekly import weekly_report
from tests.helpers.warehouse_rows import add_article, sanction, transfer, warehouse


def test_weekly_report_writes_digest_and_artifacts(tmp_path: Path, prefect_harness: None) -> None:
    db = tmp_path / "w.duckdb"
    con = warehouse(db)
    add_article(con, "a1", "https://wire.example/a1", "wire", 0)
    transfer(con, "a1", "Tehran supplied attack drones to Moscow, officials said.", category="drones",
             supplier=("Iran", "IRN", "state"))
    sanction(con, "a1", "The Treasury froze the assets of two shipping firms.", "imposed",
             [("Alpha Shipping", None, "company"), ("Beta Marine", None, "company")], start=60)
    refresh_claims(con)
    con.close()
    out = weekly_report(db=str(db), hours=24 * 365 * 5, out=str(tmp_path / "weekly.html"))
    html = Path(out).read_text(encoding="utf-8")
    assert "Alpha Shipping" in html and "Beta Marine" in html
    assert "Iran" in html and "<svg" in html

    import asyncio

    from prefect.client.orchestration import get_client

    async def artifacts() -> list[str]:
        async with get_client() as client:
            return [a.key for a in await client.read_artifacts() if a.key]

    keys = set(asyncio.run(artifacts()))
    assert {"transfer-claims", "new-sanctions", "un-violations", "feed-health"} <= keys
