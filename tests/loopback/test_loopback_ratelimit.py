"""The server's rate limit: 3 requests/s, 10 with a key, NCBI's 429, a sliding window."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
import requests

from reviewkit.loopback import Corpus, EUtilsServer
from reviewkit.loopback.ratelimit import RateLimiter, too_many

# --- on the wire ---------------------------------------------------------------


@pytest.fixture
def limited() -> Iterator[EUtilsServer]:
    with EUtilsServer(Corpus(), rate_limit=True) as srv:
        yield srv


def test_a_fourth_request_within_a_second_gets_429(
    limited: EUtilsServer, http: requests.Session
) -> None:
    url = limited.url + "einfo.fcgi"
    answers = [http.get(url, timeout=10) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "3"
    assert answers[0].headers["X-RateLimit-Remaining"] == "2"
    refused = answers[3]
    assert refused.content == (
        b'{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"}'
    )
    assert refused.headers["Content-Type"] == "application/json"
    assert refused.headers["X-RateLimit-Limit"] == "3"
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert "Retry-After" not in refused.headers


def test_an_api_key_allows_ten_per_second(limited: EUtilsServer, http: requests.Session) -> None:
    url = limited.url + "einfo.fcgi"
    answers = [http.get(url, params={"api_key": "k3y"}, timeout=10) for _ in range(11)]
    assert [a.status_code for a in answers] == [200] * 10 + [429]
    assert json.loads(answers[-1].content) == {
        "error": "API rate limit exceeded",
        "api-key": "k3y",
        "count": "11",
        "limit": "10",
    }


def test_the_window_slides(limited: EUtilsServer, http: requests.Session) -> None:
    url = limited.url + "einfo.fcgi"
    for _ in range(3):
        assert http.get(url, timeout=10).status_code == 200
    time.sleep(1.05)
    assert http.get(url, timeout=10).status_code == 200


# --- the window and the 429 body, without HTTP ------------------------------


def test_windows_are_per_client() -> None:
    limiter = RateLimiter()
    assert [limiter.hit("a", 0.1 * i) for i in range(4)] == [1, 2, 3, 4]
    assert limiter.hit("b", 0.35) == 1
    assert limiter.hit("a", 1.25) == 2  # 0.0, 0.1 and 0.2 have left the window


def test_check_counts_an_api_key_apart_from_the_address() -> None:
    limiter = RateLimiter()
    for _ in range(3):
        headers, refused = limiter.check({}, "127.0.0.1")
        assert refused is None
    assert headers == (("X-RateLimit-Limit", "3"), ("X-RateLimit-Remaining", "0"))
    headers, refused = limiter.check({"api_key": " k3y "}, "127.0.0.1")
    assert refused is None
    assert headers == (("X-RateLimit-Limit", "10"), ("X-RateLimit-Remaining", "9"))
    headers, refused = limiter.check({}, "127.0.0.1")
    assert refused is not None
    assert refused.status == 429
    assert refused.headers == headers
    assert json.loads(refused.body)["count"] == "4"


def test_too_many_is_ncbis_compact_json() -> None:
    response = too_many("k3y", 11, 10)
    assert response.status == 429
    assert response.content_type == "application/json"
    assert response.headers == ()
    assert response.body == (
        b'{"error":"API rate limit exceeded","api-key":"k3y","count":"11","limit":"10"}'
    )
