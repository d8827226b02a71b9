"""Table cells as text, and column widths measured from that text."""

from __future__ import annotations

from reviewkit.evidence.model import Cell, Table

__all__ = ["cell_text", "column_width"]


def cell_text(cell: Cell) -> str:
    """A cell as text: empty for ``None``, floats to 10 significant digits."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return f"{cell:.10g}"
    return str(cell)


def column_width(table: Table, index: int) -> float:
    """A column width in characters: room for the longest line, capped so long text wraps.

    The header may wrap between words but never inside one.
    """
    lines = [line for r in table.rows for line in cell_text(r[index]).split("\n")]
    longest = min(max((len(line) for line in lines), default=0), 45)
    word = max(len(w) for w in table.columns[index].label.split() or [""])
    return float(max(longest, word, 4) + 2)
