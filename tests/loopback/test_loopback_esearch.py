"""ESearch on the wire: counts, paging, translations, the 9,999 cap and date limits."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
import requests

from reviewkit.loopback import EUtilsServer, synthetic_corpus
from tests.loopback.loopback_support import (
    ESEARCH_DOCTYPE,
    TODAY,
    entrez,
    esearch,
    ids_of,
    make_corpus,
)

# --- ESearch ------------------------------------------------------------------


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


# --- the 9,999 cap and date slicing -------------------------------------------


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


# --- date limits --------------------------------------------------------------


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
