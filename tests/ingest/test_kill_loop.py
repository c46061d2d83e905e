"""The kill loop (issue 10, "Checked by"): 20 ingest runs SIGKILLed at random points after each began,
then one run left alone; nothing lost, nothing duplicated, no run left `running`, no orphan process.

Lean: the runs are forked from one "zygote" process that imported the flow and loaded the spaCy model
once (and never started a Prefect client, so it has no thread to lose in the fork); every run talks to
the session's Prefect test server; the site is small and fast. A run has begun when the site has
served its feed; it is then killed after a random 0-1.5 s (the random point), its exit reaped.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows import processes
from flows.warehouse import Warehouse
from flows.warehouse.access import run_lock_path
from tests.helpers.run_process import REPO, NewsSite, until

ZYGOTE = """
import os, sys
from pathlib import Path
from flows.ingest import FeedConfig, run_ingest
from flows.settings import Settings

settings = Settings.load(env={}, db=Path(sys.argv[1]), allow_loopback=True, alerts_file=Path(sys.argv[3]))
settings.load_nlp()
feeds = [FeedConfig("port-news", sys.argv[2], "news")]
print("ready", flush=True)
for line in sys.stdin:
    child = os.fork()
    if child == 0:
        try:
            run_ingest(settings, feeds=feeds)
        finally:
            os._exit(0)
    print(child, flush=True)
    _, status = os.waitpid(child, 0)
    print(f"ended {status}", flush=True)
"""
STORIES, KILLS = 40, 20


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_twenty_kills_lose_nothing_duplicate_nothing_and_leave_nothing(tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL

    site = NewsSite(STORIES)
    db = tmp_path / "w.duckdb"
    env = dict(os.environ, PYTHONPATH=str(REPO), PREFECT_API_URL=str(PREFECT_API_URL.value()),
               PREFECT_LOGGING_LEVEL="ERROR")
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE, str(db), site.site.url("/feed.xml"), str(tmp_path / "alerts.jsonl")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert zygote.stdin is not None and zygote.stdout is not None
    chance = random.Random(10)
    killed = 0
    try:
        assert zygote.stdout.readline().strip() == "ready"
        for _ in range(KILLS + 1):
            polls = site.site.hits["/feed.xml"]
            zygote.stdin.write("go\n")
            zygote.stdin.flush()
            child = int(zygote.stdout.readline())
            if killed < KILLS:
                until(lambda seen=polls: site.site.hits["/feed.xml"] > seen, "the run polls its feed", 120)
                time.sleep(chance.uniform(0.0, 1.5))  # the random kill point, not a synchronisation
                kids = processes.descendants(child)
                os.kill(child, signal.SIGKILL)
                killed += 1
                ended = zygote.stdout.readline().split()
                assert ended[0] == "ended"
                assert not [k for k in kids if k.alive()], "a killed run left a process behind"
            else:  # the last run is left alone
                assert zygote.stdout.readline().split() == ["ended", "0"]
    finally:
        zygote.stdin.close()
        zygote.wait(60)
        site.stop()
    wh = Warehouse(db)
    urls = [site.site.url(f"/story/{i}") for i in range(STORIES)]
    stored = wh.query("select url, count(*) from articles where status = 'ok' group by url")
    assert sorted(stored) == sorted((u, 1) for u in urls)  # every story once: nothing lost or duplicated
    assert wh.query("select count(*), count(distinct content_hash) from raw_pages") == [(STORIES, STORIES)]
    runs = wh.query("select status from runs order by started_at")
    assert len(runs) == KILLS + 1 and runs[-1] == ("completed",)
    assert {status for (status,) in runs} <= {"abandoned", "completed"}  # none left running
    assert run_lock_path(db).read_text() == ""  # the last run let go of the warehouse
