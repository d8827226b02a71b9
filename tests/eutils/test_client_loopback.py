"""Integration tests for reviewkit.eutils.client against the loopback E-utilities server."""

from __future__ import annotations

import itertools
import logging

import pytest
import requests

from reviewkit.errors import QueryRejected, SourceUnavailable
from reviewkit.eutils import EUtilsClient, EUtilsConfig
from reviewkit.eutils_responses import parse_efetch_pmids
from reviewkit.ratelimit import IntervalLimiter
from tests.eutils.eutils_support import API_KEY, EMAIL, loopback_client


@pytest.fixture(scope="module")
def loopback():
    pytest.importorskip("reviewkit.loopback.server", reason="loopback server not available")
    from reviewkit import loopback as module

    return module


@pytest.fixture(scope="module")
def small_corpus(loopback):
    return loopback.synthetic_corpus(1_200, seed=7)


LOOPBACK_FAULTS = [
    "429", "500", "502", "503", "400-proxy", "error200", "truncate", "drop", "slow", "short",
    "empty",
]  # fmt: skip


@pytest.mark.parametrize("kind", LOOPBACK_FAULTS)
def test_loopback_efetch_fault_is_retried_then_succeeds(loopback, small_corpus, kind):
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        srv.faults.slow_seconds = 1.5
        client, _, sleeps = loopback_client(srv, timeout=0.5)
        search = client.esearch("hair", retmax=50)
        srv.faults.inject(kind, utility="efetch")

        body = client.efetch(history=search.history, retmax=20, expected=min(20, search.count))

        assert parse_efetch_pmids(body, origin=kind).pmids == search.ids[:20]
        assert client.stats.requests == 3  # the search, the failed fetch, the good one
        assert client.stats.retries == 1
        assert len(sleeps) == 1
        assert srv.faults.pending == []


@pytest.mark.parametrize(
    "kind", ["429", "500", "502", "503", "400-proxy", "error200", "truncate", "drop", "slow"]
)
def test_loopback_esearch_fault_is_retried_then_succeeds(loopback, small_corpus, kind):
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        srv.faults.slow_seconds = 1.5
        client, _, _ = loopback_client(srv, timeout=0.5)
        srv.faults.inject(kind, utility="esearch")
        result = client.esearch("hair", retmax=5)
        assert result.count > 0
        assert len(result.ids) == 5
        assert client.stats.retries == 1


def test_loopback_expired_webenv_is_rejected_not_retried(loopback, small_corpus):
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        client, _, _ = loopback_client(srv)
        search = client.esearch("hair", retmax=5)
        srv.faults.inject("expired-webenv", utility="efetch")
        with pytest.raises(QueryRejected, match=r"Unable to obtain query #1"):
            client.efetch(history=search.history, retmax=5)
        assert client.stats.retries == 0


def test_loopback_persistent_fault_is_source_unavailable(loopback, small_corpus):
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        client, _, sleeps = loopback_client(srv, max_tries=3)
        srv.faults.inject("500", "500", "500", utility="efetch")
        with pytest.raises(SourceUnavailable, match=r"efetch failed after 3 tries: HTTP 500"):
            client.efetch(pmids=small_corpus.pmids[:3])
        assert len(sleeps) == 2


def test_loopback_sees_identification_post_and_no_key_in_exchanges(loopback, small_corpus, caplog):
    caplog.set_level(logging.DEBUG)
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        client, exchanges, _ = loopback_client(srv)
        search = client.esearch("hair", retmax=3)
        client.efetch(history=search.history, retmax=3)
        client.epost(list(search.ids))
        client.einfo()

        assert [r.utility for r in srv.requests] == ["esearch", "efetch", "epost", "einfo"]
        for logged in srv.requests:
            assert logged.method == "POST"
            assert logged.params.get("tool") == "reviewkit"
            assert logged.params.get("email") == EMAIL
            assert logged.params.get("api_key") == API_KEY
            assert logged.params.get("db") == "pubmed"
    assert len(exchanges) == 4
    for exchange in exchanges:
        assert API_KEY not in repr(exchange.params)
        assert API_KEY.encode() not in exchange.body
    assert API_KEY not in caplog.text


def test_loopback_efetch_batches_return_the_searched_pmids(loopback, small_corpus):
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        client, _, _ = loopback_client(srv)
        search = client.esearch("1800:3000[dp]", retmax=9_999)
        assert search.count == len(small_corpus) == len(search.ids)
        fetched: list[str] = []
        for start in range(0, search.count, 500):
            body = client.efetch(history=search.history, retstart=start, retmax=500)
            batch = parse_efetch_pmids(body, origin=f"batch at {start}").pmids
            assert batch == search.ids[start : start + 500]
            fetched += batch
        assert fetched == list(search.ids)


def test_loopback_phrase_not_found_is_count_zero(loopback, small_corpus):
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        client, _, _ = loopback_client(srv)
        result = client.esearch("qqqzzzxxy")
        assert result.count == 0
        assert any(e.kind == "PhraseNotFound" for e in result.errors)


def test_loopback_retstart_past_the_cap_is_rejected(loopback, small_corpus):
    # The server's cap is lowered so a small corpus reaches it, as NCBI's 9,999 would.
    with loopback.EUtilsServer(small_corpus, rate_limit=False, cap=1_000) as srv:
        client, _, _ = loopback_client(srv)
        capped = client.esearch("1800:3000[dp]", retmax=5_000)
        assert capped.count == len(small_corpus)
        assert len(capped.ids) == 1_000
        with pytest.raises(QueryRejected, match=r"'retstart' cannot be larger than 999"):
            client.esearch("1800:3000[dp]", retstart=1_000, retmax=10)
        assert client.stats.retries == 0


def test_loopback_rate_limit_is_never_exceeded_with_the_real_limiter(loopback, small_corpus):
    """12 back-to-back requests at NCBI's 3/s without a key: the server sees no 429."""
    with loopback.EUtilsServer(small_corpus, rate_limit=True) as srv:
        client = EUtilsClient(
            requests.Session(),
            EUtilsConfig(base_url=srv.url, email=EMAIL, max_tries=1),
            limiter=IntervalLimiter(3),
        )
        for _ in range(12):
            client.esearch("hair", retmax=1)
        statuses = [r.status for r in srv.requests]
        times = sorted(r.time for r in srv.requests)
    assert statuses == [200] * 12
    assert client.stats.rate_limited == 0
    assert all(b - a >= 0.3 for a, b in itertools.pairwise(times))
