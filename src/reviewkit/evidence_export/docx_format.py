"""The evidence tables as a landscape Word document (python-docx)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reviewkit.evidence.model import Table
from reviewkit.evidence_export.cells import cell_text, column_width
from reviewkit.evidence_export.manuscript import manuscript_view
from reviewkit.evidence_export.stable_zip import stable_zip

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.shared import Length
    from docx.table import Table as Grid
    from docx.table import _Row

__all__ = ["format_docx"]

# A4 landscape with 1.5 cm margins.
_PAGE_WIDTH, _PAGE_HEIGHT, _MARGIN = 29.7, 21.0, 1.5


def _repeat_header(row: _Row) -> None:
    """Mark a table's first row to repeat at the top of every page it spans."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _fit(chars: Sequence[float], usable: int) -> list[int]:
    """Column widths (EMU) sharing the page in proportion to content, long text capped."""
    weights = [min(c, 24.0) + 4 for c in chars]  # + 4: the cell padding, in characters
    return [int(usable * w / sum(weights)) for w in weights]


def _landscape(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(_PAGE_WIDTH), Cm(_PAGE_HEIGHT)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(_MARGIN))


def _size(grid: Grid, widths: Sequence[int], size: Length) -> None:
    """Set every cell's width and font size, and the grid's column widths."""
    for line in grid.rows:
        for cell, width in zip(line.cells, widths, strict=True):
            cell.width = width  # Word reads cell widths, LibreOffice the grid
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = size
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width


def _add_table(document: DocumentObject, number: int, table: Table, usable: int) -> None:
    """A numbered bold title, the table with a repeating header row, then the footnote."""
    document.add_paragraph().add_run(f"Table {number}. {table.title}").bold = True
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.autofit = False
    size = Pt(8 if len(table.columns) <= 12 else 7)  # wide tables still fit the page
    widths = _fit([column_width(table, i) for i in range(len(table.columns))], usable)
    for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(column.label).bold = True
    _repeat_header(grid.rows[0])
    for row in table.rows:
        for cell, value in zip(grid.add_row().cells, row, strict=True):
            cell.text = cell_text(value)
    _size(grid, widths, size)
    note = document.add_paragraph().add_run(table.footnote)
    note.italic, note.font.size = True, Pt(8)


def format_docx(tables: Sequence[Table], *, title: str, stamp: datetime) -> bytes:
    """The tables as a landscape Word document: a numbered title, the table, a footnote each."""
    document = Document()
    _landscape(document)
    document.add_heading(title, level=1)
    usable = Cm(_PAGE_WIDTH - 2 * _MARGIN)  # A4 landscape inside the margins
    for number, table in enumerate(map(manuscript_view, tables), start=1):
        _add_table(document, number, table, usable)
    props = document.core_properties
    props.author = props.last_modified_by = "reviewkit"
    props.title = title
    props.revision = 1
    props.created = props.modified = stamp
    out = io.BytesIO()
    document.save(out)
    return stable_zip(out.getvalue(), stamp)
