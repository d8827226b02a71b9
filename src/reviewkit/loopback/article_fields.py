"""What the index needs from one article, read out of its ``<PubmedArticle>`` XML.

:func:`index_fields` parses one article (journal article or
``PubmedBookArticle``) and returns :class:`IndexedFields`: titles, abstract
sections, keywords, MeSH, publication types, authors, journal names,
languages and the three dates PubMed searches by: publication (``PubDate``),
Entrez (``History`` "entrez", else "pubmed", else the publication date) and
modification (``DateRevised``, else the Entrez date). The synthetic generator
builds the same value directly, without XML. Pure.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from reviewkit.errors import ParseError
from reviewkit.loopback.dates import history_date, pubmed_date
from reviewkit.records import Author, MeshHeading, MeshQualifier

__all__ = ["IndexedFields", "index_fields"]


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexedFields:
    """What the index needs from one article; dates are YYYYMMDD integers (0 = unknown)."""

    pmid: int
    titles: tuple[str, ...] = ()
    abstracts: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    mesh: tuple[MeshHeading, ...] = ()
    publication_types: tuple[str, ...] = ()
    authors: tuple[Author, ...] = ()
    journal_names: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    pdat: int = 0
    edat: int = 0
    mdat: int = 0


def _text(elem: ET.Element | None) -> str:
    # itertext keeps the words inside inline markup such as <i>…</i> and MathML.
    return "".join(elem.itertext()).strip() if elem is not None else ""


def _texts(root: ET.Element, *paths: str) -> tuple[str, ...]:
    return tuple(t for p in paths for e in root.iterfind(p) if (t := _text(e)))


def _mesh(citation: ET.Element) -> tuple[MeshHeading, ...]:
    headings = []
    for heading in citation.iterfind("MeshHeadingList/MeshHeading"):
        descriptor = heading.find("DescriptorName")
        if descriptor is None:
            continue
        qualifiers = tuple(
            MeshQualifier(name=_text(q), major=q.get("MajorTopicYN") == "Y")
            for q in heading.iterfind("QualifierName")
        )
        headings.append(
            MeshHeading(
                descriptor=_text(descriptor),
                major=descriptor.get("MajorTopicYN") == "Y",
                qualifiers=qualifiers,
            )
        )
    return tuple(headings)


def _authors(parent: ET.Element) -> tuple[Author, ...]:
    return tuple(
        Author(
            family=elem.findtext("LastName"),
            given=elem.findtext("ForeName"),
            initials=elem.findtext("Initials"),
            collective=elem.findtext("CollectiveName"),
        )
        for elem in parent.iterfind("AuthorList/Author")
    )


_EMPTY = ET.Element("empty")


def index_fields(article_xml: bytes, *, origin: str = "<bytes>") -> IndexedFields:
    """Extract the searchable fields of one ``<PubmedArticle>`` (or book article).

    Raises:
        ParseError: the bytes are not well-formed XML or carry no PMID.
    """
    try:
        # A fragment that starts with <PubmedArticle> cannot carry a DTD, so no
        # entity declarations can reach expat: plain ElementTree is safe here.
        root = ET.fromstring(article_xml)
    except ET.ParseError as exc:
        raise ParseError(f"{origin}: malformed article XML: {exc}") from exc
    citation = root.find("MedlineCitation")
    if citation is None:
        return _book_fields(root, origin)
    pmid = _pmid(citation, origin)
    art = citation.find("Article")
    if art is None:
        art = _EMPTY
    journal = art.find("Journal")
    if journal is None:
        journal = _EMPTY
    info = citation.find("MedlineJournalInfo")
    if info is None:
        info = _EMPTY
    pdat = pubmed_date(journal.find("JournalIssue/PubDate"))
    data = root.find("PubmedData")
    edat = history_date(data, "entrez") or history_date(data, "pubmed") or pdat
    return IndexedFields(
        pmid=pmid,
        titles=_texts(art, "ArticleTitle"),
        abstracts=_texts(art, "Abstract/AbstractText"),
        keywords=_texts(citation, "KeywordList/Keyword"),
        mesh=_mesh(citation),
        publication_types=_texts(art, "PublicationTypeList/PublicationType"),
        authors=_authors(art),
        journal_names=_texts(journal, "Title", "ISOAbbreviation", "ISSN")
        + _texts(info, "MedlineTA", "ISSNLinking"),
        languages=_texts(art, "Language"),
        pdat=pdat,
        edat=edat,
        mdat=pubmed_date(citation.find("DateRevised")) or edat,
    )


def _pmid(parent: ET.Element, origin: str) -> int:
    text = (parent.findtext("PMID") or "").strip()
    if not text.isdigit():
        raise ParseError(f"{origin}: article without a numeric <PMID>")
    return int(text)


def _book_fields(root: ET.Element, origin: str) -> IndexedFields:
    """The same fields from a ``PubmedBookArticle``'s ``BookDocument``."""
    book = root.find("BookDocument")
    if book is None:
        book = _EMPTY
    pdat = pubmed_date(book.find("Book/PubDate"))
    data = root.find("PubmedBookData")
    edat = history_date(data, "entrez") or history_date(data, "pubmed") or pdat
    return IndexedFields(
        pmid=_pmid(book, origin),
        titles=_texts(book, "ArticleTitle", "Book/BookTitle"),
        abstracts=_texts(book, "Abstract/AbstractText"),
        keywords=_texts(book, "KeywordList/Keyword"),
        publication_types=_texts(book, "PublicationType"),
        authors=_authors(book),
        languages=_texts(book, "Language"),
        pdat=pdat,
        edat=edat,
        mdat=pubmed_date(book.find("DateRevised")) or edat,
    )
