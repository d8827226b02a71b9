"""EFetch: verbatim articles, ID lists, caps, modes and deleted records."""

from __future__ import annotations

from array import array

import pytest
import requests

from reviewkit.errors import ParseError
from reviewkit.loopback import EUtilsServer
from reviewkit.loopback.efetch import efetch as efetch_handler
from reviewkit.loopback.efetch import requested_pmids
from tests.loopback.loopback_support import (
    DATA,
    PUBMED_HEADER,
    efetch,
    entrez,
    esearch,
    ids_of,
    make_corpus,
    pmids_of,
    small_backend,
)

# --- on the wire ---------------------------------------------------------------


def test_efetch_serves_stored_articles_verbatim(
    server: EUtilsServer, http: requests.Session
) -> None:
    response = http.get(
        server.url + "efetch.fcgi",
        timeout=10,
        params={"db": "pubmed", "id": "12091962,9997", "retmode": "xml", "rettype": "abstract"},
    )
    assert response.status_code == 200
    assert response.content == (DATA / "pubmed1.xml").read_bytes()


def test_efetch_drops_unknown_pmids_silently(server: EUtilsServer, http: requests.Session) -> None:
    response = efetch(http, server, id="1,9997,2")
    assert pmids_of(response) == ["9997"]
    empty = efetch(http, server, id="1,2")
    assert empty.status_code == 200
    assert empty.content == PUBMED_HEADER + b"<PubmedArticleSet></PubmedArticleSet>"


@pytest.mark.parametrize("ids", ["0", "0,00000000", "abc", ",,"])
def test_efetch_with_no_valid_id_is_ncbis_400_envelope(
    server: EUtilsServer, http: requests.Session, ids: str
) -> None:
    response = efetch(http, server, id=ids)
    assert response.status_code == 400
    assert response.text == (
        '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eEfetchResult PUBLIC "-//NLM//DTD '
        'efetch 20131226//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">'
        "\n<eFetchResult><ERROR>ID list is empty! Possibly it has no correct IDs.</ERROR>"
        "</eFetchResult>\n"
    )


def test_efetch_posts_long_id_lists(server: EUtilsServer, http: requests.Session) -> None:
    ids = ids_of(esearch(http, server, term="humans[mh]", retmax=300))
    response = efetch(http, server, id=",".join(ids))
    assert pmids_of(response) == ids


def test_efetch_retmax_above_10000_is_an_error(
    server: EUtilsServer, http: requests.Session
) -> None:
    webenv = entrez(esearch(http, server, term="alopecia", usehistory="y"))["WebEnv"]
    response = efetch(http, server, WebEnv=webenv, query_key=1, retmax=10_001)
    assert response.status_code == 400
    assert b"exceeds the maximum of 10000" in response.content


def test_efetch_id_lists_have_no_set_maximum(server: EUtilsServer, http: requests.Session) -> None:
    ids = ",".join(str(i) for i in range(1, 10_002)) + ",9997"
    response = efetch(http, server, id=ids)
    assert response.status_code == 200
    assert pmids_of(response) == ["9997"]
    assert server.requests[-1].ids_count == 10_002


def test_efetch_bad_parameters_are_400(server: EUtilsServer, http: requests.Session) -> None:
    response = efetch(http, server, id="9997", retmax="lots")
    assert response.status_code == 400
    assert b"retmax='lots': expected a non-negative integer" in response.content


def test_efetch_without_retmode_is_not_xml(server: EUtilsServer, http: requests.Session) -> None:
    response = http.get(
        server.url + "efetch.fcgi", params={"db": "pubmed", "id": "9997"}, timeout=10
    )
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text.startswith("Pubmed-entry ::= {")


def test_efetch_medline_text_is_refused(server: EUtilsServer, http: requests.Session) -> None:
    response = efetch(http, server, id="9997", rettype="medline", retmode="text")
    assert response.status_code == 400


def test_efetch_reports_deleted_citations(http: requests.Session) -> None:
    corpus = make_corpus()
    with EUtilsServer(corpus, rate_limit=False) as srv:
        corpus.delete("9997")
        response = efetch(http, srv, id="12091962,9997")
        assert pmids_of(response) == ["12091962"]
        assert response.content.endswith(
            b'</PubmedArticle><DeleteCitation><PMID Version="1">9997</PMID></DeleteCitation>'
            b"</PubmedArticleSet>"
        )
        assert entrez(response)["DeleteCitation"] == ["9997"]
        only_deleted = efetch(http, srv, id="9997")
        assert pmids_of(only_deleted) == []
        assert b"<DeleteCitation>" in only_deleted.content


def test_efetch_sees_a_revised_record(http: requests.Session) -> None:
    corpus = make_corpus()
    with EUtilsServer(corpus, rate_limit=False) as srv:
        raw = corpus.raw(9997) or b""
        corpus.put(raw.replace(b"<ArticleTitle>", b"<ArticleTitle>Revised: "))
        assert b"<ArticleTitle>Revised: " in efetch(http, srv, id="9997").content


# --- the handler, without HTTP ----------------------------------------------


def test_efetch_needs_db_pubmed() -> None:
    response = efetch_handler(small_backend(), {"id": "9997", "retmode": "xml"}, None)
    assert response.status == 400
    assert b"<ERROR>Invalid db name specified: (none)</ERROR>" in response.body


def test_efetch_uilist_lists_the_known_pmids_as_text() -> None:
    params = {"db": "pubmed", "id": "1,9997,12091962", "rettype": "uilist"}
    response = efetch_handler(small_backend(), params, None)
    assert (response.status, response.content_type) == (200, "text/plain; charset=UTF-8")
    assert response.body == b"9997\n12091962\n"


def test_requested_pmids_pages_a_history_set() -> None:
    backend = small_backend()
    env, key = backend.history.store(None, array("Q", range(100, 0, -1)))
    params = {"WebEnv": env, "query_key": str(key), "retstart": "3", "retmax": "4"}
    assert requested_pmids(backend, "efetch", params, None) == ([97, 96, 95, 94], None)
    default, failure = requested_pmids(backend, "esummary", {"WebEnv": env}, None)
    assert failure is None
    assert default == list(range(100, 80, -1))  # query_key 1 and 20 records by default


def test_requested_pmids_refuses_a_bad_query_key() -> None:
    backend = small_backend()
    env, _ = backend.history.store(None, array("Q", [1]))
    with pytest.raises(ParseError, match=r"query_key='x': expected an integer"):
        requested_pmids(backend, "efetch", {"WebEnv": env, "query_key": "x"}, None)


def test_requested_pmids_expires_the_webenv_on_that_fault() -> None:
    backend = small_backend()
    env, _ = backend.history.store(None, array("Q", [1]))
    pmids, failure = requested_pmids(backend, "efetch", {"WebEnv": env}, "expired-webenv")
    assert pmids == []
    assert failure is not None
    assert b"<ERROR>Unable to obtain query #1</ERROR>" in failure.body
    assert not backend.history.exists(env)
