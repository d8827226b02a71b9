"""Tests for reviewkit.eutils_responses, on real NCBI bodies (tests/data/ncbi/Entrez)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.errors import ParseError, QueryRejected, UnsafeXML
from reviewkit.eutils_responses import (
    HistoryKey,
    NcbiMessage,
    NcbiMessages,
    count_efetch_items,
    parse_efetch_error,
    parse_efetch_pmids,
    parse_einfo,
    parse_epost,
    parse_esearch,
    parse_ncbi_errors,
)

DATA = Path(__file__).parent / "data" / "ncbi" / "Entrez"
BOMB = (
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
    b"<eSearchResult>&b;</eSearchResult>"
)


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


# -- ESearch ----------------------------------------------------------------------


def test_a_plain_search_has_ids_and_translation_but_no_history():
    result = parse_esearch(read("esearch1.xml"), origin="esearch1.xml")
    assert (result.count, result.retmax, result.retstart) == (63, 20, 0)
    assert len(result.ids) == 20
    assert result.ids[0] == "41282813"
    assert result.query_translation == '"biopython"[All Fields]'
    assert result.translation_set == ()
    assert result.history is None
    assert result.errors == result.warnings == ()


def test_a_history_search_has_query_key_and_webenv():
    result = parse_esearch(read("esearch2.xml"), origin="esearch2.xml")
    assert result.count == 42249
    assert len(result.ids) == 100
    assert result.history == HistoryKey(webenv="MCID_6927d6e7fee3e90f880ec190", query_key="1")
    assert result.translation_set[0][0] == "cancer"
    assert result.query_translation is not None
    assert result.query_translation.endswith("2025/09/27:2025/11/26[Date - Entry]")


def test_paging_and_translation_set():
    result = parse_esearch(read("esearch3.xml"), origin="esearch3.xml")
    assert (result.count, result.retmax, result.retstart) == (2651, 6, 6)
    assert result.translation_set == (
        ("PNAS[ta]", '"Proc Natl Acad Sci U S A"[Journal:__jid7505876]'),
    )


def test_phrase_not_found_is_returned_not_raised():
    result = parse_esearch(read("esearch8.xml"), origin="esearch8.xml")
    assert result.count == 0
    assert result.ids == ()
    assert result.errors == (NcbiMessage(kind="PhraseNotFound", text="abcXYZ"),)
    assert result.warnings == (NcbiMessage(kind="OutputMessage", text="No items found."),)


def test_a_count_only_answer_defaults_the_rest():
    result = parse_esearch(b"<eSearchResult><Count>12</Count></eSearchResult>", origin="x")
    assert (result.count, result.retmax, result.retstart, result.ids) == (12, 0, 0, ())


def test_an_error_body_is_rejected_with_ncbi_text():
    body = (
        b"<eSearchResult><ERROR>Search Backend failed: Exception:\n"
        b"Position 15000 is out of acceptable range [9999,9998]</ERROR></eSearchResult>"
    )
    with pytest.raises(QueryRejected, match=r"^pubmed: esearch u: Search Backend failed"):
        parse_esearch(body, origin="esearch u")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty body"),
        (b"   \n", "empty body"),
        (b'{"error":"API rate limit exceeded"}', "not well-formed"),
        (b"<eSearchResult><Count>1", "not well-formed"),
        (b"<eFetchResult/>", "expected root element <eSearchResult>, got <eFetchResult>"),
        (b"<eSearchResult><RetMax>1</RetMax></eSearchResult>", "has no <Count>"),
        (b"<eSearchResult><Count>many</Count></eSearchResult>", "should be an integer"),
    ],
)
def test_bodies_that_are_not_esearch_results_are_parse_errors(body, message):
    with pytest.raises(ParseError, match=message) as caught:
        parse_esearch(body, origin="esearch http://h/x")
    assert str(caught.value).startswith("esearch http://h/x: ")


def test_entity_declarations_are_refused():
    with pytest.raises(UnsafeXML, match="entity"):
        parse_esearch(BOMB, origin="x")


# -- EPost and EInfo ----------------------------------------------------------------


def test_epost_returns_the_history_key():
    assert parse_epost(read("epost1.xml"), origin="x") == HistoryKey(
        webenv="MCID_692851c130aec64bed0a8c2a", query_key="1"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("epost2.xml", "Invalid db name specified: nothing"),
        ("epost3.xml", "Empty ID list; Nothing to store; Some IDs have invalid value"),
    ],
)
def test_epost_errors_are_rejected(name, message):
    with pytest.raises(QueryRejected, match=message):
        parse_epost(read(name), origin=name)


def test_epost_with_invalid_ids_is_rejected_even_with_a_key():
    body = (
        b"<ePostResult><InvalidIdList><Id>abc</Id><Id>0</Id></InvalidIdList>"
        b"<QueryKey>1</QueryKey><WebEnv>MCID_1</WebEnv></ePostResult>"
    )
    with pytest.raises(QueryRejected, match="2 invalid IDs: abc, 0"):
        parse_epost(body, origin="x")


def test_epost_without_a_key_is_a_parse_error():
    with pytest.raises(ParseError, match="lacks <QueryKey> or <WebEnv>"):
        parse_epost(b"<ePostResult><QueryKey>1</QueryKey></ePostResult>", origin="x")


def test_einfo_gives_provenance():
    info = parse_einfo(read("einfo2.xml"), origin="einfo2.xml")
    assert info.name == "pubmed"
    assert info.build == "Build-2025.11.27.06.33"
    assert info.count == 39730388
    assert info.last_update == "2025/11/27 06:33"
    assert info.description == "PubMed bibliographic record"
    assert {"ALL", "UID", "TITL"} <= set(info.fields)


def test_einfo_truncated_is_a_parse_error():
    with pytest.raises(ParseError, match=r"^einfo4.xml: .*not well-formed"):
        parse_einfo(read("einfo4.xml"), origin="einfo4.xml")


def test_einfo_without_a_database_is_a_parse_error():
    # einfo1.xml is the database list (einfo without db=): not what we ask for.
    with pytest.raises(ParseError, match="no <DbInfo>"):
        parse_einfo(read("einfo1.xml"), origin="einfo1.xml")


def test_einfo_error_is_rejected():
    with pytest.raises(QueryRejected, match="Invalid db"):
        parse_einfo(b"<eInfoResult><ERROR>Invalid db</ERROR></eInfoResult>", origin="x")


# -- error bodies -------------------------------------------------------------------


EFETCH_400 = (
    b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eEfetchResult PUBLIC "-//NLM//DTD efetch '
    b'20131226//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n'
    b"<eFetchResult>\n\t<ERROR>ID list is empty! Possibly it has no correct IDs.</ERROR>\n"
    b"</eFetchResult>"
)


def test_efetch_error_envelope():
    errors = parse_efetch_error(EFETCH_400, origin="x")
    assert errors.errors == ("ID list is empty! Possibly it has no correct IDs.",)
    assert errors
    assert not errors.transient
    assert not errors.retstart_cap


def test_a_normal_body_has_no_errors():
    assert not parse_efetch_error(read("pubmed1.xml"), origin="x")
    assert not parse_ncbi_errors(read("espell.xml"), origin="x")  # its <ERROR/> is empty


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (b"<ERROR>Search Backend failed</ERROR>", ("Search Backend failed",)),
        (b"<ERROR/>", ()),
        (
            b'{"esearchresult": {"ERROR": "Search Backend failed: x"}}',
            ("Search Backend failed: x",),
        ),
        (b'{"ERROR": "bad"}', ("bad",)),
        (b'{"error":"API rate limit exceeded","count":"11"}', ()),
        (b"{not json", ()),
        (b"[1, 2]", ()),
        (b"<eFetchResult><ERROR>proxy_stream(): cut", ()),
        (b"<html><ERROR>proxy_stream(): 502</ERROR><p></html", ("proxy_stream(): 502",)),
        (b"Unable to route request!", ()),
        (BOMB, ()),
    ],
)
def test_errors_are_found_leniently_in_any_body(body, errors):
    assert parse_ncbi_errors(body, origin="x").errors == errors


@pytest.mark.parametrize(
    ("text", "transient", "cap"),
    [
        ("Search Backend failed: Exception: timeout", True, False),
        (
            "Search Backend failed: Exception:\nPosition 15000 is out of acceptable range",
            False,
            True,
        ),
        (
            "Search Backend failed: Exception:\n'retstart' cannot be larger than 9998. For PubMed, "
            "ESearch can only retrieve the first 9,999 records",
            False,
            True,
        ),
        ("proxy_stream(): Failed to connect to PubOne service", True, False),
        ("Bad Gateway", True, False),
        ("ID list is empty! Possibly it has no correct IDs.", False, False),
        ("Invalid query_key", False, False),
    ],
)
def test_error_classification(text, transient, cap):
    messages = NcbiMessages(errors=(text,))
    assert messages.transient is transient
    assert messages.retstart_cap is cap
    assert messages.text == text


# -- EFetch completeness ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pmids"),
    [
        ("pubmed1.xml", ("12091962", "9997")),
        ("pubmed2.xml", ("11748933", "11700088")),
        ("pubmed4.xml", ("27797938",)),
        ("pubmed7.xml", ("29963580",)),
    ],
)
def test_efetch_pmids_are_listed_in_order(name, pmids):
    found = parse_efetch_pmids(read(name), origin=name)
    assert found.pmids == pmids
    assert found.deleted == ()
    assert len(found) == len(pmids)


@pytest.mark.parametrize(
    "name", ["pubmed1.xml", "pubmed2.xml", "pubmed4.xml", "pubmed5.xml", "pubmed6.xml"]
)
def test_the_fast_count_agrees_with_the_parse(name):
    body = read(name)
    assert count_efetch_items(body) == len(parse_efetch_pmids(body, origin=name))


def test_books_and_deleted_citations_are_counted():
    body = (
        b"<PubmedArticleSet><PubmedBookArticle><BookDocument><PMID>21204454</PMID>"
        b"</BookDocument></PubmedBookArticle><DeleteCitation><PMID>1</PMID><PMID>2</PMID>"
        b"</DeleteCitation></PubmedArticleSet>"
    )
    found = parse_efetch_pmids(body, origin="x")
    assert found.pmids == ("21204454",)
    assert found.deleted == ("1", "2")
    assert len(found) == 3
    assert count_efetch_items(body) == 3


def test_an_empty_article_set_is_complete():
    body = b'<?xml version="1.0" ?>\n<PubmedArticleSet></PubmedArticleSet>'
    assert parse_efetch_pmids(body, origin="x").pmids == ()


@pytest.mark.parametrize("cut", [0.25, 0.5, 0.9, 0.999])
def test_a_truncated_efetch_body_is_a_parse_error(cut):
    body = read("pubmed2.xml")
    with pytest.raises(ParseError, match=r"^efetch batch 3: incomplete or malformed"):
        parse_efetch_pmids(body[: int(len(body) * cut)], origin="efetch batch 3")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty body"),
        ((DATA / "pubmed3.html").read_bytes(), "got <html>"),
        (EFETCH_400, "got <eFetchResult>"),
        (
            b"<PubmedArticleSet><PubmedArticle><MedlineCitation/></PubmedArticle></PubmedArticleSet>",
            "article 1 has no PMID",
        ),
    ],
)
def test_other_efetch_bodies_are_parse_errors(body, message):
    with pytest.raises(ParseError, match=message):
        parse_efetch_pmids(body, origin="x")


def test_efetch_entity_declarations_are_refused():
    body = b'<!DOCTYPE PubmedArticleSet [<!ENTITY a "x">]><PubmedArticleSet>&a;</PubmedArticleSet>'
    with pytest.raises(UnsafeXML):
        parse_efetch_pmids(body, origin="x")
