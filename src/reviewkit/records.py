"""Typed, immutable bibliographic records as PubMed describes them.

Pure: no I/O. Parsers build these values; storage serialises them with
:func:`record_to_dict` / :func:`record_from_dict`; :func:`content_hash` tells
whether PubMed changed a record between two refreshes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, NewType

__all__ = [
    "PMID",
    "AbstractSection",
    "Author",
    "Citation",
    "DeletedCitations",
    "Journal",
    "Link",
    "MeshHeading",
    "MeshQualifier",
    "PubDate",
    "PubmedRecord",
    "SkippedRecord",
    "citation_from_pubmed",
    "content_hash",
    "normalise_doi",
    "record_from_dict",
    "record_to_dict",
]

PMID = NewType("PMID", str)

RecordKind = Literal["article", "book"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Author:
    """One author, or a collective (group) author when ``collective`` is set."""

    family: str | None = None
    given: str | None = None
    initials: str | None = None
    suffix: str | None = None
    collective: str | None = None
    orcid: str | None = None
    affiliations: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        """Name as a citation shows it: ``Dhurat R`` or the collective name."""
        if self.collective:
            return self.collective
        parts = [p for p in (self.family, self.initials or self.given, self.suffix) if p]
        return " ".join(parts)


@dataclass(frozen=True, slots=True, kw_only=True)
class AbstractSection:
    """One ``AbstractText``: its label (``METHODS``) and NLM category when structured."""

    text: str
    label: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Journal:
    """Where the article appeared, with its citation details."""

    title: str | None = None
    iso_abbreviation: str | None = None
    issn: str | None = None
    issn_type: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PubDate:
    """The publication date in whichever of PubMed's forms it came.

    ``year`` is always filled when any year is known, including from a
    ``MedlineDate`` such as ``1998 Dec-1999 Jan``; ``season`` and ``medline_date``
    keep the original text.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: str | None = None
    medline_date: str | None = None

    @property
    def text(self) -> str:
        """Human form, e.g. ``2013 Jan 6``, ``1990 Spring`` or the MedlineDate text."""
        if self.medline_date:
            return self.medline_date
        months = [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ]
        bits: list[str] = [str(self.year)] if self.year else []
        if self.month:
            bits.append(months[self.month - 1])
        if self.day:
            bits.append(str(self.day))
        if self.season:
            bits.append(self.season)
        return " ".join(bits)


@dataclass(frozen=True, slots=True, kw_only=True)
class MeshQualifier:
    """A MeSH subheading such as ``therapy``."""

    name: str
    ui: str | None = None
    major: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class MeshHeading:
    """A MeSH descriptor with its qualifiers."""

    descriptor: str
    ui: str | None = None
    major: bool = False
    qualifiers: tuple[MeshQualifier, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A ``CommentsCorrections`` entry: erratum, retraction, comment, update …"""

    ref_type: str
    ref_source: str | None = None
    pmid: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PubmedRecord:
    """One PubMed citation (journal article or book), as fetched.

    ``dates`` maps PubMed history statuses (``entrez``, ``pubmed``, ``revised`` …)
    to ISO dates; ``article_ids`` keeps every ``ArticleId`` by type.
    """

    pmid: PMID
    title: str
    kind: RecordKind = "article"
    version: int = 1
    doi: str | None = None
    pmcid: str | None = None
    pii: str | None = None
    abstract: tuple[AbstractSection, ...] = ()
    authors: tuple[Author, ...] = ()
    journal: Journal = field(default_factory=Journal)
    pub_date: PubDate = field(default_factory=PubDate)
    languages: tuple[str, ...] = ()
    publication_types: tuple[str, ...] = ()
    mesh: tuple[MeshHeading, ...] = ()
    keywords: tuple[str, ...] = ()
    status: str | None = None
    publication_status: str | None = None
    links: tuple[Link, ...] = ()
    article_ids: tuple[tuple[str, str], ...] = ()
    dates: tuple[tuple[str, str], ...] = ()
    book_title: str | None = None
    publisher: str | None = None

    @property
    def year(self) -> int | None:
        """Publication year, from whichever date form the record had."""
        return self.pub_date.year

    @property
    def abstract_text(self) -> str:
        """The abstract as one string, with ``LABEL:`` prefixes for structured parts."""
        return "\n".join(f"{s.label}: {s.text}" if s.label else s.text for s in self.abstract)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeletedCitations:
    """A ``DeleteCitation`` block: PMIDs PubMed withdrew."""

    pmids: tuple[PMID, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SkippedRecord:
    """A citation the parser could not use, with where it was and why."""

    position: int
    reason: str
    pmid: str | None = None


def normalise_doi(raw: str | None) -> str | None:
    """Reduce any spelling of a DOI to its bare, lower-case form.

    >>> normalise_doi(" https://doi.org/10.4103/JCAS.JCAS_130_17 ")
    '10.4103/jcas.jcas_130_17'
    >>> normalise_doi("not a doi") is None
    True
    """
    if raw is None:
        return None
    doi = raw.strip().lower()
    if not doi.startswith("10."):  # the bare form, nearly every DOI, has no prefix to drop
        for prefix in (
            "https://doi.org/",
            "http://doi.org/",
            "https://dx.doi.org/",
            "http://dx.doi.org/",
            "doi:",
            "doi ",
        ):
            doi = doi.removeprefix(prefix)
        doi = doi.strip()
    return doi if doi.startswith("10.") and "/" in doi else None


def record_to_dict(record: PubmedRecord) -> dict[str, Any]:
    """Plain JSON-ready form of a record (tuples become lists)."""
    return asdict(record)


def record_from_dict(data: dict[str, Any]) -> PubmedRecord:
    """Inverse of :func:`record_to_dict`."""
    return PubmedRecord(
        pmid=PMID(data["pmid"]),
        title=data["title"],
        kind=data.get("kind", "article"),
        version=data.get("version", 1),
        doi=data.get("doi"),
        pmcid=data.get("pmcid"),
        pii=data.get("pii"),
        abstract=tuple(AbstractSection(**s) for s in data.get("abstract", ())),
        authors=tuple(
            Author(**{**a, "affiliations": tuple(a.get("affiliations", ()))})
            for a in data.get("authors", ())
        ),
        journal=Journal(**data.get("journal", {})),
        pub_date=PubDate(**data.get("pub_date", {})),
        languages=tuple(data.get("languages", ())),
        publication_types=tuple(data.get("publication_types", ())),
        mesh=tuple(
            MeshHeading(
                **{**m, "qualifiers": tuple(MeshQualifier(**q) for q in m.get("qualifiers", ()))}
            )
            for m in data.get("mesh", ())
        ),
        keywords=tuple(data.get("keywords", ())),
        status=data.get("status"),
        publication_status=data.get("publication_status"),
        links=tuple(Link(**link) for link in data.get("links", ())),
        article_ids=tuple((k, v) for k, v in data.get("article_ids", ())),
        dates=tuple((k, v) for k, v in data.get("dates", ())),
        book_title=data.get("book_title"),
        publisher=data.get("publisher"),
    )


def content_hash(record: PubmedRecord) -> str:
    """SHA-256 of the record's canonical JSON: equal hashes mean no change."""
    canonical = json.dumps(
        record_to_dict(record), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """One bibliographic record from any source, in the shape deduplication compares.

    Importers (RIS, MEDLINE, BibTeX, CSV, EndNote XML) and PubMed refreshes both
    produce these. Fields hold what the source said, lightly cleaned (stripped,
    empty → None); normalisation for matching happens in deduplication.
    ``record_id`` is unique within a review, e.g. ``pubmed:23960389`` or
    ``embase:export.ris#17``; ``origin`` says where in the source file it was.
    """

    record_id: str
    source: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str | None = None
    journal_abbrev: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    issn: str | None = None
    abstract: str | None = None
    publication_type: str | None = None
    language: str | None = None
    keywords: tuple[str, ...] = ()
    origin: str | None = None


def citation_from_pubmed(record: PubmedRecord) -> Citation:
    """The deduplication view of a PubMed record."""
    kinds = record.publication_types
    return Citation(
        record_id=f"pubmed:{record.pmid}",
        source="pubmed",
        title=record.title or None,
        authors=tuple(a.display for a in record.authors),
        year=record.year,
        journal=record.journal.title,
        journal_abbrev=record.journal.iso_abbreviation,
        volume=record.journal.volume,
        issue=record.journal.issue,
        pages=record.journal.pages,
        doi=record.doi,
        pmid=record.pmid,
        pmcid=record.pmcid,
        issn=record.journal.issn,
        abstract=record.abstract_text or None,
        publication_type="; ".join(kinds) or None,
        language=record.languages[0] if record.languages else None,
        keywords=record.keywords,
        origin=f"PubMed {record.pmid}",
    )
