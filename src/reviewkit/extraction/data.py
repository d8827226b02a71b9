"""Extracted data as the rest of the review sees it (pure values, no I/O).

``ExtractionStore.extractions()`` builds these objects from stored entries;
evidence tables and syntheses read only these, never the database rows, so the
shape below is the contract between extraction and everything downstream.
Every value carries its provenance: who entered it (``"consensus"`` for an
agreed value), under which form and version, and when.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "CONSENSUS",
    "ExtractedRow",
    "ExtractedValue",
    "Provenance",
    "StudyCitation",
    "StudyExtraction",
]

#: The reviewer name recorded for values agreed after double extraction.
CONSENSUS = "consensus"


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where one extracted value came from.

    Attributes:
        reviewer: Who entered it; ``"consensus"`` for agreed values.
        form_id: The extraction form's id.
        form_version: The form version the value is expressed in.
        entered_at: When the value was imported (timezone-aware, UTC).
    """

    reviewer: str
    form_id: str
    form_version: int
    entered_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractedValue:
    """One coerced value (``str``/``int``/``float``/``date``/``tuple``) and its provenance."""

    value: object
    provenance: Provenance


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractedRow:
    """One row of a repeating section (an arm, an outcome, a result).

    Attributes:
        keys: The row keys in form order, e.g. ``(("arm", "A"),)`` or
            ``(("outcome", "hair_count"), ("timepoint", "12 weeks"), ("arm", "A"))``.
        values: Field key → value for the row's non-key fields that were filled in.
    """

    keys: tuple[tuple[str, str], ...]
    values: Mapping[str, ExtractedValue]


@dataclass(frozen=True, slots=True, kw_only=True)
class StudyCitation:
    """How a study is cited in tables: first author, year and identifiers."""

    study_id: str
    first_author: str | None
    year: int | None
    title: str | None
    pmid: str | None
    doi: str | None
    record_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class StudyExtraction:
    """Everything extracted for one study.

    Attributes:
        citation: The study's citation.
        fields: Study-level field key → value (sections without ``repeat``).
        groups: Section key → its rows, for repeating sections.
    """

    citation: StudyCitation
    fields: Mapping[str, ExtractedValue]
    groups: Mapping[str, tuple[ExtractedRow, ...]]
