"""Write the evidence tables in every format, each file replaced atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from reviewkit.errors import StorageError
from reviewkit.evidence.model import Table
from reviewkit.evidence.provenance import latest_entry
from reviewkit.evidence_export.csv_format import format_csv
from reviewkit.evidence_export.docx_format import format_docx
from reviewkit.evidence_export.html_format import format_html
from reviewkit.evidence_export.markdown_format import format_markdown
from reviewkit.evidence_export.xlsx_format import format_xlsx

__all__ = ["OUTPUT_FILES", "write_evidence_tables"]

#: The files :func:`write_evidence_tables` writes (CSV: one per table).
OUTPUT_FILES = (
    "evidence_characteristics.csv",
    "evidence_outcomes.csv",
    "evidence_summary.csv",
    "evidence_provenance.csv",
    "evidence_tables.xlsx",
    "evidence_tables.docx",
    "evidence_tables.md",
    "evidence_tables.html",
)
# Used when no value has an entry time (no data yet): any fixed instant will do.
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _replace(target: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)  # mkstemp's 0600 would hide the tables from collaborators
        os.replace(temp, target)
    except OSError:
        Path(temp).unlink(missing_ok=True)
        raise


def write_evidence_tables(
    tables: Sequence[Table], provenance: Table, out_dir: Path, *, title: str
) -> tuple[Path, ...]:
    """Write ``tables`` (CSV each, plus XLSX, DOCX, Markdown, HTML) and the provenance CSV.

    Everything is rendered in memory first, so a failure leaves the previous
    files intact. The workbook also gets the provenance as its last sheet.
    Returns the paths written, in :data:`OUTPUT_FILES` order when given the
    three evidence tables.

    Raises:
        StorageError: ``out_dir`` could not be written.
    """
    stamp = latest_entry(tables) or _EPOCH
    files: dict[str, bytes] = {
        f"evidence_{t.key}.csv": format_csv(t).encode("utf-8") for t in (*tables, provenance)
    }
    files["evidence_tables.xlsx"] = format_xlsx([*tables, provenance], stamp=stamp)
    files["evidence_tables.docx"] = format_docx(tables, title=title, stamp=stamp)
    files["evidence_tables.md"] = format_markdown(tables, title=title).encode("utf-8")
    files["evidence_tables.html"] = format_html(tables, title=title).encode("utf-8")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            _replace(out_dir / name, content)
    except OSError as exc:
        raise StorageError(
            f"{out_dir}: cannot write the evidence tables: {exc.strerror or exc}"
        ) from exc
    return tuple(out_dir / name for name in files)
