"""Loopback fixtures: one served corpus per test module, and a keep-alive client.

Tests that use ``server`` share it within their module; the autouse ``_clean``
fixture forgets queued faults and latency after each of them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from reviewkit.loopback import EUtilsServer
from tests.loopback.loopback_support import TODAY, make_corpus


@pytest.fixture(scope="module")
def server() -> Iterator[EUtilsServer]:
    with EUtilsServer(make_corpus(), rate_limit=False, today=TODAY) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _clean(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "server" in request.fixturenames:
        srv = request.getfixturevalue("server")
        srv.faults.clear()
        srv.faults.latency = 0.0


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session
