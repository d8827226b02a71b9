"""Evidence tables of a review: read its stored extractions, build and write the tables."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reviewkit.evidence.model import EvidenceTables
from reviewkit.evidence.provenance import provenance_table
from reviewkit.evidence.tables import build_tables
from reviewkit.evidence_export.files import write_evidence_tables
from reviewkit.extraction.forms import load_form

if TYPE_CHECKING:
    from reviewkit.protocol import Protocol
    from reviewkit.storage.database import ReviewDatabase

__all__ = ["extraction_started", "write_review_tables"]


def write_review_tables(
    db: ReviewDatabase,
    protocol: Protocol,
    review_dir: Path,
    out_dir: Path | None = None,
    *,
    include_unverified: bool = False,
) -> tuple[EvidenceTables, tuple[Path, ...]]:
    """Build the evidence tables from a review's stored extractions and write them.

    Double extraction reads the consensus values. Single extraction with
    verification reads the verified values; studies not verified yet are left
    out (``include_unverified``: shown with the extractor's values) and named in
    the footnotes either way. ``out_dir`` defaults to the protocol's outputs folder.

    Raises:
        FormError: the protocol's extraction form cannot be read.
        StorageError: the database cannot be read or ``out_dir`` not written.
    """
    from reviewkit.storage.extraction import ExtractionStore

    settings = protocol.extraction
    form = load_form(protocol.form_path(review_dir))
    store = ExtractionStore(db, form=form, mode=settings.mode, reviewers=settings.reviewers)
    studies = store.extractions(unverified=include_unverified)
    pending = []
    if settings.mode == "single-verified":
        pending = [s.citation for s in store.statuses() if not s.verified]
    tables = build_tables(studies, form, unverified=pending, unverified_shown=include_unverified)
    target = out_dir if out_dir is not None else protocol.outputs_dir(review_dir)
    title = f"{protocol.review.title}: evidence tables"
    written = write_evidence_tables(
        tables.tables, provenance_table(tables.tables), target, title=title
    )
    return tables, written


def extraction_started(db: ReviewDatabase) -> bool:
    """Whether any extraction workbook was imported yet (before that, tables say nothing)."""
    from reviewkit.storage.extraction import ExtractionStore

    return bool(ExtractionStore(db).imports())
