"""Tests for reviewkit.eutils.params: local checks and what goes on the wire."""

from __future__ import annotations

import pytest

from reviewkit.errors import QueryRejected
from reviewkit.eutils_responses import HistoryKey, parse_efetch_pmids
from tests.eutils.eutils_support import (
    API_KEY,
    DATA,
    EMAIL,
    HISTORY,
    FakeTransport,
    efetch_body,
    esearch_body,
    make_client,
)


def test_local_argument_checks_raise_query_rejected_without_a_request():
    transport = FakeTransport([(200, b"")])
    client, _, _, _ = make_client(transport)
    with pytest.raises(QueryRejected, match="mindate and maxdate"):
        client.esearch("x", mindate="2020")
    with pytest.raises(QueryRejected, match="retmax"):
        client.esearch("x", retmax=10_001)
    with pytest.raises(QueryRejected, match="exactly one"):
        client.efetch()
    with pytest.raises(QueryRejected, match="exactly one"):
        client.efetch(history=HISTORY, pmids=["1"])
    with pytest.raises(QueryRejected, match="retmax"):
        client.efetch(history=HISTORY, retmax=0)
    with pytest.raises(QueryRejected, match="empty"):
        client.efetch(pmids=[])
    with pytest.raises(QueryRejected, match="got 0"):
        client.epost([])
    with pytest.raises(QueryRejected, match="got 10001"):
        client.epost(["1"] * 10_001)
    assert transport.calls == []


def test_every_request_is_a_post_identifying_the_tool_with_db_pubmed():
    transport = FakeTransport(
        [
            (200, esearch_body(["1", "2"])),
            (200, (DATA / "epost1.xml").read_bytes()),
            (200, efetch_body(["1", "2"])),
            (200, (DATA / "einfo2.xml").read_bytes()),
        ]
    )
    client, _, _, _ = make_client(transport, tool="reviewkit-test")

    client.esearch("hair loss", retmax=2)
    client.epost(["1", "2"])
    client.efetch(history=HISTORY, retmax=2)
    client.einfo()

    assert [c.utility for c in transport.calls] == ["esearch", "epost", "efetch", "einfo"]
    for call in transport.calls:
        assert call.method == "POST"
        assert "?" not in call.url  # nothing, in particular no key, in the URL
        assert call.param("db") == "pubmed"
        assert call.param("tool") == "reviewkit-test"
        assert call.param("email") == EMAIL
        assert call.param("api_key") == API_KEY


def test_email_and_key_are_left_out_when_not_configured():
    transport = FakeTransport([(200, esearch_body())])
    client, _, _, _ = make_client(transport, email=None, api_key=None)
    client.esearch("x")
    names = [k for k, _ in transport.calls[0].form]
    assert "email" not in names
    assert "api_key" not in names
    assert "tool" in names


def test_esearch_sends_history_dates_and_sort():
    transport = FakeTransport([(200, esearch_body(["7"]))])
    client, _, _, _ = make_client(transport)

    result = client.esearch(
        "hair",
        retstart=5,
        retmax=100,
        webenv="MCID_x",
        datetype="pdat",
        mindate="2020/01/01",
        maxdate="2020/12/31",
        sort="pub_date",
    )

    call = transport.calls[0]
    assert call.param("term") == "hair"
    assert call.param("retstart") == "5"
    assert call.param("retmax") == "100"
    assert call.param("usehistory") == "y"
    assert call.param("WebEnv") == "MCID_x"
    assert (call.param("datetype"), call.param("mindate"), call.param("maxdate")) == (
        "pdat",
        "2020/01/01",
        "2020/12/31",
    )
    assert call.param("sort") == "pub_date"
    assert result.history == HistoryKey(webenv="MCID_0123456789abcdef01234567", query_key="1")


def test_count_only_asks_for_rettype_count_without_history():
    transport = FakeTransport([(200, b"<eSearchResult><Count>42</Count></eSearchResult>")])
    client, _, _, _ = make_client(transport)

    result = client.esearch("hair", count_only=True)

    call = transport.calls[0]
    assert call.param("rettype") == "count"
    assert call.param("usehistory") is None
    assert result.count == 42
    assert result.ids == ()


def test_efetch_pages_a_history_set_as_xml():
    transport = FakeTransport([(200, efetch_body(["11", "12", "13"]))])
    client, _, _, _ = make_client(transport)

    client.efetch(history=HISTORY, retstart=500, retmax=3)

    call = transport.calls[0]
    assert call.param("retmode") == "xml"
    assert call.param("rettype") is None
    assert call.param("WebEnv") == HISTORY.webenv
    assert call.param("query_key") == "1"
    assert (call.param("retstart"), call.param("retmax")) == ("500", "3")


def test_efetch_by_pmids_posts_the_id_list():
    pmids = [str(n) for n in range(1000, 1300)]
    transport = FakeTransport([(200, efetch_body(pmids[:-1]))])  # one unknown PMID left out
    client, _, _, _ = make_client(transport)

    body = client.efetch(pmids=pmids)

    assert transport.calls[0].param("id") == ",".join(pmids)
    assert parse_efetch_pmids(body, origin="t").pmids == tuple(pmids[:-1])


def test_epost_appends_to_a_webenv():
    transport = FakeTransport([(200, (DATA / "epost1.xml").read_bytes())])
    client, _, _, _ = make_client(transport)

    key = client.epost(["11237011"], webenv="MCID_old")

    assert transport.calls[0].param("id") == "11237011"
    assert transport.calls[0].param("WebEnv") == "MCID_old"
    assert key == HistoryKey(webenv="MCID_692851c130aec64bed0a8c2a", query_key="1")


def test_params_are_built_without_a_client():
    from reviewkit.eutils.config import EUtilsConfig
    from reviewkit.eutils.params import efetch_params, epost_params, esearch_params, identified

    assert esearch_params(
        "hair", retstart=0, retmax=5, usehistory=True, webenv="W", datetype=None,
        mindate=None, maxdate=None, count_only=False, sort=None,
    ) == [("term", "hair"), ("retmode", "xml"), ("retstart", "0"), ("retmax", "5"),
          ("usehistory", "y"), ("WebEnv", "W")]  # fmt: skip
    assert epost_params(["1", "2"], webenv=None) == [("id", "1,2")]
    assert efetch_params(history=None, retstart=0, retmax=1, pmids=["7"]) == [
        ("retmode", "xml"),
        ("id", "7"),
    ]
    assert identified([("id", "7")], EUtilsConfig(tool="t")) == [
        ("db", "pubmed"),
        ("id", "7"),
        ("tool", "t"),
    ]
