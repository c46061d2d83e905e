"""A one-off run's overhead: `sanctions-monitor demo` end to end against the ingest work inside it.

Runs the demo command as an operator does (a fresh process, no PREFECT_API_URL, so the flow runs
in-process with no Prefect server) and compares its wall time with the ingest run's own time (the
`runs` row: poll -> fetch -> clean -> extract -> load -> claims, digest, alerts) measured in the same
run. The rest is process start-up (imports), the demo site and the printout. For scale it also times
the imports alone (`import flows.cli, flows.demo, flows.ingest` in a fresh process).
The first demo warms the disk cache and is not counted.

    .venv/bin/python bench/demo_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

IMPORTS = "import flows.cli, flows.demo, flows.ingest"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_URL", "SANCTIONS_MONITOR_"))}
    env.update({"PREFECT_HOME": str(home), "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"})
    return env


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def ingest_seconds(db: Path) -> float:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("select epoch(finished_at) - epoch(started_at) from runs").fetchone()
    finally:
        con.close()
    assert row is not None
    return float(row[0])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repo = Path(__file__).resolve().parent.parent
    demo = [sys.executable, "-m", "flows.cli", "demo"]
    walls, works, imports = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        env = _env(cwd / "prefect-home")
        env["PYTHONPATH"] = str(repo)
        for i in range(args.repeat + 1):
            wall = timed(demo, cwd, env)
            work = ingest_seconds(cwd / "data" / "demo.duckdb")
            start = timed([sys.executable, "-c", IMPORTS], cwd, env)
            if i == 0:
                continue  # warm-up
            walls.append(wall)
            works.append(work)
            imports.append(start)
            print(f"demo {wall:.1f} s, its ingest run {work:.1f} s (x{wall / work:.2f}), "
                  f"imports {start:.1f} s")
        assert not list((cwd / "prefect-home").glob("*.db")), "a Prefect server database was created"
    wall, work, start = statistics.median(walls), statistics.median(works), statistics.median(imports)
    print(f"median: `demo` {wall:.1f} s = x{wall / work:.2f} its ingest run ({work:.1f} s); "
          f"imports alone {start:.1f} s; no Prefect server started")


if __name__ == "__main__":
    main()
