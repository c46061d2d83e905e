"""A run at scale on loopback: >= 200 feeds / 5,000 pages, with its time and peak memory, as ratios
against a baseline measured in the same run (a tenth of the feeds, same pages per feed).

Each size runs `flows.ingest.run_ingest` (the Prefect flow; the ephemeral API unless PREFECT_API_URL
is set) in a fresh child process into a temporary DuckDB file, so that each peak (ru_maxrss) is that
run's alone. Bounded memory shows as a peak that grows far less than the pages do: pages are fetched,
stored and processed in batches (flows/ingest/flow.py BATCH), never all at once.

    .venv/bin/python bench/scale_bench.py [--feeds 200] [--per-feed 25] [--baseline-feeds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def child(feeds: int, per_feed: int) -> dict[str, float]:
    """One run of `feeds` x `per_feed` pages in this process; its figures."""
    from bench_site import start_sites

    from flows.ingest import run_ingest
    from flows.settings import Settings
    from flows.warehouse import Warehouse

    sites, configs, urls = start_sites(feeds, per_feed)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.load(env={}, db=Path(tmp) / "w.duckdb", allow_loopback=True,
                                     alerts_file=Path(tmp) / "alerts.jsonl", snapshot=False)
            settings.load_nlp()  # loaded once per process in any run; not part of the run's time
            started = time.perf_counter()
            summary = run_ingest(settings, feeds=configs)
            seconds = time.perf_counter() - started
            stored = Warehouse(settings.db).query("select count(*) from articles")[0][0]
    finally:
        for site in sites:
            site.stop()
    return {"feeds": feeds, "pages": len(urls), "stored": stored, "seconds": seconds,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "failed_sources": len(summary.failed_sources)}


def measure(feeds: int, per_feed: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", "--feeds", str(feeds), "--per-feed", str(per_feed)]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--per-feed", type=int, default=25)
    parser.add_argument("--baseline-feeds", type=int, default=20)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.feeds, args.per_feed)), flush=True)
        return
    base = measure(args.baseline_feeds, args.per_feed)
    big = measure(args.feeds, args.per_feed)
    for name, got in (("baseline", base), ("scale", big)):
        rate = got["pages"] / got["seconds"]
        print(f"{name:9} {got['feeds']:4.0f} feeds {got['pages']:6.0f} pages  stored {got['stored']:6.0f}  "
              f"{got['seconds']:7.1f} s  {rate:6.1f} pages/s  peak {got['peak_mb']:6.0f} MiB")
    ratio = {k: big[k] / base[k] for k in ("pages", "seconds", "peak_mb")}
    print(f"ratios scale/baseline: pages x{ratio['pages']:.1f}, time x{ratio['seconds']:.1f}, "
          f"peak memory x{ratio['peak_mb']:.2f}")


if __name__ == "__main__":
    main()
