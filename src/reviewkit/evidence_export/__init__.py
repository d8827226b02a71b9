"""Write the evidence tables as CSV, XLSX, DOCX, Markdown and HTML.

Everything is rendered in memory by ``format_*`` functions, then each file is
replaced atomically, so a failure leaves the previous files intact. Rebuilding
from unchanged data gives byte-identical files: XLSX and DOCX are zip packages
whose entry dates and document properties would otherwise record the clock, so
both are stamped with the newest entry time behind the data instead.

The modules, by concept: one per format (``csv_format``, ``xlsx_format``,
``docx_format``, ``markdown_format``, ``html_format``), ``manuscript`` (the
outcomes table as the DOCX shows it), ``cells`` (cell text and column widths),
``stable_zip`` (reproducible zip packages), ``files`` (writing every format)
and ``review`` (the tables of a stored review).
"""

from __future__ import annotations

from reviewkit.evidence.provenance import latest_entry, provenance_table
from reviewkit.evidence_export.csv_format import format_csv
from reviewkit.evidence_export.docx_format import format_docx
from reviewkit.evidence_export.files import OUTPUT_FILES, write_evidence_tables
from reviewkit.evidence_export.html_format import format_html
from reviewkit.evidence_export.markdown_format import format_markdown
from reviewkit.evidence_export.review import extraction_started, write_review_tables
from reviewkit.evidence_export.xlsx_format import format_xlsx

__all__ = [
    "OUTPUT_FILES",
    "extraction_started",
    "format_csv",
    "format_docx",
    "format_html",
    "format_markdown",
    "format_xlsx",
    "latest_entry",
    "provenance_table",
    "write_evidence_tables",
    "write_review_tables",
]
