"""Build the frozen record values cheaply on the parser's hot path.

A frozen dataclass's generated ``__init__`` stores every field through
``object.__setattr__`` and takes its arguments by keyword: about 110 ns a
field, which made building a record's dozen values cost a third of parsing
its XML. Each builder here fills a *draft* instead, a plain class with exactly
the same slots, using ordinary attribute stores, then turns the draft into the
record class in place by ``__class__`` assignment, which CPython allows
between classes whose instance layouts are identical. The result is an
ordinary instance of the record class, equal to one built by its constructor;
``tests/pubmed_xml/test_drafts.py`` checks that field by field, and a draft
whose slots drift from its record class fails loudly (``TypeError``) the first
time it is used.

Builders take every field, in declaration order, so no default is missed.
"""

from __future__ import annotations

from reviewkit.records import (
    AbstractSection,
    Author,
    Journal,
    Link,
    MeshHeading,
    MeshQualifier,
    PubDate,
    PubmedRecord,
    RecordKind,
)

__all__ = [
    "new_abstract_section",
    "new_author",
    "new_journal",
    "new_mesh_heading",
    "new_pub_date",
    "new_record",
]

# The ignores below are the whole trick: mypy cannot know that the draft has
# become the record class.


class _AuthorDraft:
    __slots__ = ("affiliations", "collective", "family", "given", "initials", "orcid", "suffix")
    family: str | None
    given: str | None
    initials: str | None
    suffix: str | None
    collective: str | None
    orcid: str | None
    affiliations: tuple[str, ...]


def new_author(
    family: str | None,
    given: str | None,
    initials: str | None,
    suffix: str | None,
    collective: str | None,
    orcid: str | None,
    affiliations: tuple[str, ...],
) -> Author:
    """Same as ``Author(family=family, given=given, …)``."""
    draft = _AuthorDraft()
    draft.family = family
    draft.given = given
    draft.initials = initials
    draft.suffix = suffix
    draft.collective = collective
    draft.orcid = orcid
    draft.affiliations = affiliations
    draft.__class__ = Author  # type: ignore[assignment]
    return draft  # type: ignore[return-value]


class _AbstractSectionDraft:
    __slots__ = ("category", "label", "text")
    text: str
    label: str | None
    category: str | None


def new_abstract_section(text: str, label: str | None, category: str | None) -> AbstractSection:
    """Same as ``AbstractSection(text=text, label=label, category=category)``."""
    draft = _AbstractSectionDraft()
    draft.text = text
    draft.label = label
    draft.category = category
    draft.__class__ = AbstractSection  # type: ignore[assignment]
    return draft  # type: ignore[return-value]


class _JournalDraft:
    __slots__ = ("iso_abbreviation", "issn", "issn_type", "issue", "pages", "title", "volume")
    title: str | None
    iso_abbreviation: str | None
    issn: str | None
    issn_type: str | None
    volume: str | None
    issue: str | None
    pages: str | None


def new_journal(
    title: str | None,
    iso_abbreviation: str | None,
    issn: str | None,
    issn_type: str | None,
    volume: str | None,
    issue: str | None,
    pages: str | None,
) -> Journal:
    """Same as ``Journal(title=title, iso_abbreviation=iso_abbreviation, …)``."""
    draft = _JournalDraft()
    draft.title = title
    draft.iso_abbreviation = iso_abbreviation
    draft.issn = issn
    draft.issn_type = issn_type
    draft.volume = volume
    draft.issue = issue
    draft.pages = pages
    draft.__class__ = Journal  # type: ignore[assignment]
    return draft  # type: ignore[return-value]


class _PubDateDraft:
    __slots__ = ("day", "medline_date", "month", "season", "year")
    year: int | None
    month: int | None
    day: int | None
    season: str | None
    medline_date: str | None


def new_pub_date(
    year: int | None,
    month: int | None,
    day: int | None,
    season: str | None,
    medline_date: str | None,
) -> PubDate:
    """Same as ``PubDate(year=year, month=month, day=day, …)``."""
    draft = _PubDateDraft()
    draft.year = year
    draft.month = month
    draft.day = day
    draft.season = season
    draft.medline_date = medline_date
    draft.__class__ = PubDate  # type: ignore[assignment]
    return draft  # type: ignore[return-value]


class _MeshHeadingDraft:
    __slots__ = ("descriptor", "major", "qualifiers", "ui")
    descriptor: str
    ui: str | None
    major: bool
    qualifiers: tuple[MeshQualifier, ...]


def new_mesh_heading(
    descriptor: str, ui: str | None, major: bool, qualifiers: tuple[MeshQualifier, ...]
) -> MeshHeading:
    """Same as ``MeshHeading(descriptor=descriptor, ui=ui, …)``."""
    draft = _MeshHeadingDraft()
    draft.descriptor = descriptor
    draft.ui = ui
    draft.major = major
    draft.qualifiers = qualifiers
    draft.__class__ = MeshHeading  # type: ignore[assignment]
    return draft  # type: ignore[return-value]


class _RecordDraft:
    __slots__ = (
        "abstract",
        "article_ids",
        "authors",
        "book_title",
        "dates",
        "doi",
        "journal",
        "keywords",
        "kind",
        "languages",
        "links",
        "mesh",
        "pii",
        "pmcid",
        "pmid",
        "pub_date",
        "publication_status",
        "publication_types",
        "publisher",
        "status",
        "title",
        "version",
    )
    pmid: str  # PMID is a NewType of str: calling it would only cost time
    title: str
    kind: RecordKind
    version: int
    doi: str | None
    pmcid: str | None
    pii: str | None
    abstract: tuple[AbstractSection, ...]
    authors: tuple[Author, ...]
    journal: Journal
    pub_date: PubDate
    languages: tuple[str, ...]
    publication_types: tuple[str, ...]
    mesh: tuple[MeshHeading, ...]
    keywords: tuple[str, ...]
    status: str | None
    publication_status: str | None
    links: tuple[Link, ...]
    article_ids: tuple[tuple[str, str], ...]
    dates: tuple[tuple[str, str], ...]
    book_title: str | None
    publisher: str | None


def new_record(
    *,
    pmid: str,
    title: str,
    kind: RecordKind,
    version: int,
    doi: str | None,
    pmcid: str | None,
    pii: str | None,
    abstract: tuple[AbstractSection, ...],
    authors: tuple[Author, ...],
    journal: Journal,
    pub_date: PubDate,
    languages: tuple[str, ...],
    publication_types: tuple[str, ...],
    mesh: tuple[MeshHeading, ...],
    keywords: tuple[str, ...],
    status: str | None,
    publication_status: str | None,
    links: tuple[Link, ...],
    article_ids: tuple[tuple[str, str], ...],
    dates: tuple[tuple[str, str], ...],
    book_title: str | None,
    publisher: str | None,
) -> PubmedRecord:
    """Same as ``PubmedRecord(pmid=PMID(pmid), title=title, …)``; every field is required."""
    draft = _RecordDraft()
    draft.pmid = pmid
    draft.title = title
    draft.kind = kind
    draft.version = version
    draft.doi = doi
    draft.pmcid = pmcid
    draft.pii = pii
    draft.abstract = abstract
    draft.authors = authors
    draft.journal = journal
    draft.pub_date = pub_date
    draft.languages = languages
    draft.publication_types = publication_types
    draft.mesh = mesh
    draft.keywords = keywords
    draft.status = status
    draft.publication_status = publication_status
    draft.links = links
    draft.article_ids = article_ids
    draft.dates = dates
    draft.book_title = book_title
    draft.publisher = publisher
    draft.__class__ = PubmedRecord  # type: ignore[assignment]
    return draft  # type: ignore[return-value]
