"""Hand-built PubMed articles and a four-article corpus for the corpus and index tests.

Plain functions and constants, imported by ``test_loopback_corpus``,
``test_loopback_index``, ``test_loopback_index_terms`` and
``test_loopback_article_fields``.
"""

from __future__ import annotations

from pathlib import Path

from reviewkit.loopback.corpus import Corpus
from reviewkit.loopback.query import parse_query

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


def sample_corpus() -> Corpus:
    """Four small articles that between them show each search rule (PMIDs 1-4)."""
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
