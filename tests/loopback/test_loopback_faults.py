"""Fault injection: each fault kind on the wire, queue order, latency, and the queue itself."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest
import requests

from reviewkit.errors import ConfigError
from reviewkit.loopback import EUtilsServer, Faults
from reviewkit.loopback.faults import FAULT_KINDS, canned_response, shape_response
from reviewkit.loopback.response import Response
from tests.loopback.loopback_support import PUBMED_HEADER, efetch, entrez, esearch, ids_of, pmids_of

# --- on the wire ---------------------------------------------------------------


def test_fault_429_is_the_rate_limit_body(server: EUtilsServer, http: requests.Session) -> None:
    server.faults.inject("429")
    response = esearch(http, server, term="alopecia")
    assert response.status_code == 429
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {
        "error": "API rate limit exceeded",
        "api-key": "127.0.0.1",
        "count": "4",
        "limit": "3",
    }
    assert esearch(http, server, term="alopecia").status_code == 200  # one request only


@pytest.mark.parametrize(
    ("kind", "status", "marker"),
    [
        ("500", 500, b"NCBI/eutils202 - WWW Error 500 Diagnostic"),
        ("502", 502, b"502 Bad Gateway"),
        ("503", 503, b"503 Service Temporarily Unavailable"),
    ],
)
def test_server_error_faults_are_html_pages(
    server: EUtilsServer, http: requests.Session, kind: str, status: int, marker: bytes
) -> None:
    server.faults.inject(kind)
    response = efetch(http, server, id="9997")
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("text/html")
    assert marker in response.content


def test_fault_400_proxy_relays_a_backend_failure(
    server: EUtilsServer, http: requests.Session
) -> None:
    server.faults.inject("400-proxy")
    response = efetch(http, server, id="9997")
    assert response.status_code == 400
    root = ET.fromstring(response.content)
    assert root.tag == "eFetchResult"
    assert "proxy_stream()" in (root.findtext("ERROR") or "")


def test_fault_error200_is_a_backend_error_inside_200(
    server: EUtilsServer, http: requests.Session
) -> None:
    server.faults.inject("error200")
    response = esearch(http, server, term="alopecia")
    assert response.status_code == 200
    assert (ET.fromstring(response.content).findtext("ERROR") or "").startswith(
        "Search Backend failed"
    )


def test_fault_truncate_is_well_framed_but_cut(
    server: EUtilsServer, http: requests.Session
) -> None:
    whole = efetch(http, server, id="12091962,9997").content
    server.faults.inject("truncate")
    response = efetch(http, server, id="12091962,9997")
    assert response.status_code == 200
    assert response.content == whole[: len(whole) // 2]
    assert int(response.headers["Content-Length"]) == len(whole) // 2
    with pytest.raises(ET.ParseError):
        ET.fromstring(response.content)


def test_fault_drop_closes_without_an_answer(server: EUtilsServer) -> None:
    server.faults.inject("drop")
    with requests.Session() as fresh, pytest.raises(requests.ConnectionError):
        fresh.get(server.url + "einfo.fcgi", timeout=10)
    assert server.requests[-1].status == 0


def test_fault_slow_outlasts_a_client_timeout(server: EUtilsServer, http: requests.Session) -> None:
    server.faults.slow_seconds = 1.0
    server.faults.inject("slow")
    started = time.monotonic()
    with requests.Session() as fresh, pytest.raises(requests.Timeout):
        fresh.get(server.url + "einfo.fcgi", timeout=0.3)
    assert time.monotonic() - started < 0.9


def test_fault_short_returns_fewer_articles(server: EUtilsServer, http: requests.Session) -> None:
    ids = ids_of(esearch(http, server, term="humans[mh]", retmax=8))
    server.faults.inject("short")
    got = pmids_of(efetch(http, server, id=",".join(ids)))
    assert 0 < len(got) < 8
    assert got == ids[: len(got)]


def test_fault_empty_returns_an_empty_set(server: EUtilsServer, http: requests.Session) -> None:
    server.faults.inject("empty")
    response = efetch(http, server, id="9997")
    assert response.content == PUBMED_HEADER + b"<PubmedArticleSet></PubmedArticleSet>"


def test_fault_expired_webenv_forgets_the_environment(
    server: EUtilsServer, http: requests.Session
) -> None:
    webenv = entrez(esearch(http, server, term="alopecia", usehistory="y"))["WebEnv"]
    server.faults.inject("expired-webenv")
    assert pmids_of(efetch(http, server, id="9997")) == ["9997"]  # no WebEnv: not affected
    response = efetch(http, server, WebEnv=webenv, query_key=1)
    assert response.status_code == 200
    assert b"<ERROR>Unable to obtain query #1</ERROR>" in response.content
    later = esearch(http, server, term="alopecia", WebEnv=webenv, usehistory="y")
    assert b"<ERROR>" in later.content


def test_faults_wait_for_their_utility_and_come_in_order(
    server: EUtilsServer, http: requests.Session
) -> None:
    server.faults.inject("500", "502", utility="efetch")
    assert esearch(http, server, term="alopecia").status_code == 200
    assert efetch(http, server, id="9997").status_code == 500
    assert efetch(http, server, id="9997").status_code == 502
    assert efetch(http, server, id="9997").status_code == 200
    server.faults.inject("short")  # utility None: waits for an EFetch
    assert esearch(http, server, term="alopecia").status_code == 200
    assert server.faults.pending == [("short", None)]


def test_unknown_faults_are_refused() -> None:
    with pytest.raises(ConfigError, match="unknown fault kind"):
        Faults().inject("teapot")
    with pytest.raises(ConfigError, match="unknown utility"):
        Faults().inject("500", utility="elink")


def test_latency_is_added_to_every_response(server: EUtilsServer, http: requests.Session) -> None:
    server.faults.latency = 0.2
    started = time.monotonic()
    esearch(http, server, term="alopecia")
    assert time.monotonic() - started >= 0.2


# --- the queue and the canned answers, without HTTP -------------------------


def test_take_skips_faults_that_cannot_affect_the_request() -> None:
    faults = Faults()
    faults.inject("short", "expired-webenv", "empty", "500")
    assert faults.take("esearch", {}) == "500"
    assert faults.take("esearch", {"WebEnv": "MCID_1"}) == "expired-webenv"
    assert faults.take("esummary", {}) is None
    assert faults.take("efetch", {}) == "short"
    assert faults.take("efetch", {}) == "empty"
    assert faults.pending == []


def test_take_honours_the_utility_a_fault_was_queued_for() -> None:
    faults = Faults()
    faults.inject("502", utility="epost")
    faults.inject("503")
    assert faults.take("efetch", {}) == "503"
    assert faults.take("efetch", {}) is None
    assert faults.take("epost", {}) == "502"


def test_clear_forgets_everything() -> None:
    faults = Faults(latency=0.5, slow_seconds=2.0)
    faults.inject("drop", "429")
    faults.clear()
    assert faults.pending == []
    assert (faults.latency, faults.slow_seconds) == (0.5, 2.0)


@pytest.mark.parametrize("kind", ["short", "empty", "expired-webenv", "truncate", "slow"])
def test_faults_acted_on_elsewhere_have_no_canned_answer(kind: str) -> None:
    assert canned_response("efetch", kind, "127.0.0.1") is None


def test_every_other_fault_kind_has_a_canned_answer() -> None:
    acted_elsewhere = {"short", "empty", "expired-webenv", "truncate", "slow"}
    for kind in sorted(FAULT_KINDS - acted_elsewhere):
        response = canned_response("esearch", kind, "10.0.0.1")
        assert response is not None, kind
    dropped = canned_response("einfo", "drop", "10.0.0.1")
    assert dropped is not None
    assert (dropped.status, dropped.drop) == (0, True)


def test_shape_response_truncates_and_stalls() -> None:
    whole = Response(status=200, body=b"0123456789")
    assert shape_response(whole, None, slow_seconds=3.0) == whole
    assert shape_response(whole, "truncate", slow_seconds=3.0).body == b"01234"
    slow = shape_response(whole, "slow", slow_seconds=3.0)
    assert (slow.body, slow.delay) == (whole.body, 3.0)
