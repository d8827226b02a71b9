"""The corpus: verbatim storage, loading, replacing and withdrawing records, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.errors import ParseError
from reviewkit.loopback.article_fields import IndexedFields
from reviewkit.loopback.corpus import Corpus
from reviewkit.records import MeshHeading, MeshQualifier
from tests.loopback.article_support import DATA, article, search


def test_from_xml_serves_articles_verbatim() -> None:
    source = (DATA / "pubmed1.xml").read_bytes()
    corpus = Corpus.from_xml(DATA / "pubmed1.xml", DATA / "pubmed2.xml")
    assert len(corpus) == 4
    assert corpus.pmids == ["12091962", "9997", "11748933", "11700088"]
    raw = corpus.raw(9997)
    assert raw is not None
    assert raw in source
    assert raw.startswith(b"<PubmedArticle>")
    assert raw.endswith(b"</PubmedArticle>")


def test_from_xml_applies_delete_citation() -> None:
    data = (
        b"<PubmedArticleSet>"
        + article(5, "A")
        + article(6, "B")
        + b'<DeleteCitation><PMID Version="1">6</PMID></DeleteCitation></PubmedArticleSet>'
    )
    corpus = Corpus.from_xml(data)
    assert corpus.pmids == ["5"]
    assert corpus.is_deleted(6)


def test_put_replaces_a_record_and_keeps_its_place() -> None:
    corpus = Corpus()
    for pmid in (10, 11, 12):
        corpus.put(article(pmid, f"Original title {pmid}."))
    corpus.put(article(11, "Revised title about microneedling."))
    assert corpus.pmids == ["10", "11", "12"]
    assert len(corpus) == 3
    assert search(corpus, "original[ti]") == [12, 10]
    assert search(corpus, "microneedling") == [11]
    assert b"Revised" in (corpus.raw(11) or b"")


def test_delete_hides_a_record_until_it_is_put_back() -> None:
    corpus = Corpus()
    corpus.put(article(20, "Microneedling."))
    corpus.put(article(21, "Microneedling again."))
    corpus.delete("21")
    assert corpus.pmids == ["20"]
    assert len(corpus) == 1
    assert corpus.raw(21) is None
    assert corpus.is_deleted(21)
    assert search(corpus, "microneedling") == [20]
    corpus.put(article(21, "Microneedling restored."))
    assert not corpus.is_deleted(21)
    assert search(corpus, "microneedling") == [21, 20]


def test_deleting_an_unknown_pmid_is_recorded_not_an_error() -> None:
    corpus = Corpus()
    corpus.delete("999")
    assert corpus.is_deleted(999)
    assert len(corpus) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<eSearchResult/>", "expected a <PubmedArticleSet>"),
        (
            b"<PubmedArticleSet><PubmedArticle><MedlineCitation></PubmedArticle></PubmedArticleSet>",
            "malformed article XML",
        ),
        (
            b"<PubmedArticleSet><PubmedArticle><MedlineCitation/></PubmedArticle></PubmedArticleSet>",
            "without a numeric <PMID>",
        ),
    ],
)
def test_bad_sources_raise_parse_errors_naming_where(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message) as info:
        Corpus.from_xml(data)
    assert "source #1" in str(info.value)


def test_an_unreadable_file_is_a_parse_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.xml"
    with pytest.raises(ParseError, match=r"missing\.xml: cannot read"):
        Corpus.from_xml(missing)
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(ParseError, match=r"empty\.xml: empty file"):
        Corpus.from_xml(empty)
    other = tmp_path / "other.xml"
    other.write_bytes(b"<eSearchResult/>")
    with pytest.raises(ParseError, match=r"other\.xml: expected a <PubmedArticleSet>"):
        Corpus.from_xml(other)


def test_indexed_fields_fast_path_matches_put() -> None:
    fields = IndexedFields(
        pmid=30,
        titles=("Microneedling trial",),
        mesh=(MeshHeading(descriptor="Alopecia", qualifiers=(MeshQualifier(name="therapy"),)),),
        pdat=20200105,
    )
    corpus = Corpus()
    corpus.put_indexed(b"<PubmedArticle/>", fields)
    assert search(corpus, '"microneedling trial"[ti] AND alopecia/therapy[mh]') == [30]
    assert search(corpus, "2020[dp]") == [30]
