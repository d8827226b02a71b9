"""How a study is cited in the tables: label, identifiers, order and the citation columns."""

from __future__ import annotations

from reviewkit.evidence.model import Cell
from reviewkit.extraction.data import StudyCitation, StudyExtraction

__all__ = [
    "CITE_COLUMNS",
    "CITE_KEYS",
    "citation_text",
    "cite_cells",
    "cite_order",
    "study_label",
    "study_order",
]

#: The columns every table row that names a study starts with: (key, label).
CITE_COLUMNS = (("study", "Study"), ("pmid", "PMID"), ("doi", "DOI"))
CITE_KEYS = frozenset(k for k, _ in CITE_COLUMNS)


def study_label(citation: StudyCitation) -> str:
    """``"Lee 2013"``; the study id stands in for a missing author, "n.d." for the year."""
    author = citation.first_author or citation.study_id
    return f"{author} {citation.year if citation.year is not None else 'n.d.'}"


def cite_order(c: StudyCitation) -> tuple[bool, str, bool, int, str]:
    """Sort key: first author, year, study id."""
    # Studies without a known author or year go after those with one.
    author, year = c.first_author, c.year
    return (author is None, (author or "").casefold(), year is None, year or 0, c.study_id)


def study_order(study: StudyExtraction) -> tuple[bool, str, bool, int, str]:
    """Sort key of a study's extraction: its citation's :func:`cite_order`."""
    return cite_order(study.citation)


def cite_cells(study: StudyExtraction) -> tuple[Cell, ...]:
    """The cells under :data:`CITE_COLUMNS`: label, PMID, DOI."""
    c = study.citation
    return (study_label(c), c.pmid, c.doi)


def citation_text(citation: StudyCitation) -> str:
    """``"Lee 2013 (PMID 1, doi:10.1/x)"``, the identifiers left out when unknown."""
    ids = [
        f"PMID {citation.pmid}" if citation.pmid else "",
        f"doi:{citation.doi}" if citation.doi else "",
    ]
    found = ", ".join(i for i in ids if i)
    return f"{study_label(citation)} ({found})" if found else study_label(citation)
