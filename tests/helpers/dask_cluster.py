"""A real Dask cluster on loopback for the scale-out tests: `dask scheduler` and `dask worker` processes
started from this environment's `dask` command, waited for by asking the scheduler, never by sleeping."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from distributed import Client

DASK = str(Path(sys.executable).with_name("dask"))
START_TIMEOUT = 120.0  # seconds; the machine may be busy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class DaskCluster:
    """A running scheduler and its workers (no nanny: a killed worker stays dead)."""

    address: str
    log_dir: Path
    scheduler: subprocess.Popen[bytes] | None = None
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def client(self) -> Client:
        return Client(self.address, timeout=f"{START_TIMEOUT:.0f}s", set_as_default=False)

    def add_worker(self, name: str) -> subprocess.Popen[bytes]:
        """Start one single-threaded worker process and wait until the scheduler lists it."""
        proc = self.start_worker(name)
        self.wait_for([name])
        return proc

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        with (self.log_dir / f"{name}.log").open("ab") as out:
            proc = subprocess.Popen(
                [DASK, "worker", self.address, "--name", name, "--nthreads", "1", "--no-nanny",
                 "--no-dashboard", "--host", "127.0.0.1"], stdout=out, stderr=subprocess.STDOUT, env=_env())
        self.workers[name] = proc
        return proc

    def wait_for(self, names: list[str]) -> None:
        """Ask the scheduler until it lists every one of these workers (bounded)."""
        with self.client() as client:
            deadline = time.monotonic() + START_TIMEOUT
            while not set(names) <= _names(client):
                if any(self.workers[n].poll() is not None for n in names) or time.monotonic() > deadline:
                    raise RuntimeError(f"dask workers {names} did not all join: see logs in {self.log_dir}")
                time.sleep(0.1)  # between two questions to the scheduler

    def worker_address(self, name: str) -> str:
        with self.client() as client:
            for address, info in client.scheduler_info(n_workers=-1)["workers"].items():
                if info.get("name") == name:
                    return str(address)
        raise KeyError(name)

    def stop(self) -> None:
        for proc in [*self.workers.values(), self.scheduler]:
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in [*self.workers.values(), self.scheduler]:
            if proc is not None:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def _names(client: Client) -> set[str]:
    return {str(w.get("name")) for w in client.scheduler_info(n_workers=-1)["workers"].values()}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DO_NOT_TRACK", "1")
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return env


@contextmanager
def dask_cluster(log_dir: Path, workers: int = 2) -> Iterator[DaskCluster]:
    """`dask scheduler` on a free loopback port and `workers` worker processes, all stopped afterwards."""
    port = free_port()
    cluster = DaskCluster(f"tcp://127.0.0.1:{port}", log_dir)
    with (log_dir / "scheduler.log").open("ab") as out:
        cluster.scheduler = subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=out, stderr=subprocess.STDOUT, env=_env())
    try:
        names = [f"w{n}" for n in range(workers)]
        for name in names:
            cluster.start_worker(name)
        cluster.wait_for(names)
        yield cluster
    finally:
        cluster.stop()
