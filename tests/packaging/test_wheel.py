"""`pip install .` as an operator does it: build the wheel, install it with pip (not uv) into a fresh
venv, and run `report --list` and `demo` from a directory outside the repository.

Slow (a few minutes: pip downloads and installs every dependency) and needs the package index.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.slow


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str], timeout: float) -> str:
    got = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                         timeout=timeout)
    assert got.returncode == 0, f"{cmd}: exit {got.returncode}\n{got.stdout[-3000:]}\n{got.stderr[-3000:]}"
    return got.stdout


def test_the_wheel_installs_with_pip_and_runs_outside_the_repository(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SANCTIONS_MONITOR_", "PREFECT_", "VIRTUAL_ENV", "PYTHONPATH", "UV_"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), DO_NOT_TRACK="1",
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PIP_DISABLE_PIP_VERSION_CHECK="1")
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], tmp_path, env, 120)
    pip = venv / "bin" / "pip"
    _run([pip, "wheel", "--no-deps", "--quiet", "--wheel-dir", tmp_path / "dist", REPO], tmp_path, env, 600)
    (wheel,) = (tmp_path / "dist").glob("sanctions_monitor-*.whl")
    _run([pip, "install", "--quiet", wheel], tmp_path, env, 1800)

    outside = tmp_path / "operator"
    outside.mkdir()
    cli = venv / "bin" / "sanctions-monitor"
    listed = _run([cli, "report", "--list"], outside, env, 120)
    assert "daily_digest" in listed and "claim_timeline" in listed
    demo = _run([cli, "demo"], outside, env, 900)
    assert "articles stored" in demo
    con = duckdb.connect(str(outside / "data" / "demo.duckdb"), read_only=True)
    assert con.execute("select count(*) from articles where status = 'ok'").fetchone()[0] >= 20  # type: ignore[index]
    assert con.execute("select count(*) from mentions").fetchone()[0] > 0  # type: ignore[index]
    assert (outside / "data" / "demo.alerts.jsonl").is_file()
