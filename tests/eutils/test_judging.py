"""Tests for reviewkit.eutils.judging: permanent failures are not retried."""

from __future__ import annotations

import pytest

from reviewkit.errors import QueryRejected, UnsafeXML
from tests.eutils.eutils_support import DATA, FakeTransport, error_body, make_client


@pytest.mark.parametrize(
    ("utility", "reply", "expected"),
    [
        (
            "efetch",
            (400, error_body("eFetchResult", "ID list is empty! Possibly it has no correct IDs.")),
            "HTTP 400: ID list is empty!",
        ),
        ("efetch", (414, b"Request-URI Too Long"), "HTTP 414: Request-URI Too Long"),
        ("efetch", (200, error_body("eFetchResult", "Invalid query_key")), "Invalid query_key"),
        (
            "esearch",
            (
                200,
                error_body(
                    "eSearchResult",
                    "Search Backend failed: Exception:\n'retstart' cannot be larger than 9998. "
                    "For PubMed, ESearch can only retrieve the first 9,999 records matching "
                    "the query.",
                ),
            ),
            "'retstart' cannot be larger than 9998",
        ),
        (
            "esearch",
            (
                200,
                error_body(
                    "eSearchResult",
                    "Search Backend failed: Exception:\n"
                    "Position 15000 is out of acceptable range [9999,9998]",
                ),
            ),
            "out of acceptable range",
        ),
        (
            "esearch",
            (200, error_body("eSearchResult", "Invalid query: unbalanced parenthesis")),
            "unbalanced parenthesis",
        ),
        ("epost", (200, (DATA / "epost3.xml").read_bytes()), "Some IDs have invalid value"),
        (
            "einfo",
            (200, error_body("eInfoResult", "Invalid db name specified: nothing")),
            "Invalid db name",
        ),
    ],
)
def test_permanent_failures_raise_query_rejected_at_once(utility, reply, expected):
    transport = FakeTransport([reply])
    client, sleeps, _, _ = make_client(transport)
    call = {
        "efetch": lambda: client.efetch(pmids=["0"]),
        "esearch": lambda: client.esearch("hair", retstart=15000),
        "epost": lambda: client.epost(["1" * 32]),
        "einfo": client.einfo,
    }[utility]

    with pytest.raises(QueryRejected) as caught:
        call()

    assert expected in str(caught.value)
    assert str(caught.value).startswith("pubmed: ")
    assert len(transport.calls) == 1
    assert sleeps == []


def test_unsafe_xml_is_refused_not_retried():
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><eSearchResult><Count>&a;</Count></eSearchResult>'
    transport = FakeTransport([(200, bomb)])
    client, _, _, _ = make_client(transport)
    with pytest.raises(UnsafeXML):
        client.esearch("x")
    assert len(transport.calls) == 1


def test_phrase_not_found_is_a_result_with_count_zero():
    transport = FakeTransport([(200, (DATA / "esearch8.xml").read_bytes())])
    client, _, _, _ = make_client(transport)

    result = client.esearch("abcXYZ")

    assert result.count == 0
    assert result.ids == ()
    assert [str(e) for e in result.errors] == ["PhraseNotFound: abcXYZ"]
    assert [str(w) for w in result.warnings] == ["OutputMessage: No items found."]
