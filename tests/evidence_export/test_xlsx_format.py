"""Tests for reviewkit.evidence_export.xlsx_format: the workbook."""

from __future__ import annotations

import zipfile
from datetime import datetime

import openpyxl

from tests.evidence_export.evidence_export_support import write


def test_xlsx_opens_with_frozen_formatted_header(tables, tmp_path):
    write(tables, tmp_path)
    book = openpyxl.load_workbook(tmp_path / "evidence_tables.xlsx")
    assert book.sheetnames == ["characteristics", "outcomes", "summary", "provenance"]
    sheet = book["outcomes"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Outcome"
    assert sheet["A1"].font.b
    assert sheet["A2"].alignment.wrap_text
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("Int. Mean") + 1).value == 91.4  # a number, not text
    assert sheet.column_dimensions["A"].width >= 8
    assert book.properties.modified == datetime(2026, 3, 1, 12, 0)
    with zipfile.ZipFile(tmp_path / "evidence_tables.xlsx") as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
