"""The loopback corpus: verbatim storage, field extraction, dates and search semantics."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.errors import ParseError
from reviewkit.loopback.corpus import Corpus, IndexedFields, index_fields, split_article_set
from reviewkit.loopback.query import parse_query
from reviewkit.records import Author, MeshHeading, MeshQualifier

DATA = Path(__file__).parent.parent / "data" / "loopback"


def article(
    pmid: int,
    title: str,
    *,
    abstract: str = "",
    mesh: str = "",
    keywords: tuple[str, ...] = (),
    pub_types: tuple[str, ...] = ("Journal Article",),
    authors: str = "<Author><LastName>Smith</LastName><ForeName>John A</ForeName>"
    "<Initials>JA</Initials></Author>",
    pub_date: str = "<Year>2020</Year><Month>Jan</Month><Day>05</Day>",
    history: str = '<PubMedPubDate PubStatus="entrez"><Year>2020</Year><Month>1</Month>'
    "<Day>3</Day></PubMedPubDate>",
    revised: str = "<DateRevised><Year>2021</Year><Month>02</Month><Day>03</Day></DateRevised>",
    language: str = "eng",
) -> bytes:
    """A minimal but DTD-shaped PubmedArticle."""
    abstract_xml = (
        f"<Abstract><AbstractText>{abstract}</AbstractText></Abstract>" if abstract else ""
    )
    keyword_xml = (
        '<KeywordList Owner="NOTNLM">'
        + "".join(f"<Keyword>{k}</Keyword>" for k in keywords)
        + "</KeywordList>"
        if keywords
        else ""
    )
    types = "".join(f"<PublicationType>{t}</PublicationType>" for t in pub_types)
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="1">{pmid}</PMID>{revised}<Article PubModel="Print"><Journal>'
        f'<ISSN IssnType="Print">1473-2165</ISSN><JournalIssue><PubDate>{pub_date}</PubDate>'
        f"</JournalIssue><Title>Journal of cosmetic dermatology</Title>"
        f"<ISOAbbreviation>J Cosmet Dermatol</ISOAbbreviation></Journal>"
        f"<ArticleTitle>{title}</ArticleTitle>{abstract_xml}<AuthorList>{authors}</AuthorList>"
        f"<Language>{language}</Language><PublicationTypeList>{types}</PublicationTypeList>"
        f"</Article><MedlineJournalInfo><MedlineTA>J Cosmet Dermatol</MedlineTA>"
        f"</MedlineJournalInfo>"
        f"{'<MeshHeadingList>' + mesh + '</MeshHeadingList>' if mesh else ''}{keyword_xml}"
        f"</MedlineCitation><PubmedData><History>{history}</History>"
        f"<PublicationStatus>ppublish</PublicationStatus><ArticleIdList>"
        f'<ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList></PubmedData>'
        f"</PubmedArticle>"
    ).encode()


def mesh(name: str, *, major: bool = False, qualifier: str = "", q_major: bool = False) -> str:
    q = (
        f'<QualifierName MajorTopicYN="{"Y" if q_major else "N"}">{qualifier}</QualifierName>'
        if qualifier
        else ""
    )
    return (
        f'<MeshHeading><DescriptorName MajorTopicYN="{"Y" if major else "N"}">{name}'
        f"</DescriptorName>{q}</MeshHeading>"
    )


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    c = Corpus()
    c.put(
        article(
            1,
            "Microneedling for androgenetic alopecia: a randomized trial.",
            abstract="Hair-loss improved after microneedling with minoxidil.",
            mesh=mesh("Alopecia", major=True, qualifier="therapy")
            + mesh("Humans")
            + mesh("Minoxidil", qualifier="administration &amp; dosage", q_major=True),
            keywords=("collagen induction therapy",),
            pub_types=("Journal Article", "Randomized Controlled Trial"),
        )
    )
    c.put(
        article(
            2,
            "Loss of hair in <i>alopecia areata</i>.",
            abstract="Alopecic patches responded to baricitinib.",
            mesh=mesh("Alopecia Areata", major=True) + mesh("Humans"),
            authors="<Author><LastName>Müller</LastName><ForeName>Anna</ForeName>"
            "<Initials>A</Initials></Author><Author><CollectiveName>Hair Study Group"
            "</CollectiveName></Author>",
            pub_date="<Year>2015</Year><Season>Summer</Season>",
            history='<PubMedPubDate PubStatus="pubmed"><Year>2015</Year><Month>7</Month>'
            "<Day>9</Day></PubMedPubDate>",
            revised="",
            language="ger",
        )
    )
    c.put(
        article(
            3,
            "Acne scars treated by microneedling.",
            abstract="Secondary outcomes included hair loss.",
            mesh=mesh("Cicatrix") + mesh("Humans"),
            pub_date="<MedlineDate>1998 Dec-1999 Jan</MedlineDate>",
            history="",
        )
    )
    c.put(
        article(
            4,
            "Psoriasis and diet.",
            pub_types=("Review",),
            pub_date="<Year>2010</Year>",
            authors="<Author><LastName>Smithson</LastName><Initials>B</Initials></Author>",
        )
    )
    return c


def search(corpus: Corpus, text: str, **kwargs: object) -> list[int]:
    return list(corpus.search(parse_query(text).root, **kwargs).pmids)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("microneedling", [3, 1]),
        ("MICRONEEDLING[tiab]", [3, 1]),
        ("microneedling[ti] AND alopecia[ti]", [1]),
        ('"hair loss"[tiab]', [3, 1]),  # "Hair-loss" matches: hyphens are spaces
        ('"loss of hair"[ti]', [2]),
        ('"hair loss"[ti]', []),
        ("alopec*[tiab]", [2, 1]),
        ('"alopecia areata"[ti]', [2]),  # inside <i> markup
        ("collagen induction therapy[tiab]", [1]),  # [tiab] covers author keywords
        ("collagen[ti]", []),
        ("alopecia[mh]", [1]),  # descriptor match, no explosion to Alopecia Areata
        ("alopecia areata[mh]", [2]),
        ("alopecia*[mh]", [2, 1]),
        ("alopecia/therapy[mh]", [1]),
        ("humans[mesh terms]", [3, 2, 1]),
        ("alopecia[majr]", [1]),
        ("minoxidil[majr]", [1]),  # a major qualifier makes the heading major
        ("humans[majr]", []),
        ("randomized controlled trial[pt]", [1]),
        ("review[pt]", [4]),
        ("smith[au]", [3, 1]),
        ("smith j[au]", [3, 1]),
        ("smith ja[au]", [3, 1]),
        ("smith b[au]", []),
        ("muller a[au]", [2]),  # diacritics folded
        ("hair study group[au]", [2]),
        ("j cosmet dermatol[ta]", [4, 3, 2, 1]),
        ("1473-2165[ta]", [4, 3, 2, 1]),
        ("ger[la]", [2]),
        ("german[la]", [2]),
        ("humans[mh] NOT alopecia[mh]", [3, 2]),
        ("alopecia[mh] OR cicatrix[mh] AND humans[mh]", [3, 1]),
        ("psoriasis OR microneedling NOT acne", [4, 1]),
        ("2:3[uid]", [3, 2]),
        ("4[pmid]", [4]),
        ("2010:2016[dp]", [4, 2]),
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


def test_terms_matching_nothing_are_reported(corpus: Corpus) -> None:
    result = corpus.search(parse_query("microneedling AND abcXYZ").root)
    assert list(result.pmids) == []
    assert result.phrases_not_found == ("abcXYZ",)


def test_date_filter_history_and_within(corpus: Corpus) -> None:
    assert search(corpus, "humans[mh]", date_filter=("pdat", 20150101, 20201231)) == [2, 1]
    assert search(corpus, "#1 OR #2", history={1: [1], 2: [4, 999]}) == [4, 1]
    assert search(corpus, "humans[mh]", within=[1, 2, 4]) == [2, 1]


def test_sort_by_publication_date(corpus: Corpus) -> None:
    assert search(corpus, "j cosmet dermatol[ta]", sort="pub_date") == [1, 2, 4, 3]


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
