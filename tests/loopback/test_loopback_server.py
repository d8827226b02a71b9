"""The loopback server's HTTP side: routing, request log, concurrency and lifecycle."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from reviewkit.errors import ConfigError
from reviewkit.loopback import Corpus, EUtilsServer
from tests.loopback.loopback_support import efetch, esearch, ids_of, make_corpus

# --- routing ------------------------------------------------------------------


def test_unknown_paths_are_404(server: EUtilsServer, http: requests.Session) -> None:
    assert http.get(server.url + "elink.fcgi", timeout=10).status_code == 404
    assert http.get(server.url.replace("/entrez/eutils/", "/x"), timeout=10).status_code == 404


# --- request log and lifecycle ------------------------------------------------


def test_requests_are_logged_with_their_parameters(http: requests.Session) -> None:
    with EUtilsServer(make_corpus(), rate_limit=False) as srv:
        esearch(
            http, srv, term="alopecia", tool="reviewkit", email="ci@example.org", api_key="secret"
        )
        efetch(http, srv, id="9997,12091962,1")
        first, second = srv.requests
    assert first.method == "GET"
    assert first.utility == "esearch"
    assert first.status == 200
    assert first.params == {
        "db": "pubmed",
        "term": "alopecia",
        "tool": "reviewkit",
        "email": "ci@example.org",
        "api_key": "secret",
    }
    assert first.ids_count == 0
    assert first.bytes_sent > 0
    assert second.method == "POST"
    assert second.utility == "efetch"
    assert second.ids_count == 3
    assert second.time >= first.time


def test_concurrent_clients_are_served(server: EUtilsServer) -> None:
    results: list[int] = []

    def worker() -> None:
        with requests.Session() as session:
            for _ in range(5):
                results.append(len(ids_of(esearch(session, server, term="humans[mh]"))))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [20] * 30


def test_stop_closes_idle_keep_alive_connections_and_threads() -> None:
    before = threading.active_count()
    srv = EUtilsServer(Corpus(), rate_limit=False).start()
    with requests.Session() as session:
        assert session.get(srv.url + "einfo.fcgi", timeout=10).status_code == 200
        started = time.monotonic()
        srv.stop()
        assert time.monotonic() - started < 2
    deadline = time.monotonic() + 2
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() <= before
    with pytest.raises(ConfigError, match="not running"):
        _ = srv.url


def test_a_busy_port_is_a_config_error() -> None:
    with EUtilsServer(Corpus()) as first:
        port = int(first.url.split(":")[2].split("/")[0])
        with pytest.raises(ConfigError, match=f"127.0.0.1:{port}"):
            EUtilsServer(Corpus(), port=port).start()
