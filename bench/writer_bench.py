"""How many articles a second the single DuckDB writer absorbs: the flow's own load path
(Warehouse.load_batch: articles upserted and their mentions replaced through Arrow, one transaction per
batch) on generated rows shaped like the ingest bench's pages, against a baseline measured in the same
run: the same Arrow tables written to Parquet files (what a writer per batch could do instead).

    .venv/bin/python bench/writer_bench.py [--articles 5000] [--batches 50,500]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyarrow.parquet as pq  # noqa: E402

from extractors.records import Mention, Party  # noqa: E402
from extractors.urls import article_id  # noqa: E402
from flows.warehouse import ArticleRow, Warehouse  # noqa: E402
from flows.warehouse import rows as warehouse_rows  # noqa: E402

WORDS = ("ministers", "agreed", "sanctions", "on", "the", "export", "of", "drones", "and", "parts", "said",
         "officials", "in", "a", "statement", "after", "talks", "with", "allies", "border", "shipments")


def articles(n: int, rng: random.Random) -> list[tuple[ArticleRow, list[Mention]]]:
    """`n` stored-looking articles (~6 KB of text each) with two findings each."""
    now = datetime.now(UTC)
    out = []
    for i in range(n):
        url = f"https://outlet-{i % 50}.example/news/{i}"
        text = " ".join(rng.choice(WORDS) for _ in range(1000))
        row = ArticleRow(article_id=article_id(url), url=url, feed_name=f"feed-{i % 50}", status="ok",
                         fetched_at=now, title=f"Story {i}", language="en", text=text,
                         text_hash=f"{rng.getrandbits(64):016x}", simhash=rng.getrandbits(63),
                         content_hash=f"{rng.getrandbits(128):032x}", extracted_with="bench/1",
                         extracted_at=now)
        found = [Mention(type="arms_transfer", sentence=text[:200], start=0, end=200, confidence=0.8,
                         extractor_version="bench/1", stance="asserted",
                         supplier=Party("North Korea", "PRK", "state"),
                         recipient=Party("Russia", "RUS", "state"),
                         weapons=["shells"], weapon_category="artillery"),
                 Mention(type="sanction", sentence=text[200:400], start=200, end=400, confidence=0.7,
                         extractor_version="bench/1", authority=Party("European Union", None, "body"),
                         targets=[Party("Acme Trading", None, "company")], measure="asset_freeze",
                         action="imposed")]
        out.append((row, found))
    return out


Rows = list[tuple[ArticleRow, list[Mention]]]


def load_rate(db: Path, data: Rows, batch: int) -> tuple[float, float, float]:
    """Articles per second through Warehouse.load_batch, `batch` articles per transaction: overall, over
    the first tenth of the batches and over the last tenth (does a transaction cost more as the file
    grows?)."""
    wh = Warehouse.open(db)
    times = []
    for start in range(0, len(data), batch):
        part = data[start : start + batch]
        clock = time.perf_counter()
        wh.load_batch([r for r, _ in part], {r.article_id: m for r, m in part})
        times.append(time.perf_counter() - clock)
    tenth = max(1, len(times) // 10)
    return len(data) / sum(times), tenth * batch / sum(times[:tenth]), tenth * batch / sum(times[-tenth:])


def parquet_rate(folder: Path, data: list[tuple[ArticleRow, list[Mention]]], batch: int) -> float:
    """Articles per second when each batch's Arrow table is written to its own Parquet file."""
    now = datetime.now(UTC)
    started = time.perf_counter()
    for start in range(0, len(data), batch):
        table = warehouse_rows.article_table([r for r, _ in data[start : start + batch]], now)
        pq.write_table(table, folder / f"articles-{start:08d}.parquet")
    return len(data) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--batches", default="50,500", help="articles per transaction, comma-separated")
    args = parser.parse_args()
    data = articles(args.articles, random.Random(7))
    print(f"{args.articles} generated articles (~6 KB of text, 2 findings each)")
    with tempfile.TemporaryDirectory() as tmp:
        for batch in (int(b) for b in args.batches.split(",")):
            folder = Path(tmp) / f"parquet-{batch}"
            folder.mkdir()
            base = parquet_rate(folder, data, batch)
            rate, first, last = load_rate(Path(tmp) / f"w-{batch}.duckdb", data, batch)
            print(f"batches of {batch}: Warehouse.load_batch {rate:,.0f} articles/s "
                  f"({rate * 86400:,.0f}/day; first tenth {first:,.0f}/s, last tenth {last:,.0f}/s); "
                  f"Arrow -> Parquet per batch {base:,.0f} articles/s; x{rate / base:.2f} of the Parquet "
                  "baseline")


if __name__ == "__main__":
    main()
