"""Reading an article's searchable fields: real PubMed XML, markup, books and the date fallbacks."""

from __future__ import annotations

import pytest

from reviewkit.errors import ParseError
from reviewkit.loopback.article_fields import index_fields
from reviewkit.loopback.article_set import split_article_set
from reviewkit.loopback.corpus import Corpus
from reviewkit.records import Author, MeshHeading
from tests.loopback.article_support import DATA, sample_corpus, search


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return sample_corpus()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"alopecia areata"[ti]', [2]),  # inside <i> markup
        ("1998[dp]", [3]),
        ("2015/06:2015/06[dp]", [2]),  # Summer -> June
        ("2015/07/09[edat]", [2]),  # History "pubmed" when there is no "entrez"
        ("1998[edat]", [3]),  # falls back to the publication date
        ("2021/02/03[mdat]", [4, 3, 1]),
        ("2015/07/09[mdat]", [2]),  # no DateRevised: the Entrez date
    ],
)
def test_search_semantics(corpus: Corpus, query: str, expected: list[int]) -> None:
    assert search(corpus, query) == expected


def test_index_fields_reads_real_pubmed_xml() -> None:
    articles, deleted = split_article_set((DATA / "pubmed1.xml").read_bytes())
    assert deleted == []
    first = index_fields(next(articles))
    assert first.pmid == 12091962
    assert first.titles == ("The treatment of AIDS behind the walls of correctional facilities.",)
    assert first.pdat == 19900301  # 1990 Spring
    assert first.edat == 19900401  # History entrez
    assert first.mdat == 20071115  # DateRevised
    assert first.keywords == ("Health Care and Public Health", "Legal Approach")
    assert first.authors == (Author(family="Olivero", given="J Michael", initials="JM"),)
    assert MeshHeading(descriptor="Prisoners", major=True) in first.mesh
    assert first.languages == ("eng",)
    assert first.publication_types == ("Journal Article", "Review")


def test_index_fields_keeps_words_inside_markup() -> None:
    (raw,), _ = split_article_set((DATA / "pubmed4.xml").read_bytes())
    fields = index_fields(raw)
    assert "TERT" in fields.titles[0]
    assert len(fields.abstracts) > 1  # structured abstract: one entry per section


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"<PubmedArticle><MedlineCitation></PubmedArticle>", "here: malformed article XML"),
        (b"<PubmedArticle><MedlineCitation/></PubmedArticle>", "here: article without a numeric"),
        (b"<PubmedBookArticle><BookDocument/></PubmedBookArticle>", "here: article without a"),
    ],
)
def test_bad_articles_raise_parse_errors_naming_the_origin(raw: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        index_fields(raw, origin="here")


BOOK = (
    b'<PubmedBookArticle><BookDocument><PMID Version="1">21204454</PMID><ArticleIdList>'
    b'<ArticleId IdType="bookaccession">NBK1</ArticleId></ArticleIdList><Book><Publisher>'
    b"<PublisherName>Example Press</PublisherName></Publisher><BookTitle>Hair Disorders "
    b"Handbook</BookTitle><PubDate><Year>2011</Year><Month>Mar</Month></PubDate></Book>"
    b"<ArticleTitle>Alopecia overview</ArticleTitle><Language>eng</Language><AuthorList>"
    b"<Author><LastName>Doe</LastName><Initials>J</Initials></Author></AuthorList>"
    b'<PublicationType UI="D016454">Review</PublicationType><Abstract><AbstractText>'
    b"Microneedling is discussed.</AbstractText></Abstract></BookDocument><PubmedBookData>"
    b'<History><PubMedPubDate PubStatus="entrez"><Year>2011</Year><Month>3</Month><Day>2</Day>'
    b"</PubMedPubDate></History><PublicationStatus>ppublish</PublicationStatus><ArticleIdList>"
    b'<ArticleId IdType="pubmed">21204454</ArticleId></ArticleIdList></PubmedBookData>'
    b"</PubmedBookArticle>"
)


def test_book_articles_are_stored_and_searchable() -> None:
    corpus = Corpus.from_xml(b"<PubmedArticleSet>" + BOOK + b"</PubmedArticleSet>")
    assert corpus.raw(21204454) == BOOK
    for query in (
        "hair disorders handbook[ti]",
        "alopecia[ti]",
        "microneedling[tiab]",
        "doe j[au]",
        "review[pt]",
        "2011/03[dp]",
        "2011/03/02[edat]",
        "2011/03/02[mdat]",
    ):
        assert search(corpus, query) == [21204454], query
