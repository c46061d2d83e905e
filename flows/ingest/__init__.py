"""Ingestion: the sources, polling, page fetching, processing, loading and the post-run step.

`run_ingest(settings)` runs the Prefect flow `ingest` (flows/ingest/flow.py, the deployments'
entrypoint): poll the feeds of feeds.toml (`load_feeds`), fetch new pages, store them raw, clean and
extract, load, then the post-run step (claims, digest, alerts, snapshot: after_run.py). `reprocess`
re-extracts stored articles with no network. `RunSummary` / `RunCounts` say what a run did.
"""

from flows.ingest.flow import ingest, run_ingest
from flows.ingest.reprocess import ReprocessSummary, reprocess
from flows.ingest.sources import FeedConfig, load_feeds
from flows.ingest.steps import parse_since
from flows.ingest.summary import RunCounts, RunSummary, print_summary

__all__ = [
    "FeedConfig", "ReprocessSummary", "RunCounts", "RunSummary", "ingest", "load_feeds", "parse_since",
    "print_summary", "reprocess", "run_ingest",
]
