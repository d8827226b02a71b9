"""Tests for reviewkit.evidence_export.docx_format: the Word document."""

from __future__ import annotations

from datetime import UTC, datetime

import docx

from tests.evidence_export.evidence_export_support import TITLE, write


def test_docx_opens_with_titles_tables_and_footnotes(tables, tmp_path):
    write(tables, tmp_path)
    document = docx.Document(str(tmp_path / "evidence_tables.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == TITLE
    assert "Table 2. Outcomes by timepoint and comparison" in texts
    assert any(t.startswith("One row per outcome") for t in texts)
    assert len(document.tables) == 3
    outcomes = document.tables[1]
    assert outcomes.rows[0].cells[0].text == "Outcome"
    assert outcomes.rows[1].cells[2].text.startswith("Doe 2013\n")  # then its PMID
    assert document.core_properties.modified == datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
