"""Journal articles: a ``PubmedArticle`` element becomes a :class:`PubmedRecord`.

Also the parts a book shares with an article: its abstract and keywords.
Plain ``find()`` calls run in C; a path such as ``"Journal/JournalIssue"``
runs in Python, so paths are walked one step at a time.
"""

from __future__ import annotations

from reviewkit.pubmed_xml.authors import authors
from reviewkit.pubmed_xml.dates import history_dates, pub_date
from reviewkit.pubmed_xml.drafts import (
    new_abstract_section,
    new_journal,
    new_mesh_heading,
    new_record,
)
from reviewkit.pubmed_xml.identifiers import article_ids, identifiers, pmid
from reviewkit.pubmed_xml.text import Element, children_text, optional_text, text
from reviewkit.records import (
    AbstractSection,
    Journal,
    Link,
    MeshHeading,
    MeshQualifier,
    PubmedRecord,
    SkippedRecord,
)

__all__ = ["abstract", "article", "journal", "keywords", "links", "mesh"]

# Plain headings (no qualifiers) repeat across records, so each is built once
# and shared: the memo holds only values computed from their keys, and is
# emptied at this size, so it changes nothing but speed and stays small.
_MEMO_SIZE = 4096
_heading_memo: dict[tuple[str | None, str | None, str | None], MeshHeading] = {}


def article(elem: Element, position: int) -> PubmedRecord | SkippedRecord:
    """The record of a ``PubmedArticle``, or why it was skipped."""
    citation = elem.find("MedlineCitation")
    if citation is None:
        return SkippedRecord(position=position, reason="PubmedArticle without MedlineCitation")
    pmid_text, version = pmid(citation)
    if not pmid_text:
        return SkippedRecord(position=position, reason="MedlineCitation without PMID")
    found = citation.find("Article")
    article_elem = found if found is not None else Element("Article")
    title = text(article_elem.find("ArticleTitle")) or text(article_elem.find("VernacularTitle"))
    if not title:
        return SkippedRecord(position=position, reason="empty ArticleTitle", pmid=pmid_text)
    pubmed_data = elem.find("PubmedData")
    ids = article_ids(pubmed_data.find("ArticleIdList") if pubmed_data is not None else None)
    doi, pmcid, pii = identifiers(article_elem.findall("ELocationID"), ids)
    journal_elem = article_elem.find("Journal")
    issue = journal_elem.find("JournalIssue") if journal_elem is not None else None
    return new_record(
        pmid=pmid_text,
        title=title,
        kind="article",
        version=version,
        doi=doi,
        pmcid=pmcid,
        pii=pii,
        abstract=abstract(article_elem),
        authors=authors(article_elem.findall("AuthorList")),
        journal=journal(article_elem, journal_elem, issue),
        pub_date=pub_date(issue.find("PubDate") if issue is not None else None),
        languages=children_text(article_elem, "Language"),
        publication_types=children_text(
            article_elem.find("PublicationTypeList"), "PublicationType"
        ),
        mesh=mesh(citation),
        keywords=keywords(citation),
        status=citation.get("Status"),
        publication_status=(
            optional_text(pubmed_data.find("PublicationStatus"))
            if pubmed_data is not None
            else None
        ),
        links=links(citation),
        article_ids=ids,
        dates=history_dates(pubmed_data, citation, article_elem.findall("ArticleDate")),
        book_title=None,
        publisher=None,
    )


def abstract(parent: Element | None) -> tuple[AbstractSection, ...]:
    """The non-empty ``AbstractText`` sections of the ``Abstract`` under ``parent``."""
    abstract_elem = parent.find("Abstract") if parent is not None else None
    if abstract_elem is None:
        return ()
    sections = []
    for e in abstract_elem.findall("AbstractText"):
        if section_text := text(e):
            sections.append(
                new_abstract_section(section_text, e.get("Label") or None, e.get("NlmCategory"))
            )
    return tuple(sections)


def journal(article_elem: Element, journal_elem: Element | None, issue: Element | None) -> Journal:
    """Journal, volume, issue and pages of an article (its ``Journal`` and ``JournalIssue``)."""
    pagination = article_elem.find("Pagination")
    pages = None
    if pagination is not None:
        pages = optional_text(pagination.find("MedlinePgn"))
        if not pages:
            start = optional_text(pagination.find("StartPage"))
            end = optional_text(pagination.find("EndPage"))
            pages = f"{start}-{end}" if start and end else start
    if journal_elem is None:
        return new_journal(None, None, None, None, None, None, pages)
    issn = journal_elem.find("ISSN")
    return new_journal(
        optional_text(journal_elem.find("Title")),
        optional_text(journal_elem.find("ISOAbbreviation")),
        optional_text(issn),
        issn.get("IssnType") if issn is not None else None,
        optional_text(issue.find("Volume")) if issue is not None else None,
        optional_text(issue.find("Issue")) if issue is not None else None,
        pages,
    )


def mesh(citation: Element) -> tuple[MeshHeading, ...]:
    """MeSH headings with their qualifiers."""
    mesh_list = citation.find("MeshHeadingList")
    if mesh_list is None:
        return ()
    headings = []
    for heading in mesh_list.findall("MeshHeading"):
        descriptor = heading.find("DescriptorName")
        if descriptor is None:
            continue
        ui, major = descriptor.get("UI"), descriptor.get("MajorTopicYN")
        # Most headings are a plain descriptor without qualifiers.
        if len(heading) == 1 and not len(descriptor):
            key = (descriptor.text, ui, major)
            value = _heading_memo.get(key)
            if value is None:
                if len(_heading_memo) >= _MEMO_SIZE:
                    _heading_memo.clear()
                value = _heading_memo[key] = new_mesh_heading(
                    text(descriptor), ui, major == "Y", ()
                )
            headings.append(value)
            continue
        qualifiers = (
            tuple(
                MeshQualifier(name=text(q), ui=q.get("UI"), major=q.get("MajorTopicYN") == "Y")
                for q in heading.findall("QualifierName")
            )
            if len(heading) > 1
            else ()
        )
        headings.append(new_mesh_heading(text(descriptor), ui, major == "Y", qualifiers))
    return tuple(headings)


def keywords(parent: Element) -> tuple[str, ...]:
    """Keywords of every ``KeywordList``, in order."""
    found: list[str] = []
    for keyword_list in parent.findall("KeywordList"):
        found += children_text(keyword_list, "Keyword")
    return tuple(found)


def links(citation: Element) -> tuple[Link, ...]:
    """Comments and corrections (erratum, retraction, comment …), not the reference list."""
    corrections = citation.find("CommentsCorrectionsList")
    if corrections is None:
        return ()
    # "Cites" entries are the reference list, not comments or corrections.
    return tuple(
        Link(
            ref_type=ref_type,
            ref_source=optional_text(c.find("RefSource")),
            pmid=optional_text(c.find("PMID")),
        )
        for c in corrections.findall("CommentsCorrections")
        if (ref_type := c.get("RefType", "")) and ref_type != "Cites"
    )
