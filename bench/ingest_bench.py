"""Ingest throughput against a generated loopback site of >= 1,000 article pages.

Measured in one run, on the same pages:
  1. baseline: a naive sequential loop, one httpx GET at a time (no concurrency, no parsing);
  2. the fetch stage alone: flows.ingest.fetch.fetch_pages over every page (bounded, polite, robots);
  3. the real ingest end to end: flows.ingest.run_ingest (Prefect flow, poll -> fetch -> store raw ->
     clean -> extract -> load) into a temporary DuckDB file, with its time split by stage.
Prints pages/second, the ratios against the baseline and the process's peak memory (ru_maxrss).

    .venv/bin/python bench/ingest_bench.py [--pages 1200] [--outlets 6] [--no-ingest]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# On a busy machine the ephemeral Prefect API can take longer than its 20 s default to come up.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

import httpx  # noqa: E402
from bench_site import start_sites  # noqa: E402

from extractors.records import FeedItem  # noqa: E402
from extractors.urls import canonical_url  # noqa: E402
from flows.ingest import FeedConfig, RunSummary  # noqa: E402
from flows.ingest.fetch import fetch_pages  # noqa: E402
from flows.settings import Settings  # noqa: E402


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sequential_baseline(urls: list[str], settings: Settings) -> tuple[float, int, int]:
    """One GET at a time with a plain httpx.Client: (seconds, pages ok, bytes)."""
    ok = size = 0
    started = time.perf_counter()
    with httpx.Client(
        headers={"User-Agent": settings.user_agent}, timeout=settings.read_timeout, trust_env=False
    ) as client:
        for url in urls:
            response = client.get(url)
            if response.status_code == 200:
                ok += 1
                size += len(response.content)
    return time.perf_counter() - started, ok, size


def fetch_stage(urls: list[str], settings: Settings) -> tuple[float, int]:
    """flows.ingest.fetch.fetch_pages over every page: (seconds, pages ok)."""
    items = [FeedItem(feed_name="bench", url=canonical_url(u)) for u in urls]
    started = time.perf_counter()
    pages = fetch_pages(items, settings)
    return time.perf_counter() - started, sum(p.attempt.outcome == "ok" for p in pages)


def ingest_end_to_end(feeds: list[FeedConfig], settings: Settings) -> tuple[float, RunSummary]:
    """The real flow into a temporary DuckDB file: (wall seconds incl. Prefect start-up, summary)."""
    from flows.ingest import run_ingest

    started = time.perf_counter()
    summary = run_ingest(settings, feeds=feeds)
    return time.perf_counter() - started, summary


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--pages", type=int, default=1200, help="article pages in total (>= 1000 for the README)"
    )
    parser.add_argument("--outlets", type=int, default=6, help="outlets = loopback servers = hosts")
    parser.add_argument(
        "--latency-ms", type=float, default=50.0, help="server delay per page (0 = raw loopback)"
    )
    parser.add_argument("--no-ingest", action="store_true", help="measure the fetch stage only")
    args = parser.parse_args()

    per_outlet = max(1, args.pages // args.outlets)
    sites, feeds, urls = start_sites(args.outlets, per_outlet, args.latency_ms / 1000)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.load(env={}, db=Path(tmp) / "bench.duckdb", allow_loopback=True)
            report(args, urls, feeds, settings)
    finally:
        for site in sites:
            site.stop()


def report(args: argparse.Namespace, urls: list[str], feeds: list[FeedConfig], settings: Settings) -> None:
    n = len(urls)
    print(
        f"site: {n} pages on {len(feeds)} loopback hosts, {args.latency_ms:g} ms server delay per page; "
        f"peak RSS after building it: {peak_mb():.0f} MiB"
    )
    base_s, base_ok, base_bytes = sequential_baseline(urls, settings)
    print(
        f"baseline  sequential GET : {base_ok}/{n} pages in {base_s:.2f}s = {base_ok / base_s:.1f} pages/s "
        f"(avg page {base_bytes / max(1, base_ok) / 1024:.1f} KiB); peak RSS {peak_mb():.0f} MiB"
    )
    fetch_s, fetch_ok = fetch_stage(urls, settings)
    print(
        f"fetch_pages (c={settings.concurrency}, per_host={settings.per_host}, robots on): "
        f"{fetch_ok}/{n} pages in {fetch_s:.2f}s = {fetch_ok / fetch_s:.1f} pages/s; "
        f"x{base_s / fetch_s:.2f} vs baseline; peak RSS {peak_mb():.0f} MiB"
    )
    if args.no_ingest:
        print("ingest: skipped (--no-ingest); figures above are the fetch stage only")
        return
    wall, summary = ingest_end_to_end(feeds, settings)
    stages, elapsed, c = summary.stage_seconds, summary.elapsed, summary.counts
    print(
        f"ingest end to end: status {summary.status}; items {c.items_seen}, new articles {c.new_articles}, "
        f"duplicates {c.duplicates}, skipped {c.skipped}, page failures {c.page_failures}, "
        f"mentions {c.mentions}"
    )
    print(
        f"  flow {elapsed:.2f}s ({wall:.2f}s wall incl. Prefect start-up) = {n / elapsed:.1f} pages/s; "
        f"x{base_s / elapsed:.2f} vs the fetch-only baseline; peak RSS {peak_mb():.0f} MiB"
    )
    total = sum(stages.values()) or 1.0
    split = ", ".join(f"{k} {v:.2f}s ({100 * v / total:.0f}%)" for k, v in stages.items())
    print(f"time by stage: {split}")
    if "fetch" in stages:
        print(
            f"fetch stage inside the flow: {n / stages['fetch']:.1f} pages/s; "
            f"x{base_s / stages['fetch']:.2f} vs baseline (batches of 50 pages)"
        )


if __name__ == "__main__":
    main()
