"""Tests for reviewkit.pubmed_xml.authors: names, collectives, ORCIDs, affiliations."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from reviewkit.pubmed_xml.authors import author, authors, orcid
from reviewkit.records import Author
from tests.pubmed_xml.pubmed_xml_support import QUIRKS, one


def test_authors_orcid_forms_invalid_names_suffix_and_collectives():
    record = one(QUIRKS / "authors_collective_orcid.xml")
    assert record.authors == (
        Author(
            family="Dhurat",
            given="Rachita",
            initials="R",
            orcid="0000-0002-4590-7461",
            affiliations=("Department A, City.", "Department B."),
        ),
        # "Smtih" carries ValidYN="N" and is left out.
        Author(
            family="Smith", given="John", initials="J", suffix="3rd", orcid="0000-0001-2345-678X"
        ),
        Author(collective="Hair Loss Study Group"),
        Author(family="Lee"),
    )
    assert [a.display for a in record.authors] == [
        "Dhurat R",
        "Smith J 3rd",
        "Hair Loss Study Group",
        "Lee",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0000-0002-4590-7461", "0000-0002-4590-7461"),
        ("https://orcid.org/0000-0001-2345-678x", "0000-0001-2345-678X"),
        ("000000012345678X", "0000-0001-2345-678X"),
        ("not an orcid", None),
        (None, None),
    ],
)
def test_orcid_forms(raw, expected):
    assert orcid(raw) == expected


def test_one_pass_over_an_author_keeps_markup_and_the_last_name_part():
    elem = ET.fromstring(
        "<Author><LastName>First</LastName><LastName> van  <i>Der</i> Berg </LastName>"
        '<ForeName/><Identifier Source="orcid">0000000245907461</Identifier>'
        '<Identifier Source="ORCID">0000-0001-2345-678X</Identifier>'
        "<AffiliationInfo><Affiliation> A,\n B. </Affiliation></AffiliationInfo>"
        "<AffiliationInfo><Affiliation/></AffiliationInfo><EqualContrib>Y</EqualContrib>"
        "</Author>"
    )
    assert author(elem) == Author(
        family="van Der Berg", orcid="0000-0002-4590-7461", affiliations=("A, B.",)
    )


def test_editor_lists_and_invalid_names_are_left_out():
    lists = [
        ET.fromstring(
            '<AuthorList Type="editors"><Author><LastName>Editor</LastName></Author></AuthorList>'
        ),
        ET.fromstring(
            '<AuthorList><Author ValidYN="N"><LastName>Smtih</LastName></Author>'
            '<Author ValidYN="Y"><LastName>Smith</LastName></Author></AuthorList>'
        ),
    ]
    assert authors(lists) == (Author(family="Smith"),)


def test_the_first_readable_orcid_wins_and_other_identifier_sources_are_ignored():
    elem = ET.fromstring(
        '<Author><LastName>Lee</LastName><Identifier Source="ISNI">0000000121032683</Identifier>'
        '<Identifier Source="ORCID">not an orcid</Identifier>'
        '<Identifier Source="ORCID">0000-0001-2345-678X</Identifier>'
        '<Identifier Source="ORCID">0000-0002-4590-7461</Identifier></Author>'
    )
    assert author(elem) == Author(family="Lee", orcid="0000-0001-2345-678X")
