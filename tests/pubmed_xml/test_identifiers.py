"""Tests for reviewkit.pubmed_xml.identifiers: PMID, ArticleIds, DOI/PMCID/PII choice."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from reviewkit.pubmed_xml.identifiers import article_ids, identifiers, pmid
from reviewkit.records import normalise_doi


def test_pmid_and_version():
    assert pmid(ET.fromstring('<C><PMID Version="3"> 12 </PMID></C>')) == ("12", 3)
    assert pmid(ET.fromstring('<C><PMID Version="x">12</PMID></C>')) == ("12", 1)
    assert pmid(ET.fromstring("<C/>")) == ("", 1)


def test_article_ids_keep_order_drop_blanks_and_repeats():
    first = ET.fromstring(
        '<ArticleIdList><ArticleId IdType="doi">10.1/a</ArticleId><ArticleId> 7 </ArticleId>'
        '<ArticleId IdType="pii"> </ArticleId></ArticleIdList>'
    )
    second = ET.fromstring(
        '<ArticleIdList><ArticleId IdType="doi">10.1/a</ArticleId><ArticleId IdType="pmc">'
        "PMC1</ArticleId></ArticleIdList>"
    )
    assert article_ids(first, None, second) == (
        ("doi", "10.1/a"),
        ("pubmed", "7"),
        ("pmc", "PMC1"),
    )


def test_the_first_valid_elocation_of_each_kind_wins_over_the_id_list():
    elocations = [
        ET.fromstring('<ELocationID EIdType="doi" ValidYN="N">10.9/bad</ELocationID>'),
        ET.fromstring('<ELocationID EIdType="doi">10.2/First</ELocationID>'),
        ET.fromstring('<ELocationID EIdType="doi">10.3/second</ELocationID>'),
        ET.fromstring('<ELocationID EIdType="pii">P1</ELocationID>'),
    ]
    ids = (("doi", "10.4/listed"), ("pmc", "PMC9"), ("pmc", "PMC8"))
    assert identifiers(elocations, ids) == ("10.2/first", "PMC9", "P1")
    assert identifiers([], (("doi", "https://doi.org/10.5/X"), ("pii", "L"))) == (
        "10.5/x",
        None,
        "L",
    )
    assert identifiers([], ()) == (None, None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10.1/A", "10.1/a"),
        ("  10.1/A ", "10.1/a"),
        ("10.1", None),
        ("doi:10.1/x", "10.1/x"),
        ("DOI: 10.1/x", "10.1/x"),
        ("https://dx.doi.org/10.1/x", "10.1/x"),
        ("doi 10.1/x", "10.1/x"),
        ("10.1/x doi", "10.1/x doi"),
        ("", None),
        (None, None),
    ],
)
def test_normalise_doi_bare_and_prefixed_forms(raw, expected):
    assert normalise_doi(raw) == expected
