"""Ingest throughput against a generated loopback site of >= 1,000 article pages.

Measured in one run, on the same pages:
  1. baseline: a naive sequential loop, one httpx GET at a time (no concurrency, no parsing);
  2. the fetch stage alone: flows.ingest.fetch.fetch_pages over every page (bounded, polite, robots);
  then the runners asked for (--runners, default all three):
  seq   the whole page work as a plain sequential loop: GET, clean, extract, one page at a time
        (on the first --seq-pages pages; no Prefect, no DuckDB);
  flow  today's ingest end to end: flows.ingest.run_ingest (Prefect flow, poll -> fetch -> store raw ->
        clean -> extract -> load) into a temporary DuckDB file, with its time split by stage; then the
        same flow again (unchanged feeds: all 304, a no-op) beside a flow with no feeds at all;
  dask  the same flow with its page work on a 2-process Dask cluster (distributed.LocalCluster, one
        thread per worker, attached through --dask-address as an operator would), with the peak
        memory of each worker.
Prints pages/second, the ratios (dask vs flow, flow vs seq) and peak memory (ru_maxrss) of the process
that runs the flow and of each Dask worker.

    .venv/bin/python bench/ingest_bench.py [--pages 1200] [--outlets 6] [--runners seq,flow,dask]
    .venv/bin/python bench/ingest_bench.py --pages 5000 --runners dask     # memory at 5,000 pages
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

RUNNERS = ("seq", "flow", "dask")


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


def sequential_pipeline(urls: list[str], settings: Settings) -> tuple[float, int]:
    """GET, clean and extract one page after the other in a plain loop: (seconds, pages cleaned)."""
    from extractors.clean import clean_page
    from extractors.errors import InputError
    from extractors.pipeline import extract_mentions

    nlp = settings.load_nlp()  # loaded before the clock starts, as the flow's workers preload it
    done = 0
    started = time.perf_counter()
    with httpx.Client(headers={"User-Agent": settings.user_agent}, timeout=settings.read_timeout,
                      trust_env=False) as client:
        for url in urls:
            response = client.get(url)
            try:
                cleaned = clean_page(response.content, url)
            except InputError:
                continue
            extract_mentions(cleaned.text, title=cleaned.title, nlp=nlp)
            done += 1
    return time.perf_counter() - started, done


def ingest_end_to_end(feeds: list[FeedConfig], settings: Settings) -> tuple[float, RunSummary]:
    """The real flow into a temporary DuckDB file: (wall seconds incl. Prefect start-up, summary)."""
    from flows.ingest import run_ingest

    started = time.perf_counter()
    summary = run_ingest(settings, feeds=feeds)
    return time.perf_counter() - started, summary


def worker_peaks(address: str) -> list[float]:
    """Peak resident set size of each Dask worker process so far, in MiB."""
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        got = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return [got[w] for w in sorted(got)]


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
    parser.add_argument("--runners", default=",".join(RUNNERS), help="which of seq,flow,dask to run")
    parser.add_argument("--seq-pages", type=int, default=300, help="pages the sequential loop does")
    parser.add_argument("--no-ingest", action="store_true", help="measure the fetch stage only")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the sequential GET and fetch-stage baselines (e.g. for the memory run)")
    args = parser.parse_args()
    args.runners = [r for r in args.runners.split(",") if r]
    if set(args.runners) - set(RUNNERS):
        parser.error(f"--runners: choose among {', '.join(RUNNERS)}")

    per_outlet = max(1, args.pages // args.outlets)
    sites, feeds, urls = start_sites(args.outlets, per_outlet, args.latency_ms / 1000)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.load(env={}, db=Path(tmp) / "bench.duckdb", allow_loopback=True)
            report(args, urls, feeds, settings)
    finally:
        for site in sites:
            site.stop()


def baselines(urls: list[str], settings: Settings) -> None:
    """The sequential GET loop and the fetch stage alone, over every page."""
    n = len(urls)
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


def report(args: argparse.Namespace, urls: list[str], feeds: list[FeedConfig], settings: Settings) -> None:
    n = len(urls)
    print(
        f"site: {n} pages on {len(feeds)} loopback hosts, {args.latency_ms:g} ms server delay per page; "
        f"peak RSS after building it: {peak_mb():.0f} MiB"
    )
    if not args.no_baseline:
        baselines(urls, settings)
    if args.no_ingest:
        print("ingest: skipped (--no-ingest); figures above are the fetch stage only")
        return
    rates: dict[str, float] = {}
    if "seq" in args.runners:
        part = urls[: args.seq_pages]
        seq_s, seq_ok = sequential_pipeline(part, settings)
        rates["seq"] = len(part) / seq_s
        print(f"seq   GET+clean+extract, one page at a time: {len(part)} pages ({seq_ok} cleaned) in "
              f"{seq_s:.2f}s = {rates['seq']:.1f} pages/s")
    if "flow" in args.runners:
        rates["flow"] = run_flow("flow", feeds, settings.replace(db=settings.db.with_name("flow.duckdb")), n)
        no_op(feeds, settings.replace(db=settings.db.with_name("flow.duckdb")))
    if "dask" in args.runners:
        rates["dask"] = run_on_dask(feeds, settings.replace(db=settings.db.with_name("dask.duckdb")), n)
    for a, b in (("flow", "seq"), ("dask", "flow"), ("dask", "seq")):
        if a in rates and b in rates:
            print(f"ratio {a} / {b}: x{rates[a] / rates[b]:.2f} pages/s")


def run_flow(label: str, feeds: list[FeedConfig], settings: Settings, n: int) -> float:
    """One flow run, printed with its counts, time by stage and peak memory; returns its pages/s."""
    wall, summary = ingest_end_to_end(feeds, settings)
    stages, elapsed, c = summary.stage_seconds, summary.elapsed, summary.counts
    print(
        f"{label:5} ingest end to end: status {summary.status}; items {c.items_seen}, new articles "
        f"{c.new_articles}, duplicates {c.duplicates}, skipped {c.skipped}, page failures {c.page_failures}, "
        f"mentions {c.mentions}"
    )
    print(
        f"      flow {elapsed:.2f}s ({wall:.2f}s wall incl. Prefect start-up) = {n / elapsed:.1f} pages/s; "
        f"peak RSS of the flow process {peak_mb():.0f} MiB"
    )
    total = sum(stages.values()) or 1.0
    split = ", ".join(f"{k} {v:.2f}s ({100 * v / total:.0f}%)" for k, v in stages.items())
    where = " (fetch/clean/extract: worker seconds, summed)" if settings.dask_address else ""
    print(f"      time by stage{where}: {split}")
    return n / elapsed


def no_op(feeds: list[FeedConfig], settings: Settings) -> None:
    """The same flow again (every feed answers 304) beside a flow with no feeds at all."""
    again_wall, again = ingest_end_to_end(feeds, settings)
    empty_wall, empty = ingest_end_to_end([], settings.replace(db=settings.db.with_name("empty.duckdb")))
    print(
        f"no-op re-run (all {again.counts.feeds_not_modified}/{again.counts.feeds_polled} feeds 304, "
        f"{again.counts.new_articles} new): flow {again.elapsed:.2f}s ({again_wall:.2f}s wall), of which "
        f"poll {again.stage_seconds.get('poll', 0):.2f}s; empty flow (no feeds) {empty.elapsed:.2f}s "
        f"({empty_wall:.2f}s wall)"
    )


def run_on_dask(feeds: list[FeedConfig], settings: Settings, n: int) -> float:
    """The flow attached to a local 2-process Dask cluster; prints each worker's peak memory."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        rate = run_flow("dask", feeds, settings.replace(dask_address=cluster.scheduler_address), n)
        peaks = ", ".join(f"{mb:.0f}" for mb in worker_peaks(cluster.scheduler_address))
        print(f"      peak RSS of each Dask worker: {peaks} MiB")
    return rate


if __name__ == "__main__":
    main()
