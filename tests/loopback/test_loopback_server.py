"""The loopback E-utilities server on the wire: utilities, history, caps, faults, rate limit."""

from __future__ import annotations

import datetime
import io
import json
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from Bio import Entrez

from reviewkit.errors import ConfigError
from reviewkit.loopback import Corpus, EUtilsServer, Faults, synthetic_corpus

DATA = Path(__file__).parent.parent / "data" / "loopback"
TODAY = datetime.date(2025, 11, 26)
ESEARCH_DOCTYPE = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD '
    'esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
PUBMED_HEADER = (DATA / "pubmed1.xml").read_bytes().split(b"<PubmedArticleSet>")[0]


def make_corpus() -> Corpus:
    corpus = synthetic_corpus(1500, seed=7)
    corpus.load(DATA / "pubmed1.xml")
    return corpus


@pytest.fixture(scope="module")
def server() -> Iterator[EUtilsServer]:
    with EUtilsServer(make_corpus(), rate_limit=False, today=TODAY) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _clean(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "server" in request.fixturenames:
        srv = request.getfixturevalue("server")
        srv.faults.clear()
        srv.faults.latency = 0.0


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def esearch(http: requests.Session, srv: EUtilsServer, **params: Any) -> requests.Response:
    return http.get(srv.url + "esearch.fcgi", params={"db": "pubmed", **params}, timeout=10)


def efetch(http: requests.Session, srv: EUtilsServer, **params: Any) -> requests.Response:
    data = {"db": "pubmed", "retmode": "xml", **params}
    return http.post(srv.url + "efetch.fcgi", data=data, timeout=10)


def ids_of(response: requests.Response) -> list[str]:
    return [e.text or "" for e in ET.fromstring(response.content).iter("Id")]


def pmids_of(response: requests.Response) -> list[str]:
    root = ET.fromstring(response.content)
    return [e.text or "" for e in root.iterfind("PubmedArticle/MedlineCitation/PMID")]


def entrez(response: requests.Response) -> Any:
    # Biopython validates against NCBI's DTDs: proof that our XML has NCBI's shape.
    return Entrez.read(io.BytesIO(response.content))  # type: ignore[no-untyped-call]


# --- ESearch ---------------------------------------------------------------


def test_esearch_returns_count_ids_and_translation(
    server: EUtilsServer, http: requests.Session
) -> None:
    response = esearch(http, server, term="microneedling[tiab] AND alopecia[mh]", retmax=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/xml; charset=UTF-8"
    assert response.text.startswith(ESEARCH_DOCTYPE + "<eSearchResult><Count>")
    record = entrez(response)
    count = int(record["Count"])
    assert 5 < count < 300
    assert record["RetMax"] == "5"
    assert record["RetStart"] == "0"
    ids = [int(i) for i in record["IdList"]]
    assert ids == sorted(ids, reverse=True)  # newest PMIDs first
    assert record["QueryTranslation"] == (
        '"microneedling"[Title/Abstract] AND "alopecia"[MeSH Terms]'
    )
    assert "QueryKey" not in record


def test_esearch_defaults_to_20_ids_and_pages_with_retstart(
    server: EUtilsServer, http: requests.Session
) -> None:
    first = ids_of(esearch(http, server, term="humans[mh]"))
    assert len(first) == 20
    page = ids_of(esearch(http, server, term="humans[mh]", retstart=10, retmax=15))
    assert page[:10] == first[10:]
    assert len(page) == 15


def test_esearch_beyond_the_result_returns_an_empty_id_list(
    server: EUtilsServer, http: requests.Session
) -> None:
    response = esearch(http, server, term="1[uid] OR 12091962[uid]", retstart=5)
    assert "<Count>1</Count><RetMax>0</RetMax><RetStart>5</RetStart><IdList/>" in response.text


def test_esearch_rettype_count_has_only_the_count(
    server: EUtilsServer, http: requests.Session
) -> None:
    response = esearch(http, server, term="12091962[uid]", rettype="count")
    assert response.text == ESEARCH_DOCTYPE + "<eSearchResult><Count>1</Count></eSearchResult>\n"


def test_esearch_unknown_phrase_looks_like_ncbi(
    server: EUtilsServer, http: requests.Session
) -> None:
    response = esearch(http, server, term="abcXYZ")
    assert response.status_code == 200
    body = response.text
    assert "<Count>0</Count><RetMax>0</RetMax><RetStart>0</RetStart><IdList/>" in body
    assert body.endswith(
        "<ErrorList><PhraseNotFound>abcXYZ</PhraseNotFound></ErrorList><WarningList>"
        "<OutputMessage>No items found.</OutputMessage></WarningList></eSearchResult>\n"
    )
    assert entrez(response)["ErrorList"] == {"PhraseNotFound": ["abcXYZ"], "FieldNotFound": []}


def test_esearch_unknown_field_is_reported(server: EUtilsServer, http: requests.Session) -> None:
    body = esearch(http, server, term="alopecia[nosuchfield]").text
    assert "<FieldNotFound>nosuchfield</FieldNotFound>" in body


@pytest.mark.parametrize("term", ["", "   "])
def test_esearch_empty_term_is_an_error(
    server: EUtilsServer, http: requests.Session, term: str
) -> None:
    response = esearch(http, server, term=term)
    assert response.status_code == 200
    assert response.text == (
        ESEARCH_DOCTYPE + "<eSearchResult><ERROR>Empty term and query_key - nothing todo"
        "</ERROR></eSearchResult>\n"
    )


def test_esearch_syntax_error_is_a_clear_error(
    server: EUtilsServer, http: requests.Session
) -> None:
    response = esearch(http, server, term="(alopecia AND")
    assert response.status_code == 200
    error = ET.fromstring(response.content).findtext("ERROR") or ""
    assert "(alopecia AND" in error
    assert "expected a search term" in error


def test_esearch_accepts_post_and_ignores_unknown_parameters(
    server: EUtilsServer, http: requests.Session
) -> None:
    response = http.post(
        server.url + "esearch.fcgi",
        timeout=10,
        data={
            "db": "pubmed",
            "term": "12091962[uid]",
            "frobnicate": "yes",
            "tool": "reviewkit",
        },
    )
    assert ids_of(response) == ["12091962"]


def test_esearch_field_parameter_sets_the_default_field(
    server: EUtilsServer, http: requests.Session
) -> None:
    body = esearch(http, server, term="alopecia", field="title", rettype="").text
    assert '"alopecia"[Title]' in body


def test_esearch_json_mode(server: EUtilsServer, http: requests.Session) -> None:
    found = esearch(http, server, term="12091962[uid]", retmode="json", usehistory="y")
    assert found.headers["Content-Type"].startswith("application/json")
    result = found.json()["esearchresult"]
    assert result["count"] == "1"
    assert result["idlist"] == ["12091962"]
    assert result["querytranslation"] == '"12091962"[UID]'
    assert result["webenv"].startswith("MCID_")
    missing = esearch(http, server, term="abcXYZ", retmode="json").json()["esearchresult"]
    assert missing["errorlist"]["phrasesnotfound"] == ["abcXYZ"]
    assert missing["warninglist"]["outputmessages"] == ["No items found."]
    failed = esearch(http, server, term="x", retstart=10_000, retmode="json").json()
    assert failed["esearchresult"]["ERROR"].startswith("Search Backend failed")


def test_esearch_wrong_db_is_an_error(server: EUtilsServer, http: requests.Session) -> None:
    response = esearch(http, server, term="x", db="protein")
    assert "<ERROR>Invalid db name specified: protein</ERROR>" in response.text


# --- the 9,999 cap and date slicing ---------------------------------------


@pytest.fixture(scope="module")
def big() -> Iterator[EUtilsServer]:
    with EUtilsServer(synthetic_corpus(10_150, seed=3), rate_limit=False, today=TODAY) as srv:
        yield srv


def test_retmax_above_the_cap_returns_9999_ids_and_a_warning(
    big: EUtilsServer, http: requests.Session
) -> None:
    response = esearch(http, big, term="journal article[pt]", retmax=20_000)
    record = entrez(response)
    assert record["Count"] == "10150"
    assert record["RetMax"] == "9999"
    assert len(record["IdList"]) == 9999
    assert record["WarningList"]["OutputMessage"] == [
        "Restrictions achieved. start and count adjusted to 0, 9999"
    ]


def test_retstart_at_the_cap_is_ncbis_backend_error(
    big: EUtilsServer, http: requests.Session
) -> None:
    response = esearch(http, big, term="journal article[pt]", retstart=9999)
    assert response.status_code == 200
    error = ET.fromstring(response.content).findtext("ERROR") or ""
    assert error.startswith(
        "Search Backend failed: Exception:\n'retstart' cannot be larger than 9998. For PubMed, "
        "ESearch can only retrieve the first 9,999 records matching the query."
    )
    with pytest.raises(RuntimeError, match="Search Backend failed"):
        entrez(response)


def test_date_slices_add_up_to_the_total(big: EUtilsServer, http: requests.Session) -> None:
    total = int(entrez(esearch(http, big, term="journal article[pt]", rettype="count"))["Count"])
    slices = [(1900, 2005), (2006, 2015), (2016, 2030)]
    counts = []
    seen: set[str] = set()
    for low, high in slices:
        record = entrez(
            esearch(
                http,
                big,
                term="journal article[pt]",
                datetype="edat",
                mindate=str(low),
                maxdate=str(high),
                retmax=9999,
            )
        )
        count = int(record["Count"])
        assert 0 < count < 9999
        counts.append(count)
        seen.update(record["IdList"])
    assert sum(counts) == total == len(seen)


def test_a_lower_cap_can_be_configured(http: requests.Session) -> None:
    with EUtilsServer(make_corpus(), rate_limit=False, cap=50) as srv:
        record = entrez(esearch(http, srv, term="humans[mh]", retmax=100))
        assert len(record["IdList"]) == 50
        error = ET.fromstring(esearch(http, srv, term="humans[mh]", retstart=50).content)
        assert "cannot be larger than 49" in (error.findtext("ERROR") or "")


# --- date limits -----------------------------------------------------------


@pytest.mark.parametrize(
    ("datetype", "label"),
    [("pdat", "Date - Publication"), ("edat", "Date - Entry"), ("mdat", "Date - Modification")],
)
def test_date_limits_filter_and_appear_in_the_translation(
    server: EUtilsServer, http: requests.Session, datetype: str, label: str
) -> None:
    everything = int(entrez(esearch(http, server, term="humans[mh]"))["Count"])
    record = entrez(
        esearch(
            http,
            server,
            term="humans[mh] OR alopecia[mh]",
            datetype=datetype,
            mindate="2000/03",
            maxdate="2010/02",
        )
    )
    assert 0 < int(record["Count"]) < everything
    assert record["QueryTranslation"] == (
        f'("humans"[MeSH Terms] OR "alopecia"[MeSH Terms]) AND 2000/03/01:2010/02/28[{label}]'
    )


def test_each_datetype_uses_its_own_date(server: EUtilsServer, http: requests.Session) -> None:
    # PMID 12091962: published 1990 Spring, entered 1990/04/01, revised 2007/11/15.
    def hits(datetype: str, low: str, high: str) -> list[str]:
        return ids_of(
            esearch(
                http, server, term="12091962[uid]", datetype=datetype, mindate=low, maxdate=high
            )
        )

    assert hits("pdat", "1990/03/01", "1990/03/01") == ["12091962"]
    assert hits("edat", "1990/04/01", "1990/04/01") == ["12091962"]
    assert hits("edat", "1990/03/01", "1990/03/31") == []
    assert hits("mdat", "2007/11", "2007/11") == ["12091962"]


def test_reldate_counts_back_from_today(server: EUtilsServer, http: requests.Session) -> None:
    body = esearch(http, server, term="cancer", reldate=60, datetype="edat").text
    assert '"cancer"[All Fields] AND 2025/09/27:2025/11/26[Date - Entry]' in body


def test_mindate_without_maxdate_is_an_error(server: EUtilsServer, http: requests.Session) -> None:
    body = esearch(http, server, term="humans[mh]", mindate="2010").text
    assert "<ERROR>parameters mindate and maxdate must be given together</ERROR>" in body


# --- history ---------------------------------------------------------------


def test_esearch_history_then_efetch_pages_through_it(
    server: EUtilsServer, http: requests.Session
) -> None:
    record = entrez(esearch(http, server, term="humans[mh]", usehistory="y", retmax=0))
    webenv = str(record["WebEnv"])
    assert record["QueryKey"] == "1"
    assert webenv.startswith("MCID_")
    assert len(webenv) == 29
    int(webenv[5:], 16)  # 24 hex digits
    all_ids = ids_of(esearch(http, server, term="humans[mh]", retmax=1000))
    first = efetch(http, server, WebEnv=webenv, query_key=1, retstart=0, retmax=7)
    second = efetch(http, server, webenv=webenv, query_key=1, retstart=7, retmax=7)
    assert pmids_of(first) + pmids_of(second) == all_ids[:14]
    default = efetch(http, server, WebEnv=webenv, query_key=1)
    assert len(pmids_of(default)) == 20


def test_history_appends_with_the_next_query_key(
    server: EUtilsServer, http: requests.Session
) -> None:
    first = entrez(esearch(http, server, term="alopecia[mh]", usehistory="y"))
    webenv = first["WebEnv"]
    second = entrez(esearch(http, server, term="minoxidil[mh]", usehistory="y", WebEnv=webenv))
    assert second["WebEnv"] == webenv
    assert second["QueryKey"] == "2"
    both = entrez(esearch(http, server, term="#1 AND #2", WebEnv=webenv, retmax=500))
    direct = entrez(esearch(http, server, term="alopecia[mh] AND minoxidil[mh]", retmax=500))
    assert both["IdList"] == direct["IdList"]
    assert both["IdList"]
    narrowed = entrez(
        esearch(
            http, server, term="humans[mh]", WebEnv=webenv, query_key=2, usehistory="y", retmax=500
        )
    )
    expected = entrez(esearch(http, server, term="minoxidil[mh] AND humans[mh]", retmax=500))
    assert narrowed["IdList"] == expected["IdList"]
    assert narrowed["QueryKey"] == "3"


def test_epost_creates_and_appends_history(server: EUtilsServer, http: requests.Session) -> None:
    response = http.post(
        server.url + "epost.fcgi", data={"db": "pubmed", "id": "12091962"}, timeout=10
    )
    posted = entrez(response)
    assert response.text.startswith((DATA / "epost1.xml").read_text().split("<QueryKey>")[0])
    assert posted["QueryKey"] == "1"
    again = entrez(
        http.post(
            server.url + "epost.fcgi",
            timeout=10,
            data={"db": "pubmed", "id": "9997,12091962", "WebEnv": posted["WebEnv"]},
        )
    )
    assert again["WebEnv"] == posted["WebEnv"]
    assert again["QueryKey"] == "2"
    fetched = efetch(http, server, WebEnv=posted["WebEnv"], query_key=2)
    assert pmids_of(fetched) == ["9997", "12091962"]
    union = ids_of(esearch(http, server, term="#1 OR #2", WebEnv=posted["WebEnv"]))
    assert union == ["12091962", "9997"]


def test_epost_errors_are_byte_for_byte_ncbis(server: EUtilsServer, http: requests.Session) -> None:
    bad_db = http.post(server.url + "epost.fcgi", data={"db": "nothing"}, timeout=10)
    assert bad_db.content == (DATA / "epost2.xml").read_bytes()
    bad_ids = http.post(
        server.url + "epost.fcgi", data={"db": "pubmed", "id": "9" * 32}, timeout=10
    )
    assert bad_ids.content == (DATA / "epost3.xml").read_bytes()


def test_unknown_webenv_and_query_key_are_errors(
    server: EUtilsServer, http: requests.Session
) -> None:
    webenv = entrez(esearch(http, server, term="alopecia", usehistory="y"))["WebEnv"]
    missing_key = efetch(http, server, WebEnv=webenv, query_key=5)
    assert missing_key.status_code == 200
    assert b"<ERROR>Unable to obtain query #5</ERROR>" in missing_key.content
    unknown = efetch(http, server, WebEnv="MCID_000000000000000000000000", query_key=1)
    assert b"<ERROR>Unable to obtain query #1</ERROR>" in unknown.content


# --- EFetch ----------------------------------------------------------------


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


# --- ESummary / EInfo ------------------------------------------------------


def test_esummary_gives_docsums(server: EUtilsServer, http: requests.Session) -> None:
    response = http.get(
        server.url + "esummary.fcgi", timeout=10, params={"db": "pubmed", "id": "12091962"}
    )
    (summary,) = entrez(response)
    assert summary["Id"] == "12091962"
    assert summary["Source"] == "Soc Justice"
    assert summary["AuthorList"] == ["Olivero JM"]


def test_einfo_describes_pubmed_and_lists_databases(
    server: EUtilsServer, http: requests.Session
) -> None:
    info = entrez(http.get(server.url + "einfo.fcgi", params={"db": "pubmed"}, timeout=10))
    (db,) = info["DbInfo"]
    assert db["DbName"] == "pubmed"
    assert db["Count"] == str(len(server.corpus))
    assert db["DbBuild"] == "Build-2025.11.26.06.33"
    assert db["LastUpdate"] == "2025/11/26 06:33"
    listing = entrez(http.get(server.url + "einfo.fcgi", timeout=10))
    assert "pubmed" in listing["DbList"]


def test_unknown_paths_are_404(server: EUtilsServer, http: requests.Session) -> None:
    assert http.get(server.url + "elink.fcgi", timeout=10).status_code == 404
    assert http.get(server.url.replace("/entrez/eutils/", "/x"), timeout=10).status_code == 404


# --- faults ----------------------------------------------------------------


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


# --- rate limiting ---------------------------------------------------------


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


# --- request log and lifecycle ---------------------------------------------


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
