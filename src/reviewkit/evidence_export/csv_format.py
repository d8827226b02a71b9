"""One evidence table as CSV."""

from __future__ import annotations

import csv
import io

from reviewkit.evidence.model import Table
from reviewkit.evidence_export.cells import cell_text

__all__ = ["format_csv"]


def format_csv(table: Table) -> str:
    """One table as CSV: column keys as the header, then the rows (UTF-8, ``\\r\\n``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.key for c in table.columns])
    writer.writerows([cell_text(v) for v in row] for row in table.rows)
    return out.getvalue()
