"""The evidence tables as one Markdown document."""

from __future__ import annotations

from collections.abc import Sequence

from reviewkit.evidence.model import Cell, Table
from reviewkit.evidence_export.cells import cell_text

__all__ = ["format_markdown"]


def _md_cell(cell: Cell) -> str:
    # A pipe would end the cell and a newline the row.
    return cell_text(cell).replace("|", "\\|").replace("\n", "<br>")


def format_markdown(tables: Sequence[Table], *, title: str) -> str:
    """The tables as one Markdown document (GitHub tables, footnotes in italics)."""
    parts = [f"# {title}\n"]
    for number, table in enumerate(tables, start=1):
        parts.append(f"## Table {number}. {table.title}\n")
        parts.append("| " + " | ".join(_md_cell(c.label) for c in table.columns) + " |")
        parts.append("|" + "|".join(" --- " for _ in table.columns) + "|")
        parts.extend("| " + " | ".join(_md_cell(v) for v in row) + " |" for row in table.rows)
        parts.append(f"\n*{table.footnote}*\n")
    return "\n".join(parts)
