"""Field evidence of a pair: one :class:`FieldComparison` per field, and the reasons.

:func:`compare_fields` compares DOI, PMID, title, authors, year, journal,
volume, issue, first page and abstract, and records each comparison as the
evidence a :class:`~reviewkit.dedup.decision.PairVerdict` carries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from reviewkit.dedup.conflicts import page_excuse
from reviewkit.dedup.locators import pages_compatible, series_volume
from reviewkit.dedup.prepared import Prepared
from reviewkit.dedup.verdicts import FieldVerdict, author_verdict, journal_verdict, title_verdict

__all__ = ["Evidence", "FieldComparison", "compare_fields"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldComparison:
    """How one field of a pair compares; ``similarity`` is 0-100 or ``None``."""

    field: str
    value_a: str | None
    value_b: str | None
    similarity: float | None
    verdict: FieldVerdict


class Evidence:
    """Field comparisons of one pair plus the reasons collected on the way."""

    __slots__ = ("fields", "reasons")

    def __init__(self) -> None:
        """Start with no comparisons and no reasons."""
        self.fields: list[FieldComparison] = []
        self.reasons: list[str] = []

    def add(self, comparison: FieldComparison) -> FieldVerdict:
        """Record ``comparison``; return its verdict."""
        self.fields.append(comparison)
        return comparison.verdict


def compare_fields(a: Prepared, b: Prepared, ev: Evidence) -> dict[str, FieldVerdict]:
    """Compare every field, recording each comparison in ``ev``; return the verdict per field."""
    v: dict[str, FieldVerdict] = {}
    for comparison in (
        _simple("doi", a.doi, b.doi),
        _simple("pmid", a.pmid, b.pmid),
        _title(a, b),
        _authors(a, b),
        _year(a, b),
        _journal(a, b),
        _volume(a, b),
        _issue(a, b),
        _pages(a, b),
        _abstract(a, b),
    ):
        v[comparison.field] = ev.add(comparison)
    return v


def _title(a: Prepared, b: Prepared) -> FieldComparison:
    verdict, similarity = title_verdict(a, b)
    return FieldComparison(
        field="title", value_a=a.title or None, value_b=b.title or None,
        similarity=similarity, verdict=verdict,
    )  # fmt: skip


def _authors(a: Prepared, b: Prepared) -> FieldComparison:
    verdict, similarity = author_verdict(a, b)
    return FieldComparison(
        field="authors", value_a="; ".join(a.authors) or None,
        value_b="; ".join(b.authors) or None, similarity=similarity, verdict=verdict,
    )  # fmt: skip


def _year(a: Prepared, b: Prepared) -> FieldComparison:
    """Same year, one apart (e-pub vs print: compatible), or further apart."""
    if a.year is None or b.year is None:
        verdict: FieldVerdict = "missing"
    else:
        gap = abs(a.year - b.year)
        verdict = "same" if gap == 0 else "compatible" if gap == 1 else "different"
    return FieldComparison(
        field="year", value_a=str(a.year) if a.year else None,
        value_b=str(b.year) if b.year else None, similarity=None, verdict=verdict,
    )  # fmt: skip


def _journal(a: Prepared, b: Prepared) -> FieldComparison:
    return FieldComparison(
        field="journal", value_a=" ".join(a.journal or a.journal_alt) or None,
        value_b=" ".join(b.journal or b.journal_alt) or None, similarity=None,
        verdict=journal_verdict(a, b),
    )  # fmt: skip


def _volume(a: Prepared, b: Prepared) -> FieldComparison:
    volume = _simple("volume", a.volume, b.volume)
    if volume.verdict == "different" and _proceedings(a, b) and series_volume(a.volume, b.volume):
        return _compatible(volume)  # LNCS series volume vs part of the proceedings
    return volume


def _issue(a: Prepared, b: Prepared) -> FieldComparison:
    issue = _simple("issue", a.issue, b.issue)
    if issue.verdict == "different" and not (a.issue.isdigit() and b.issue.isdigit()):
        return _compatible(issue)  # "5S" vs "Suppl 5", "1-2" vs "1": formats, not facts
    return issue


def _pages(a: Prepared, b: Prepared) -> FieldComparison:
    pages = _simple("pages", a.fpage, b.fpage)
    if pages.verdict == "different" and (pages_compatible(a.fpage, b.fpage) or page_excuse(a, b)):
        return _compatible(pages)
    return pages


def _abstract(a: Prepared, b: Prepared) -> FieldComparison:
    if a.abstract and b.abstract:
        similarity = fuzz.ratio(a.abstract, b.abstract)
        verdict: FieldVerdict = "same" if similarity >= 90.0 else "different"
    else:
        similarity, verdict = None, "missing"
    return FieldComparison(
        field="abstract", value_a=None, value_b=None, similarity=similarity, verdict=verdict
    )


def _compatible(comparison: FieldComparison) -> FieldComparison:
    """``comparison`` of two different values that are one value in two forms."""
    return replace(comparison, verdict="compatible")


def _simple(name: str, x: str, y: str) -> FieldComparison:
    """Exact comparison of two normalised values (``""``: absent)."""
    if not x or not y:
        verdict: FieldVerdict = "missing"
    else:
        verdict = "same" if x == y else "different"
    return FieldComparison(
        field=name, value_a=x or None, value_b=y or None, similarity=None, verdict=verdict
    )


_PROCEEDINGS_VENUE = frozenset(
    {"proceedings", "proc", "conference", "conf", "workshop", "symposium", "congress", "lecture"}
)
_PROCEEDINGS_TYPE = re.compile(r"proceedings|conference|inproceedings|incollection|chapter|book")


def _proceedings(a: Prepared, b: Prepared) -> bool:
    """Either record is a paper in proceedings or a book series (venue or type says so)."""
    for record in (a, b):
        if _PROCEEDINGS_VENUE.intersection(record.journal + record.journal_alt):
            return True
        kind = record.citation.publication_type
        if kind and _PROCEEDINGS_TYPE.search(kind.lower()):
            return True
    return False
