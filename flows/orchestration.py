"""Prefect when there is a Prefect API, the same functions in-process when there is none.

With `PREFECT_API_URL` set (a server, a deployment's worker, the tests' harness) a flow is a real
Prefect flow run and each task a task run. With no API configured, Prefect 3 would first start its
ephemeral API server, a subprocess that takes 20-25 s on two cores before the first task runs and is
then thrown away. A one-off run skips it: `run_flow` calls the flow's own function (`Flow.fn`, as
Prefect documents for testing) and every `task` of this module, called outside a flow run with no
API, calls its function directly with the task's retries. The code that runs is the same either way,
so the warehouse gets the same rows; only Prefect's records of the run (flow and task runs, the
summary artifact) exist only when there is an API to keep them.

Use `task` and `get_run_logger` from here instead of Prefect's, and `run_flow(flow, ...)` to start a
flow from the CLI.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from prefect import Flow, Task
from prefect.context import FlowRunContext, TaskRunContext
from prefect.logging import get_run_logger as prefect_run_logger
from prefect.settings import PREFECT_API_URL

from extractors.errors import MonitorError

P = ParamSpec("P")
R = TypeVar("R")
# under "prefect", so PREFECT_LOGGING_LEVEL and Prefect's console handler apply as to a run logger
# (and no API log handler: there is no API to send to)
LOCAL_LOGGER = "prefect.sanctions_monitor"


def api_configured() -> bool:
    """True when a Prefect API is configured (PREFECT_API_URL, from the environment or the profile)."""
    return bool(PREFECT_API_URL.value())


def in_run() -> bool:
    """True inside a Prefect flow or task run."""
    return FlowRunContext.get() is not None or TaskRunContext.get() is not None


def in_process() -> bool:
    """True when a task called now runs its function directly: no Prefect run and no API."""
    return not in_run() and not api_configured()


def run_flow(fl: Flow[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run `fl` as a Prefect flow run when an API is configured (checked first: an API that does not
    answer is one MonitorError), else its function in-process."""
    if api_configured():
        check_api()
        return fl(*args, **kwargs)
    return fl.fn(*args, **kwargs)


def run_flow_on_prefect(fl: Flow[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Always a Prefect flow run (Prefect's temporary local server when no API is configured): for a run
    whose tasks go to a task runner (the page work on Dask), which needs a flow run and an API."""
    if api_configured():
        check_api()
    return fl(*args, **kwargs)


def check_api() -> None:
    """Raise a one-line MonitorError when the configured Prefect API does not answer its health check
    (a connect error is not retried by Prefect's client, so a closed port fails at once)."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        problem = client.api_healthcheck()
    if problem is not None:
        raise MonitorError(
            f"the Prefect API at {PREFECT_API_URL.value()} cannot be reached ({type(problem).__name__}: "
            f"{problem}); start it (prefect server start) or unset PREFECT_API_URL for a run without one")


def get_run_logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    """Prefect's run logger inside a flow or task run, else a logger with the same level and console."""
    if in_run():
        return prefect_run_logger()
    return logging.getLogger(LOCAL_LOGGER)


class InProcessTask(Task[P, R]):
    """A Prefect task that, called outside a flow run with no API (`in_process()`), runs its
    function directly, retried as the task says; otherwise it is an ordinary Prefect task."""

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:  # type: ignore[override]
        if not in_process():
            return super().__call__(*args, **kwargs)
        for attempt in range(1, (self.retries or 0) + 2):
            try:
                return self.fn(*args, **kwargs)
            except Exception as exc:
                if attempt > (self.retries or 0):
                    raise
                delay = _delay(self.retry_delay_seconds, attempt)
                get_run_logger().warning("%s failed (%s: %s); retry %d of %d in %g s", self.name,
                                         type(exc).__name__, exc, attempt, self.retries, delay)
                time.sleep(delay)  # the task's own retry delay, as Prefect would wait
        raise AssertionError("unreachable")


def task(**options: Any) -> Callable[[Callable[P, R]], InProcessTask[P, R]]:
    """`@task(name=..., retries=..., retry_delay_seconds=..., cache_policy=...)`: Prefect's task options."""

    def wrap(fn: Callable[P, R]) -> InProcessTask[P, R]:
        return InProcessTask(fn=fn, **options)

    return wrap


def _delay(setting: Any, attempt: int) -> float:
    """The wait before retry `attempt` (1-based) from a task's retry_delay_seconds (number or list)."""
    if isinstance(setting, list | tuple):
        return float(setting[min(attempt, len(setting)) - 1]) if setting else 0.0
    return float(setting or 0)
