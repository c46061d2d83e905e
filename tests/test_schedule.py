"""The operator's path for real: the README's schedule block, run as a bash script.

Slow (a few minutes on two cores): the fenced block of "Schedule it (operators)" runs with `set -e`
in a scratch directory that links to this checkout (so its `data/` stays there), with its own
PREFECT_HOME and free loopback ports in place of 4200 and 8765: `prefect server start --background`,
the health wait, the work pool, `prefect deploy --all`, `serve-demo`, a process worker, a triggered
`daily-ingest` watched to its end and the `sql` line. Then the deployments' schedules and limits are
read from the server and the rows from the warehouse; everything the block started is stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.helpers.prefect_server import PREFECT, free_port, wait_until

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
LINKED = (".venv", "prefect.yaml", "flows", "extractors", "pyproject.toml")

pytestmark = pytest.mark.slow


def schedule_block() -> str:
    """The first ```sh block of the README's "Schedule it (operators)" section."""
    section = README.split("## Schedule it (operators)", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "no sh block in the schedule section"
    return block.group(1)


def _client_call(api: str, fn: Any) -> Any:
    """Run an async PrefectClient call against the block's server."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    async def go() -> Any:
        async with get_client() as client:
            return await fn(client)

    with temporary_settings({PREFECT_API_URL: api}):
        return asyncio.run(go())


def _stop(script: subprocess.Popen[bytes], env: dict[str, str], cwd: Path) -> None:
    """Stop what the block started: the script's process group (the server it put in the background,
    the demo site, the worker), then `prefect server stop` for the server's PID file."""

    def gone() -> bool:
        try:
            os.killpg(script.pid, 0)
        except ProcessLookupError:
            return True
        return False

    if not gone():
        os.killpg(script.pid, signal.SIGTERM)
        try:
            wait_until(gone, 30, "the block's background jobs to stop")
        except TimeoutError:
            os.killpg(script.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):  # the server was in the group stopped above
        subprocess.run([PREFECT, "server", "stop"], env=env, cwd=cwd, capture_output=True, timeout=120)


@pytest.mark.timeout(1800)  # two cores shared: the server's start and the demo run can take minutes
def test_readme_schedule_block_runs_as_a_script(tmp_path: Path) -> None:
    block = schedule_block()
    for needed in ("prefect server start", "server status --wait", "work-pool create", "deploy --all",
                   "serve-demo", "worker start", "deployment run", "sanctions-monitor sql"):
        assert needed in block, needed
    api_port, site_port = free_port(), free_port()
    script = "set -euo pipefail\n" + block.replace("4200", str(api_port)).replace("8765", str(site_port))
    work = tmp_path / "checkout"
    work.mkdir()
    for name in LINKED:
        (work / name).symlink_to(REPO / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SANCTIONS_MONITOR_"))}
    env.update({"PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_SERVER_UI_ENABLED": "false",
                # runs are triggered by the block; the cron schedules are checked, not waited for
                "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false"})
    api = f"http://127.0.0.1:{api_port}/api"
    log = tmp_path / "block.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(["bash", "-c", script], cwd=work, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_until(lambda: proc.poll() is not None, 1500, "the README's schedule block to finish", 2)
            output = log.read_text(errors="replace")
            assert proc.returncode == 0, output[-6000:]
            deployments = {d.name: d for d in _client_call(api, lambda c: c.read_deployments())}
        finally:
            if proc.poll() is None:
                proc.terminate()
            _stop(proc, dict(env, PREFECT_API_URL=api), work)

    assert set(deployments) == {"daily-ingest", "daily-ingest-dask", "hourly-official", "weekly-report",
                                "daily-lists"}
    on_dask = deployments["daily-ingest-dask"]  # same flow, page work on the Dask cluster named here
    assert on_dask.entrypoint == "flows/ingest/flow.py:ingest"
    assert on_dask.job_variables["env"]["SANCTIONS_MONITOR_DASK_ADDRESS"] == "tcp://127.0.0.1:8786"
    assert not on_dask.schedules[0].active  # switched on instead of daily-ingest, never beside it
    daily = deployments["daily-ingest"]
    assert daily.schedules and daily.schedules[0].schedule.cron == "15 6 * * *"
    assert daily.schedules[0].schedule.timezone == "Europe/London"
    assert daily.global_concurrency_limit is not None and daily.global_concurrency_limit.limit == 1
    assert str(daily.concurrency_options.collision_strategy.value) == "ENQUEUE"
    assert deployments["hourly-official"].parameters["kinds"] == ["official"]
    assert daily.entrypoint == "flows/ingest/flow.py:ingest"
    assert "Completed" in output  # `deployment run --watch` saw the run finish
    assert re.search(r"│ ok\s+│\s+\d+", output), output[-3000:]  # the block's own `sql` line
    con = duckdb.connect(str(work / "data" / "scheduled-demo.duckdb"), read_only=True)
    ok = con.execute("select count(*) from articles where status = 'ok'").fetchone()
    assert ok is not None and ok[0] >= 15
    assert con.execute("select count(*) from mentions").fetchone() != (0,)
    assert con.execute("select status from runs").fetchall() == [("completed",)]
