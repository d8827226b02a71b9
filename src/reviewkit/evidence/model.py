"""The evidence table model: columns, cells, per-cell provenance and the three tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["Cell", "CellTrace", "Column", "EvidenceTables", "Keys", "Table"]

Cell = str | int | float | None
# The key columns of an extracted row, e.g. (("arm", "A"),), as (name, value) pairs.
Keys = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """A table column: a stable key (CSV header) and a human label."""

    key: str
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CellTrace:
    """Where one value in a table cell came from (a cell may have several)."""

    row: int  # 0-based index into Table.rows
    column: str
    field: str
    keys: Keys
    reviewer: str
    form_id: str
    form_version: int
    entered_at: datetime
    study_id: str
    record_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """One evidence table with a title, a footnote and per-cell provenance."""

    key: str
    title: str
    footnote: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    traces: tuple[CellTrace, ...] = ()

    def trace(self, row: int, column: str) -> tuple[CellTrace, ...]:
        """The sources of the cell at ``row`` (0-based) and ``column`` (its key)."""
        return tuple(t for t in self.traces if t.row == row and t.column == column)

    def records(self) -> list[dict[str, Cell]]:
        """The rows as ``{column key: value}`` dicts (e.g. for a Prefect table artifact)."""
        return [{c.key: v for c, v in zip(self.columns, row, strict=True)} for row in self.rows]


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceTables:
    """The three evidence tables of a review."""

    characteristics: Table
    outcomes: Table
    summary: Table

    @property
    def tables(self) -> tuple[Table, Table, Table]:
        """The tables in manuscript order."""
        return (self.characteristics, self.outcomes, self.summary)
