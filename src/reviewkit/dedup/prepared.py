"""Per-record precomputation: every field a comparison uses, normalised once.

The engine compares a record with many candidates; :func:`prepare` runs the
normalisation rules (:mod:`~reviewkit.dedup.identifiers`, :mod:`~reviewkit.dedup.titles`,
:mod:`~reviewkit.dedup.names`, :mod:`~reviewkit.dedup.venues`,
:mod:`~reviewkit.dedup.locators`) once per record, so that comparing a pair
(:mod:`reviewkit.dedup.decision`) only compares strings.
"""

from __future__ import annotations

import re

from reviewkit.dedup.identifiers import normalise_doi, normalise_pmid
from reviewkit.dedup.locators import first_page, issue_key, plausible_year, volume_key
from reviewkit.dedup.names import author_key
from reviewkit.dedup.relations import part_number, record_markers
from reviewkit.dedup.titles import normalise_title
from reviewkit.dedup.venues import journal_tokens
from reviewkit.records import Citation

__all__ = ["Prepared", "prepare"]


_ABSTRACT_CHARS = 600
_NUMBER = re.compile(r"\b\d+\b")
_NONE: frozenset[str] = frozenset()
_MARKER_SETS: dict[frozenset[str], frozenset[str]] = {}
_ANONYMOUS = frozenset({"anonymous", "anon", "et al", "etal", "unknown", "na", "n a"})


class Prepared:
    """One citation normalised for comparison (computed once per record)."""

    __slots__ = (
        "abstract",
        "authors",
        "citation",
        "doi",
        "first_author",
        "fpage",
        "issue",
        "journal",
        "journal_alt",
        "markers",
        "numbers",
        "part",
        "pmcid",
        "pmid",
        "record_id",
        "title",
        "title_words",
        "volume",
        "year",
    )

    def __init__(self, citation: Citation) -> None:
        """Normalise every field of ``citation`` that comparison uses."""
        self.citation = citation
        self.record_id = citation.record_id
        self.title = normalise_title(citation.title)
        self.title_words = self.title.count(" ") + 1 if self.title else 0
        numbers = _NUMBER.findall(self.title)
        self.numbers = frozenset(numbers) if numbers else _NONE
        keys = (author_key(name) for name in citation.authors)
        self.authors: tuple[str, ...] = tuple(k for k in keys if k and k not in _ANONYMOUS)
        self.first_author = self.authors[0].split(" ")[0] if self.authors else ""
        self.year = plausible_year(citation.year)
        self.journal = journal_tokens(citation.journal)
        self.journal_alt = journal_tokens(citation.journal_abbrev)
        self.volume = volume_key(citation.volume)
        if len(self.volume) == 4 and self.year and abs(int(self.volume) - self.year) <= 1:
            self.volume = ""  # the year filed as volume (Cochrane Database Syst Rev)
        self.issue = issue_key(citation.issue)
        self.fpage = first_page(citation.pages)
        self.doi = normalise_doi(citation.doi) or ""
        self.pmid = normalise_pmid(citation.pmid) or ""
        self.pmcid = (citation.pmcid or "").strip().upper()
        abstract = normalise_title(citation.abstract) if citation.abstract else ""
        self.abstract = abstract[:_ABSTRACT_CHARS]
        markers = record_markers(citation.title, citation.publication_type, citation.journal)
        self.markers = _MARKER_SETS.setdefault(markers, markers)  # few distinct sets: share
        self.part = part_number(self.title)

    @property
    def identifiable(self) -> bool:
        """Whether the record has a title or an identifier to match on."""
        return bool(self.title or self.doi or self.pmid or self.pmcid)

    @property
    def locator(self) -> str:
        """Volume, first page and first author as one key (``""`` when incomplete).

        Records sharing it may be one article under two titles (a translation),
        so candidate screens keep such pairs like pairs sharing an identifier.
        Page 1 is left out: journals that number each article from 1 give it to all.
        """
        if not (self.volume and self.fpage and self.first_author) or self.fpage == "1":
            return ""
        return f"{self.volume}:{self.fpage}:{self.first_author}"


def prepare(citation: Citation) -> Prepared:
    """Normalise ``citation`` once for blocking and comparison."""
    return Prepared(citation)
