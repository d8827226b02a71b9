"""Tests for reviewkit.eutils.client: construction, errors, exchanges and the limiter."""

from __future__ import annotations

import pytest
import requests

from reviewkit.errors import ConfigError
from reviewkit.eutils import EUtilsClient, EUtilsConfig
from reviewkit.eutils import client as client_module
from tests.eutils.eutils_support import (
    API_KEY,
    BASE_URL,
    DATA,
    EMAIL,
    RATE_LIMITED,
    CountingLimiter,
    FakeTransport,
    esearch_body,
    make_client,
)


def test_a_broken_base_url_is_a_config_error():
    client = EUtilsClient(
        requests.Session(), EUtilsConfig(base_url="nonsense://x/"), limiter=CountingLimiter()
    )
    with pytest.raises(
        ConfigError, match=r"einfo: cannot send a request to nonsense://x/einfo\.fcgi"
    ):
        client.einfo()


def test_max_tries_below_one_is_a_config_error():
    with pytest.raises(ConfigError, match="max_tries"):
        EUtilsClient(requests.Session(), EUtilsConfig(max_tries=0), limiter=CountingLimiter())


def test_einfo_returns_provenance():
    transport = FakeTransport([(200, (DATA / "einfo2.xml").read_bytes())])
    client, _, _, _ = make_client(transport)
    info = client.einfo()
    assert (info.name, info.build, info.count) == ("pubmed", "Build-2025.11.27.06.33", 39730388)


def test_exchanges_record_every_response_without_key_or_email():
    transport = FakeTransport([RATE_LIMITED, (200, esearch_body(["3"]))])
    client, _, exchanges, _ = make_client(transport)

    client.esearch("hair")

    assert [(e.utility, e.status, e.attempt) for e in exchanges] == [
        ("esearch", 429, 1),
        ("esearch", 200, 2),
    ]
    for exchange in exchanges:
        names = [k for k, _ in exchange.params]
        assert "api_key" not in names
        assert "email" not in names
        assert ("tool", "reviewkit") in exchange.params
        assert exchange.method == "POST"
        assert exchange.url == BASE_URL + "esearch.fcgi"
        assert exchange.started.tzinfo is not None
        assert exchange.elapsed >= 0
        assert API_KEY not in repr(exchange)
        assert EMAIL not in repr(exchange)
    assert exchanges[1].body == esearch_body(["3"])


def test_the_default_limiter_is_the_shared_process_limiter(monkeypatch):
    seen = []

    def fake_process_limiter(*, has_api_key):
        seen.append(has_api_key)
        return CountingLimiter()

    monkeypatch.setattr(client_module, "process_limiter", fake_process_limiter)
    EUtilsClient(requests.Session(), EUtilsConfig(api_key=API_KEY))
    EUtilsClient(requests.Session(), EUtilsConfig())
    assert seen == [True, False]
