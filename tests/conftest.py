"""Shared fixtures: one Prefect test harness per session, the real corpus (skipping where absent), a
migrated warehouse connection. Shared helper code for the flows tests is in tests/helpers/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A throw-away Prefect API (SQLite) for the whole session; request it in flow tests."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus, or SANCTIONS_MONITOR_CORPUS; skips the test clearly when absent."""
    path = Path(os.environ.get("SANCTIONS_MONITOR_CORPUS", REPO.parent / "shared" / "corpus"))
    if not path.is_dir():
        pytest.skip(f"real corpus not found at {path} (set SANCTIONS_MONITOR_CORPUS)")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    path = Path(os.environ.get("SANCTIONS_MONITOR_SEEDS", REPO.parent / "shared" / "seeds"))
    seed = path / "000_900507b1420ffcad.txt"
    if not seed.is_file():
        pytest.skip(f"seed article not found at {seed}")
    return seed.read_text(encoding="utf-8")


@pytest.fixture()
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A real, migrated warehouse file (tests/helpers/warehouse_rows.py: three feeds), closed afterwards."""
    from tests.helpers.warehouse_rows import warehouse

    connection = warehouse(tmp_path / "w.duckdb")
    yield connection
    connection.close()
