"""The public names of reviewkit.evidence_export, unchanged by its split into modules."""

from __future__ import annotations

import reviewkit.evidence_export as export
from reviewkit.evidence import provenance
from reviewkit.evidence_export import docx_format, review

BEFORE_SPLIT = {
    "OUTPUT_FILES", "extraction_started", "format_csv", "format_docx", "format_html",
    "format_markdown", "format_xlsx", "latest_entry", "provenance_table",
    "write_evidence_tables", "write_review_tables",
}  # fmt: skip


def test_the_package_exports_every_name_it_had_and_the_defining_objects():
    assert set(export.__all__) == BEFORE_SPLIT
    assert all(hasattr(export, name) for name in export.__all__)
    assert export.format_docx is docx_format.format_docx
    assert export.write_review_tables is review.write_review_tables
    assert export.latest_entry is provenance.latest_entry
