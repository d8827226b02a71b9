"""Books and chapters: a ``PubmedBookArticle`` element becomes a :class:`PubmedRecord`.

A chapter is cited by its own ``ArticleTitle``, a whole book by its
``BookTitle``; the record's ``journal`` holds only the book's volume.
"""

from __future__ import annotations

from reviewkit.pubmed_xml.article import abstract, keywords
from reviewkit.pubmed_xml.authors import authors
from reviewkit.pubmed_xml.dates import history_dates, pub_date
from reviewkit.pubmed_xml.drafts import new_journal, new_record
from reviewkit.pubmed_xml.identifiers import article_ids, identifiers, pmid
from reviewkit.pubmed_xml.text import Element, children_text, optional_text, text
from reviewkit.records import PubmedRecord, SkippedRecord

__all__ = ["book"]


def book(elem: Element, position: int) -> PubmedRecord | SkippedRecord:
    """The record of a ``PubmedBookArticle``, or why it was skipped."""
    document = elem.find("BookDocument")
    if document is None:
        return SkippedRecord(position=position, reason="PubmedBookArticle without BookDocument")
    pmid_text, version = pmid(document)
    if not pmid_text:
        return SkippedRecord(position=position, reason="BookDocument without PMID")
    found = document.find("Book")
    book_elem = found if found is not None else Element("Book")
    book_title = optional_text(book_elem.find("BookTitle"))
    title = (
        text(document.find("ArticleTitle")) or book_title or text(document.find("VernacularTitle"))
    )
    if not title:
        return SkippedRecord(
            position=position, reason="empty ArticleTitle and BookTitle", pmid=pmid_text
        )
    book_data = elem.find("PubmedBookData")
    ids = article_ids(
        document.find("ArticleIdList"),
        book_data.find("ArticleIdList") if book_data is not None else None,
    )
    doi, pmcid, pii = identifiers(book_elem.findall("ELocationID"), ids)
    return new_record(
        pmid=pmid_text,
        title=title,
        kind="book",
        version=version,
        doi=doi,
        pmcid=pmcid,
        pii=pii,
        abstract=abstract(document),
        # Chapter authors; a whole book may list its authors only under Book.
        authors=authors(document.findall("AuthorList")) or authors(book_elem.findall("AuthorList")),
        journal=new_journal(
            None, None, None, None, optional_text(book_elem.find("Volume")), None, None
        ),
        pub_date=pub_date(book_elem.find("PubDate")),
        languages=children_text(document, "Language"),
        publication_types=children_text(document, "PublicationType"),
        mesh=(),
        keywords=keywords(document),
        status=None,
        publication_status=(
            optional_text(book_data.find("PublicationStatus")) if book_data is not None else None
        ),
        links=(),
        article_ids=ids,
        dates=history_dates(book_data, document),
        book_title=book_title,
        publisher=optional_text(book_elem.find("Publisher/PublisherName")),
    )
