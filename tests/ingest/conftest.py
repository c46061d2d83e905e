"""Fixtures of the ingest tests: the generated news site (tests/helpers/ingest_site.py) on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flows.demo import LoopbackSite
from tests.helpers.ingest_site import start_site


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    """The generated site, served for one test, stopped afterwards."""
    site = start_site()
    try:
        yield site
    finally:
        site.stop()
