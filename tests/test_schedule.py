"""The operator's path for real: Prefect server, `prefect deploy --all`, a process worker, a run.

Slow (about a minute): starts `prefect server start` on a free loopback port with its own
PREFECT_HOME, deploys every deployment of prefect.yaml, checks their schedules and concurrency limits,
starts a process worker, triggers `daily-ingest` against the demo site on loopback, waits (bounded)
for the run to complete and asserts rows in the warehouse. Everything it starts is stopped.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.helpers.prefect_server import PREFECT, prefect, prefect_server, running, wait_until

REPO = Path(__file__).resolve().parent.parent
POOL = "sanctions-monitor"

pytestmark = pytest.mark.slow


def _client_call(env: dict[str, str], fn: Any) -> Any:
    """Run an async PrefectClient call against the test server (settings taken from env)."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    async def go() -> Any:
        async with get_client() as client:
            return await fn(client)

    with temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]}):
        return asyncio.run(go())


def test_deploy_schedule_and_worker_run(tmp_path: Path) -> None:
    from flows.demo import demo_site
    from tests.helpers.ingest_site import write_feeds_toml

    db = tmp_path / "scheduled.duckdb"
    with demo_site() as demo, prefect_server(tmp_path / "prefect-home") as env:
        feeds = tmp_path / "feeds.toml"
        write_feeds_toml(demo.feeds, feeds)
        prefect(["work-pool", "create", POOL, "--type", "process", "--overwrite"], env, REPO)
        prefect(["work-pool", "set-concurrency-limit", POOL, "1"], env, REPO)
        prefect(["--no-prompt", "deploy", "--all"], env, REPO)

        deployments = _client_call(env, lambda c: c.read_deployments())
        by_name = {d.name: d for d in deployments}
        assert set(by_name) == {"daily-ingest", "daily-ingest-dask", "hourly-official", "weekly-report",
                                "daily-lists"}
        on_dask = by_name["daily-ingest-dask"]  # same flow, page work on the Dask cluster named here
        assert on_dask.entrypoint == "flows/ingest/flow.py:ingest"
        assert on_dask.job_variables["env"]["SANCTIONS_MONITOR_DASK_ADDRESS"] == "tcp://127.0.0.1:8786"
        assert not on_dask.schedules[0].active  # switched on instead of daily-ingest, never beside it
        daily = by_name["daily-ingest"]
        assert daily.schedules and daily.schedules[0].schedule.cron == "15 6 * * *"
        assert daily.schedules[0].schedule.timezone == "Europe/London"
        assert daily.global_concurrency_limit is not None and daily.global_concurrency_limit.limit == 1
        assert str(daily.concurrency_options.collision_strategy.value) == "ENQUEUE"
        assert by_name["hourly-official"].parameters["kinds"] == ["official"]
        assert (REPO / daily.parameters["feeds"]).is_file()  # the packaged default sources
        assert daily.entrypoint == "flows/ingest/flow.py:ingest"
        assert by_name["daily-lists"].parameters == {"lists": "flows/lists/lists.toml",
                                                     "db": "data/warehouse.duckdb"}

        run = _client_call(env, lambda c: c.create_flow_run_from_deployment(
            daily.id, parameters={"feeds": str(feeds), "db": str(db)}))
        worker_env = dict(env, SANCTIONS_MONITOR_ALLOW_LOOPBACK="1",
                          SANCTIONS_MONITOR_ALERTS_FILE=str(tmp_path / "alerts.jsonl"))
        cmd = [PREFECT, "worker", "start", "--pool", POOL, "--type", "process", "--limit", "1"]
        with running(cmd, worker_env, tmp_path / "worker.log", cwd=REPO):
            def finished() -> bool:
                state = _client_call(env, lambda c: c.read_flow_run(run.id)).state
                return bool(state and state.is_final())

            wait_until(finished, 420, "the daily-ingest flow run to finish", interval=2)
        state = _client_call(env, lambda c: c.read_flow_run(run.id)).state
        assert state.is_completed(), (tmp_path / "worker.log").read_text()[-4000:]

    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from articles where status = 'ok'").fetchone()[0] >= 15
    assert con.execute("select count(*) from mentions").fetchone()[0] > 0
    assert con.execute("select status from runs").fetchall() == [("completed",)]
