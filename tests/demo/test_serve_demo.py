"""`sanctions-monitor serve-demo` as an operator starts it: a real process serving the demo site on
loopback until interrupted, and the feeds file it writes pointing at it."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from extractors.feeds import parse_feed
from flows.demo import FEEDS
from flows.ingest import load_feeds

REPO = Path(__file__).resolve().parent.parent.parent


def _first_line(proc: subprocess.Popen[str], timeout: float) -> str:
    """The first line the process prints, waiting at most `timeout` seconds for it."""
    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout):
            raise AssertionError(f"serve-demo printed nothing within {timeout} s")
    return proc.stdout.readline()


def test_serve_demo_serves_until_interrupted_and_writes_the_feeds_file(tmp_path: Path) -> None:
    feeds_file = tmp_path / "demo-feeds.toml"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANCTIONS_MONITOR_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "serve-demo", "--port", "0", "--write-feeds", str(feeds_file)],
        cwd=tmp_path, env=dict(env, PYTHONPATH=str(REPO)), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        line = _first_line(proc, 60)
        assert line.startswith("demo site serving on http://127.0.0.1:"), line
        base = line.split(" on ", 1)[1].split("/ ", 1)[0]
        assert httpx.get(base + "/health").text == "ok\n"
        feeds = load_feeds(feeds_file)
        assert [f.name for f in feeds] == [f.name for f in FEEDS]
        assert all(f.url.startswith(base + "/") for f in feeds)
        world = httpx.get(feeds[0].url)
        assert world.status_code == 200
        parsed = parse_feed(world.content, feeds[0].name, feeds[0].url, world.headers["content-type"])
        assert parsed.items and all(item.url.startswith(base) for item in parsed.items)
        proc.send_signal(signal.SIGINT)
        out, errors = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, errors
    assert "demo site stopped" in out


def test_serve_demo_on_a_busy_port_is_one_line_and_exit_1(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app
    from flows.demo import LoopbackSite

    with LoopbackSite() as busy:
        port = busy.base.rsplit(":", 1)[1]
        got = CliRunner().invoke(app, ["serve-demo", "--port", port])
    assert got.exit_code == 1
    assert got.output.startswith(f"error: cannot serve the demo site on 127.0.0.1:{port}")
    assert len(got.output.strip().splitlines()) == 1
