"""One request through :func:`respond`, without HTTP: the order of rate limit, fault and handler."""

from __future__ import annotations

import json

import pytest

from reviewkit.loopback import Faults
from reviewkit.loopback.backend import Backend
from reviewkit.loopback.dispatch import HANDLERS, respond
from reviewkit.loopback.ratelimit import RateLimiter
from reviewkit.loopback.request import UTILITIES
from tests.loopback.loopback_support import small_backend


@pytest.fixture(scope="module")
def backend() -> Backend:
    return small_backend()


def test_every_utility_has_a_handler() -> None:
    assert set(HANDLERS) == set(UTILITIES)


def test_the_rate_limit_comes_before_any_fault(backend: Backend) -> None:
    faults = Faults()
    faults.inject("500")
    limiter = RateLimiter()
    answers = [
        respond("einfo", {}, "10.0.0.1", backend=backend, faults=faults, limiter=limiter)
        for _ in range(4)
    ]
    assert [a.status for a in answers] == [500, 200, 200, 429]
    assert faults.pending == []
    limited = answers[-1]
    assert json.loads(limited.body)["limit"] == "3"
    assert ("X-RateLimit-Remaining", "0") in limited.headers


def test_a_refused_request_leaves_the_fault_queued(backend: Backend) -> None:
    faults = Faults()
    limiter = RateLimiter()
    for _ in range(3):
        respond("einfo", {}, "c", backend=backend, faults=faults, limiter=limiter)
    faults.inject("502")
    refused = respond("einfo", {}, "c", backend=backend, faults=faults, limiter=limiter)
    assert refused.status == 429
    assert faults.pending == [("502", None)]


def test_rate_headers_are_added_to_faulted_answers_too(backend: Backend) -> None:
    faults = Faults()
    faults.inject("503")
    response = respond("efetch", {}, "c", backend=backend, faults=faults, limiter=RateLimiter())
    assert response.status == 503
    assert response.headers == (("X-RateLimit-Limit", "3"), ("X-RateLimit-Remaining", "2"))


def test_without_a_limiter_there_are_no_rate_headers(backend: Backend) -> None:
    response = respond("einfo", {}, "c", backend=backend, faults=Faults(), limiter=None)
    assert response.status == 200
    assert response.headers == ()


@pytest.mark.parametrize(("utility", "status"), [("esearch", 200), ("efetch", 400)])
def test_bad_parameters_are_an_error_body_with_ncbis_status(
    backend: Backend, utility: str, status: int
) -> None:
    params = {"db": "pubmed", "term": "x", "id": "9997", "retmax": "lots"}
    response = respond(utility, params, "c", backend=backend, faults=Faults(), limiter=None)
    assert response.status == status
    assert response.body.endswith(
        b"<ERROR>parameter retmax='lots': expected a non-negative integer</ERROR>"
        + (b"</eSearchResult>\n" if utility == "esearch" else b"</eFetchResult>\n")
    )


def test_esearch_json_applies_to_faulted_xml_answers(backend: Backend) -> None:
    faults = Faults()
    faults.inject("error200")
    params = {"term": "x", "retmode": "json"}
    response = respond("esearch", params, "c", backend=backend, faults=faults, limiter=None)
    assert response.content_type == "application/json; charset=UTF-8"
    assert json.loads(response.body)["esearchresult"]["ERROR"].startswith("Search Backend failed")


def test_truncate_cuts_the_json_form_not_the_xml(backend: Backend) -> None:
    params = {"term": "12091962[uid]", "retmode": "json"}
    whole = respond("esearch", params, "c", backend=backend, faults=Faults(), limiter=None)
    faults = Faults()
    faults.inject("truncate")
    cut = respond("esearch", params, "c", backend=backend, faults=faults, limiter=None)
    assert whole.body.startswith(b"{")
    assert cut.body == whole.body[: len(whole.body) // 2]


def test_slow_sets_the_delay_from_the_faults(backend: Backend) -> None:
    faults = Faults(slow_seconds=1.5)
    faults.inject("slow")
    response = respond("einfo", {}, "c", backend=backend, faults=faults, limiter=None)
    assert (response.status, response.delay) == (200, 1.5)
