"""Claims/reports bench: refresh_claims, the digest and the snapshot against a same-run baseline.

Baseline: copying the mentions table (`create table ... as select * from mentions`) in the same
warehouse. Each figure is printed as seconds and as a ratio to that baseline, for two sizes, so the
scaling is visible. Synthetic rows (generated in SQL); run: `.venv/bin/python bench/claims_bench.py`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flows.claims import refresh_claims  # noqa: E402
from flows.reports import render_digest, run_report  # noqa: E402
from flows.warehouse import migrate, publish_snapshot  # noqa: E402

ARTICLES = """insert into articles (article_id, url, feed_name, published_at, status, duplicate_of,
    fetched_at, updated_at)
select 'a' || i, 'https://o' || (i % 40) || '.example/' || i, 'wire', now() - to_hours(i % 500), 'ok',
       case when i % 7 = 0 then 'a' || (i - 1) end, now(), now()
from range($n) t(i)"""
MENTIONS = """insert into mentions (mention_id, article_id, type, stance, supplier_name, supplier_country,
    supplier_kind, recipient_name, recipient_country, recipient_kind, weapon_category, source_name,
    source_kind, authority_name, authority_country, authority_kind, targets, measure, action,
    violator_name, violator_country, violator_kind, resolutions, regime, sentence, start_offset,
    end_offset, confidence, extractor_version, extracted_at)
select 'm' || i, 'a' || (i % ($n // 3)), ['arms_transfer', 'sanction', 'un_violation'][i % 3 + 1],
       ['asserted', 'denied', 'planned'][i % 5 % 3 + 1], 'S' || (i % 30), 'C' || (i % 30), 'state',
       'R' || (i % 20), 'D' || (i % 20), 'state', ['missiles', 'uav', 'artillery'][i % 3 + 1],
       'src' || (i % 50), 'person', 'Auth' || (i % 5), 'A' || (i % 5), 'state',
       [{'name': 'T' || (i % 400), 'country': null, 'kind': 'company'}], 'asset_freeze',
       ['imposed', 'planned'][i % 2 + 1], 'V' || (i % 10), 'V' || (i % 10), 'state',
       [(1700 + i % 30)::varchar], 'X', 'sentence ' || i, 0, 10, 0.5, 'bench/1', now()
from range($n) t(i)"""


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(n: int, directory: Path) -> None:
    db = directory / f"bench_{n}.duckdb"
    con = duckdb.connect(str(db))
    migrate(con)
    con.execute(ARTICLES, {"n": n // 3})
    con.execute(MENTIONS, {"n": n})
    base = timed(lambda: con.execute("create table mentions_copy as select * from mentions"))
    figures = {
        "refresh_claims (all new)": timed(lambda: refresh_claims(con)),
        "refresh_claims (again, no change)": timed(lambda: refresh_claims(con)),
        "report transfer_claims": timed(lambda: run_report(con, "transfer_claims", {}, read_only=False)),
        "render_digest (24 h)": timed(lambda: render_digest(con)),
        "publish_snapshot": timed(lambda: publish_snapshot(db, con)),
    }
    claims = con.execute("select count(*) from claims").fetchone()
    con.close()
    print(f"\n{n:,} mentions -> {claims[0] if claims else 0} claims; baseline (copy mentions) {base:.3f} s")
    for name, seconds in figures.items():
        print(f"  {name:36s} {seconds:7.3f} s   {seconds / base:6.1f}x baseline")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for n in (20_000, 100_000):
            run(n, Path(tmp))


if __name__ == "__main__":
    main()
