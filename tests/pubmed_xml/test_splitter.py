"""Tests for reviewkit.pubmed_xml.splitter: cutting the set into citations, positions."""

from __future__ import annotations

import pytest

from reviewkit.errors import ParseError
from reviewkit.pubmed_xml import parse_pubmed_xml
from reviewkit.records import DeletedCitations, SkippedRecord
from tests.pubmed_xml.pubmed_xml_support import HEADER, DripStream, article, document, records_from


@pytest.mark.parametrize("size", [1, 5, 64, 10_000])
def test_item_tags_with_whitespace_attributes_comments_and_pis(size):
    data = document(
        b'<PubmedArticle  note="a>b" >' + article(1)[len(b"<PubmedArticle>") :],
        article(2).replace(b"</PubmedArticle>", b"</PubmedArticle\n >"),
        b"<!-- </PubmedArticle> --><?pi data?>",
        b"<DeleteCitation><PMID>3</PMID></DeleteCitation>",
        b"<PubmedArticle/>",
        tail=b"</PubmedArticleSet >\n<!-- done -->\n",
    )
    items = list(parse_pubmed_xml(DripStream(data, size)))  # type: ignore[arg-type]
    assert items == list(parse_pubmed_xml(data))
    assert [getattr(i, "pmid", None) for i in items[:2]] == ["1", "2"]
    assert items[2] == DeletedCitations(pmids=("3",))  # type: ignore[arg-type]
    assert items[3] == SkippedRecord(position=3, reason="PubmedArticle without MedlineCitation")


def test_text_between_citations_is_refused():
    data = document(article(1), b"stray text", article(2))
    with pytest.raises(ParseError, match=r"^t: expected only whitespace .* at line 5, column 0"):
        list(parse_pubmed_xml(data, origin="t"))


def test_an_unexpected_top_level_element_is_refused():
    data = document(article(1), b"<PubmedArticleX/>")
    with pytest.raises(ParseError, match=r"found <PubmedArticleX> at line 5, column 0"):
        list(parse_pubmed_xml(data))


def test_a_missing_root_end_tag_is_an_error_after_the_records():
    data = document(article(1), tail=b"")
    items = parse_pubmed_xml(data, origin="end")
    assert next(items).pmid == "1"  # type: ignore[union-attr]
    with pytest.raises(ParseError, match=r"^end: .* at line 5, column 0: no element found"):
        next(items)


def test_junk_after_the_root_is_an_error():
    data = document(article(1), tail=b"</PubmedArticleSet>\n<PubmedArticle/>")
    with pytest.raises(ParseError, match=r"line 6, column 0: junk after document element"):
        list(parse_pubmed_xml(data))


def test_an_empty_self_closing_set_and_namespace_prefixes_on_the_root():
    assert list(parse_pubmed_xml(b"<PubmedArticleSet/>\n")) == []
    data = (
        b'<PubmedArticleSet xmlns:mml="http://www.w3.org/1998/Math/MathML"><PubmedArticle>'
        b"<MedlineCitation><PMID>7</PMID><Article><ArticleTitle>V<mml:math><mml:mi>x</mml:mi>"
        b"</mml:math></ArticleTitle></Article></MedlineCitation></PubmedArticle>"
        b"</PubmedArticleSet>"
    )
    assert [r.title for r in records_from(data)] == ["Vx"]


def test_every_chunk_boundary_gives_the_same_items():
    # Adjacent citations, so an end tag can end exactly at a chunk's edge.
    data = (
        b"<PubmedArticleSet>" + b"".join(article(i) for i in range(1, 4)) + b"</PubmedArticleSet>"
    )
    expected = list(parse_pubmed_xml(data))
    assert len(expected) == 3
    for size in range(1, len(article(1)) + 20):
        assert list(parse_pubmed_xml(DripStream(data, size))) == expected, size  # type: ignore[arg-type]


def test_mismatched_tags_are_reported_by_position():
    data = HEADER + b"<PubmedArticleSet><PubmedArticle></MedlineCitation></PubmedArticleSet>"
    with pytest.raises(ParseError, match=r"^x: .*line 3, column 35: mismatched tag"):
        list(parse_pubmed_xml(data, origin="x"))


def test_a_longer_root_end_tag_is_refused():
    data = document(article(1), tail=b"</PubmedArticleSetX>\n")
    with pytest.raises(ParseError, match=r"expected </PubmedArticleSet>, found a longer end tag"):
        list(parse_pubmed_xml(data))
