"""Tests for reviewkit.eutils.retry: transient faults are retried with full-jitter back-off."""

from __future__ import annotations

import random

import pytest
import requests

from reviewkit.errors import SourceUnavailable
from reviewkit.eutils import EUtilsClient, EUtilsConfig
from reviewkit.eutils_responses import parse_efetch_pmids
from tests.eutils.eutils_support import (
    BACKEND_200,
    BASE_URL,
    HISTORY,
    HTML_500,
    PROXY_400,
    RATE_LIMITED,
    CountingLimiter,
    FakeTransport,
    MaxRandom,
    efetch_body,
    esearch_body,
    make_client,
    session_with,
)

FAULTS = {
    "429": (RATE_LIMITED, "rate_limited"),
    "500": (HTML_500, "server_errors"),
    "502": ((502, b"Bad Gateway"), "server_errors"),
    "503": ((503, b""), "server_errors"),
    "400 relaying a 502": (PROXY_400, "server_errors"),
    "drop": (
        requests.ConnectionError("Connection aborted: RemoteDisconnected"),
        "connection_errors",
    ),
    "timeout": (requests.ReadTimeout("read timed out"), "connection_errors"),
    "connect timeout": (requests.ConnectTimeout("connect timed out"), "connection_errors"),
    "truncated in transit": (
        requests.exceptions.ChunkedEncodingError("IncompleteRead(100 bytes read)"),
        "connection_errors",
    ),
    "truncated XML": ((200, efetch_body(["1", "2"])[:-40]), "invalid_bodies"),
    "empty body": ((200, b""), "invalid_bodies"),
    "plain-text outage": ((200, b"Unable to route request!"), "invalid_bodies"),
    "JSON at 200": ((200, RATE_LIMITED[1]), "invalid_bodies"),
    "short batch": ((200, efetch_body(["1"])), "invalid_bodies"),
    "error200": (BACKEND_200, "server_errors"),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_each_transient_fault_is_retried_then_succeeds(fault):
    reply, counter = FAULTS[fault]
    transport = FakeTransport([reply, (200, efetch_body(["1", "2"]))])
    client, sleeps, _, limiter = make_client(transport)

    body = client.efetch(history=HISTORY, retstart=0, retmax=2, expected=2)

    assert parse_efetch_pmids(body, origin="t").pmids == ("1", "2")
    assert len(transport.calls) == 2
    assert limiter.acquired == 2  # every try waits on the limiter
    assert client.stats.requests == 2
    assert client.stats.retries == 1
    assert getattr(client.stats, counter) == 1
    assert sleeps == [pytest.approx(0.5)]  # full jitter of min(cap, 0.5 * 2**0)


def test_search_backend_failure_in_esearch_is_retried():
    transport = FakeTransport([BACKEND_200, (200, esearch_body(["5", "6"]))])
    client, sleeps, _, _ = make_client(transport)

    result = client.esearch("hair[tiab]", retmax=10)

    assert result.ids == ("5", "6")
    assert client.stats.server_errors == 1
    assert len(sleeps) == 1


def test_a_persistent_fault_raises_source_unavailable_naming_utility_tries_and_cause():
    transport = FakeTransport([HTML_500])
    client, sleeps, _, _ = make_client(transport, max_tries=4)

    with pytest.raises(SourceUnavailable) as caught:
        client.efetch(history=HISTORY)

    message = str(caught.value)
    assert message.startswith("pubmed: efetch failed after 4 tries: HTTP 500")
    assert "WWW Error 500" in message
    assert f"url {BASE_URL}efetch.fcgi" in message
    assert len(transport.calls) == 4
    assert client.stats.retries == 3
    # Exponential ceilings 0.5, 1, 2 with the jitter at its maximum.
    assert sleeps == [pytest.approx(0.5), pytest.approx(1.0), pytest.approx(2.0)]


def test_backoff_is_capped_and_jittered():
    transport = FakeTransport([(503, b"")])
    sleeps: list[float] = []
    client = EUtilsClient(
        session_with(transport),
        EUtilsConfig(base_url=BASE_URL, max_tries=8, backoff_base=1.0, backoff_cap=5.0),
        limiter=CountingLimiter(),
        sleep=sleeps.append,
        rng=random.Random(7),
    )
    with pytest.raises(SourceUnavailable):
        client.einfo()
    ceilings = [1, 2, 4, 5, 5, 5, 5]
    assert len(sleeps) == len(ceilings)
    assert all(0 <= s <= c for s, c in zip(sleeps, ceilings, strict=True))
    assert len(set(sleeps)) == len(sleeps)  # jittered, not a fixed schedule


def test_a_persistent_timeout_says_so():
    transport = FakeTransport([requests.ReadTimeout("read timed out")])
    client, _, exchanges, _ = make_client(transport, timeout=2.5)

    with pytest.raises(
        SourceUnavailable, match=r"esearch failed after 3 tries: no answer within 2.5 s"
    ):
        client.esearch("x")
    assert exchanges == []  # no response, nothing to archive
    assert client.stats.connection_errors == 3


def test_backoff_delay_is_uniform_below_the_capped_ceiling():
    from reviewkit.eutils.retry import backoff_delay

    assert backoff_delay(0, base=0.5, cap=30.0, rng=MaxRandom()) == 0.5
    assert backoff_delay(10, base=0.5, cap=30.0, rng=MaxRandom()) == 30.0
    rng = random.Random(3)
    delays = [backoff_delay(2, base=1.0, cap=30.0, rng=rng) for _ in range(50)]
    assert all(0 <= d < 4.0 for d in delays)
    assert len(set(delays)) == 50
