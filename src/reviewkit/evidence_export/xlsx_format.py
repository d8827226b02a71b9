"""The evidence tables as one XLSX workbook."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reviewkit.evidence.model import Table
from reviewkit.evidence_export.cells import column_width
from reviewkit.evidence_export.stable_zip import stable_zip

__all__ = ["format_xlsx"]


def format_xlsx(tables: Sequence[Table], *, stamp: datetime) -> bytes:
    """The tables as one workbook, a sheet per table (labels as a bold, frozen header)."""
    book = Workbook()
    book.remove(book.worksheets[0])
    header_fill = PatternFill("solid", fgColor="E8EEF4")
    wrap = Alignment(wrap_text=True, vertical="top")
    for table in tables:
        sheet = book.create_sheet(table.key[:31])
        sheet.append([c.label for c in table.columns])
        for row in table.rows:
            sheet.append(list(row))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = wrap
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                cell.alignment = wrap
        for index in range(len(table.columns)):
            sheet.column_dimensions[get_column_letter(index + 1)].width = column_width(table, index)
        sheet.freeze_panes = "A2"
        note = sheet.cell(len(table.rows) + 3, 1, table.footnote)
        note.font = Font(italic=True)
    book.properties.creator = "reviewkit"
    out = io.BytesIO()
    book.save(out)
    return stable_zip(out.getvalue(), stamp)
