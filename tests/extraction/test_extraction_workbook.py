"""Workbook layout: keys and labels, locked citations, drop-downs, hidden metadata."""

from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook

from reviewkit.extraction.data import StudyCitation
from reviewkit.extraction.forms import load_form
from reviewkit.extraction.workbook import read_workbook, write_workbook

FORM = load_form(Path(__file__).resolve().parents[2] / "extraction_forms"
                 / "microneedling_hair_loss.yaml")  # fmt: skip
CITE = StudyCitation(study_id="c:1", first_author="Dhurat", year=2013, title="Trial",
                     pmid="23960389", doi="10.1/x", record_ids=("pubmed:23960389",))  # fmt: skip


def test_layout_and_round_trip(tmp_path):
    path = tmp_path / "w.xlsx"
    write_workbook(path, FORM, [CITE], review_id="r", reviewer="ann",
                   now=datetime(2026, 1, 1, tzinfo=UTC),
                   rows={"": [{"study_id": "c:1", "n_randomised": 40}]})  # fmt: skip
    book = load_workbook(path)
    assert book.sheetnames[:2] == ["instructions", "_lists"] or "instructions" in book.sheetnames
    ws = book["study-level"]
    keys = [c.value for c in ws[1]]
    assert keys[:4] == ["study_id", "citation", "pmid", "doi"]
    assert "design" in keys
    assert ws.cell(2, keys.index("n_randomised") + 1).value == "N randomised *"
    assert ws.cell(3, 2).value == "Dhurat 2013. Trial"
    assert ws.protection.sheet
    assert ws.cell(3, 2).protection.locked
    assert not ws.cell(3, 5).protection.locked
    assert ws.data_validations.dataValidation  # drop-downs and number checks
    assert book["_meta"].sheet_state == "hidden"
    assert {g.key for g in FORM.groups} <= set(book.sheetnames)
    raw = read_workbook(path)
    assert raw.problems == ()
    assert raw.meta.reviewer == "ann"
    [row] = [r for r in raw.rows if r.section == ""]
    assert row.values["n_randomised"] == 40
    assert row.refs["study_id"] == "study-level!A3"
