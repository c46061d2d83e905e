"""Page work past one process: Prefect's DaskTaskRunner (prefect-dask) runs the batches on Dask workers.

`cluster(settings)` attaches to the scheduler at `dask_address` (`--dask-address`,
SANCTIONS_MONITOR_DASK_ADDRESS) or starts a local cluster of `dask_workers` processes (`--workers N`);
neither set, it yields None and the flow does its page work itself, as before. `in_order` submits
batches to the workers, a few ahead of the flow (bounded memory), and hands each result back in
submission order, so the flow, the single DuckDB writer, loads them as a local run would.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from distributed import WorkerPlugin
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from extractors.errors import MonitorError
from extractors.records import FeedItem
from flows.ingest import batches
from flows.net import HostRules
from flows.settings import Settings
from flows.warehouse import StoredText

if TYPE_CHECKING:
    from prefect_dask.task_runners import DaskTaskRunner

log = logging.getLogger(__name__)
CONNECT_TIMEOUT = "10s"  # a scheduler that does not answer in this time is reported unreachable
PLUGIN = "sanctions-monitor-model"
B = TypeVar("B")


class ClusterError(MonitorError):
    """The Dask scheduler could not be reached, or went away during the run."""


@dataclass
class BatchFailed:
    """A batch whose task raised (after its retries): nothing of it is stored, the next run retries it."""

    error: str


@task(name="page-batch", retries=1, retry_delay_seconds=1, cache_policy=NO_CACHE)
def page_batch_task(
    items: list[FeedItem], settings: Settings, robots_memo: dict[str, HostRules]
) -> batches.PageBatch:
    """Fetch, clean and extract one batch of pages on a Dask worker; the rows travel back to the flow."""
    return batches.page_batch(items, settings, robots_memo, get_run_logger())


def wanted(settings: Settings) -> bool:
    """True when the page work goes to Dask (an address, or a local cluster of N > 0 processes)."""
    return bool(settings.dask_address) or settings.dask_workers > 0


def task_runner(settings: Settings) -> DaskTaskRunner:
    """The DaskTaskRunner the settings ask for: attached to `dask_address`, else a local cluster of
    `dask_workers` single-threaded processes (extraction is CPU-bound: one process per core)."""
    from prefect_dask.task_runners import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address, client_kwargs={"timeout": CONNECT_TIMEOUT})
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={"n_workers": settings.dask_workers, "threads_per_worker": 1, "processes": True,
                        "dashboard_address": ":0"},
    )


def check_scheduler(settings: Settings) -> None:
    """Fail fast, before Prefect starts: the options make sense and the scheduler's port answers."""
    if settings.dask_address and settings.dask_workers:
        raise ClusterError("give --dask-address (an existing cluster) or --workers N (a local one), not both")
    if not settings.dask_address:
        return
    parts = urlsplit(settings.dask_address)
    if parts.scheme != "tcp" or not parts.hostname or not parts.port:
        raise ClusterError(f"--dask-address {settings.dask_address!r}: expected tcp://HOST:PORT")
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=5).close()
    except OSError as exc:
        raise _unreachable(settings.dask_address, exc) from None


def _unreachable(where: str, exc: BaseException) -> ClusterError:
    return ClusterError(
        f"Dask scheduler {where} unreachable ({' '.join(str(exc).split())[:200]}); start one with "
        "`dask scheduler` and workers with `dask worker ADDRESS`, or run without --dask-address")


@contextmanager
def cluster(settings: Settings) -> Iterator[DaskTaskRunner | None]:
    """The started task runner, its client connected and the model preloaded on every worker; None when
    the settings ask for no Dask. An unreachable scheduler is a ClusterError (one line for the CLI)."""
    if not wanted(settings):
        yield None
        return
    check_scheduler(settings)
    runner = task_runner(settings)
    with _api_for_workers(), runner:
        try:
            client = runner.client
        except (OSError, TimeoutError) as exc:
            raise _unreachable(settings.dask_address or "of the local cluster", exc) from None
        client.register_plugin(ModelPreload(settings), name=PLUGIN)
        yield runner


@contextmanager
def _api_for_workers() -> Iterator[None]:
    """Task runs on the workers report to the flow's Prefect API: with no PREFECT_API_URL set, that is
    the flow process's temporary local server, whose address is handed to the workers (same machine)."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = SubprocessASGIServer()
    same = PREFECT_API_URL.value() or not server.running
    with nullcontext() if same else temporary_settings({PREFECT_API_URL: server.api_url}):
        yield


class ModelPreload(WorkerPlugin):
    """A Dask worker plugin: loads the settings' spaCy model (and with it the gazetteers) once, when the
    worker joins, so that no batch pays for it. A failure is left for the first batch to report."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def setup(self, worker: Any) -> None:
        """Load in a thread: the worker's event loop keeps answering the scheduler meanwhile."""
        try:
            await asyncio.to_thread(self.settings.load_nlp)
        except Exception as exc:  # the batches raise it again and are recorded as failed
            log.warning("worker %s: model not loaded: %s", getattr(worker, "address", "?"), exc)


def in_order(
    runner: DaskTaskRunner, work: list[list[FeedItem]], settings: Settings, robots_memo: dict[str, HostRules]
) -> Iterator[tuple[list[FeedItem], batches.PageBatch | BatchFailed]]:
    """Each batch of pages and its outcome, in submission order, as Prefect task runs on the workers.
    A batch that raised (after its retry) is a BatchFailed; a scheduler lost mid-run is a ClusterError."""

    def submit(items: list[FeedItem]) -> Any:
        params = {"items": items, "settings": settings, "robots_memo": robots_memo}
        return runner.submit(page_batch_task, params)

    yield from _window(runner, work, submit)


def texts_in_order(
    runner: DaskTaskRunner, work: list[list[StoredText]], settings: Settings
) -> Iterator[tuple[list[StoredText], batches.Reextracted | BatchFailed]]:
    """`reprocess`: each batch of stored texts and its findings, in order (plain Dask tasks: reprocess
    is not a Prefect flow, it only borrows the task runner's cluster handling)."""
    logger = logging.getLogger(batches.__name__)
    yield from _window(runner, work, lambda texts: runner.client.submit(
        batches.reextract_batch, texts, settings, logger, pure=False))  # type: ignore[no-untyped-call]


def _window(runner: DaskTaskRunner, work: list[B], submit: Callable[[B], Any]) -> Iterator[tuple[B, Any]]:
    """Submit `work` keeping at most two batches per worker thread out at once (bounded memory on both
    sides); yield each batch with its outcome in submission order."""
    ahead = max(2, 2 * sum(runner.client.nthreads().values()))  # type: ignore[no-untyped-call]
    pending: deque[tuple[B, Any]] = deque()
    todo = iter(work)
    for batch in todo:
        pending.append((batch, submit(batch)))
        if len(pending) >= ahead:
            break
    while pending:
        batch, future = pending.popleft()
        outcome = _outcome(runner, future)
        following = next(todo, None)
        if following is not None:
            pending.append((following, submit(following)))
        yield batch, outcome


def _outcome(runner: DaskTaskRunner, future: Any) -> Any:
    try:
        done = future.result()
    except Exception as exc:
        if runner.client.status != "running":
            raise ClusterError(f"lost the Dask scheduler during the run ({type(exc).__name__}: {exc}); "
                               "batches loaded so far are kept, the next run does the rest") from exc
        return BatchFailed(f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
    return done
