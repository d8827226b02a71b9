"""The public names of reviewkit.evidence, unchanged by its split into modules."""

from __future__ import annotations

import reviewkit.evidence as evidence
from reviewkit.evidence import model, provenance, tables

BEFORE_SPLIT = {
    "Cell", "CellTrace", "Column", "EvidenceTables", "Table", "build_tables", "format_value",
    "study_label", "unverified_note",
}  # fmt: skip


def test_the_package_exports_every_name_it_had_and_the_defining_objects():
    assert set(evidence.__all__) >= BEFORE_SPLIT
    assert all(hasattr(evidence, name) for name in evidence.__all__)
    assert evidence.Table is model.Table
    assert evidence.build_tables is tables.build_tables
    assert evidence.provenance_table is provenance.provenance_table
