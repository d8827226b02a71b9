"""Provenance across the tables: every traced value as a row, and the newest entry time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from reviewkit.evidence.model import Column, Table

__all__ = ["latest_entry", "provenance_table"]

_COLUMNS = tuple(
    Column(key=k, label=label)
    for k, label in (
        ("table", "Table"), ("row", "Row"), ("column", "Column"), ("study_id", "Study id"),
        ("field", "Field"), ("row_keys", "Row keys"), ("reviewer", "Reviewer"),
        ("form_id", "Form"), ("form_version", "Form version"),
        ("entered_at", "Entered at"), ("record_ids", "Records"),
    )
)  # fmt: skip


def latest_entry(tables: Iterable[Table]) -> datetime | None:
    """The newest entry time behind any cell (a stable stand-in for "last changed")."""
    return max((t.entered_at for table in tables for t in table.traces), default=None)


def provenance_table(tables: Iterable[Table]) -> Table:
    """One row per traced value: table, row, column → study, reviewer, form version, records."""
    rows = tuple(
        (
            table.key,
            t.row + 1,
            t.column,
            t.study_id,
            t.field,
            "; ".join(f"{k}={v}" for k, v in t.keys) or None,
            t.reviewer,
            t.form_id,
            t.form_version,
            t.entered_at.isoformat(),
            " ".join(t.record_ids) or None,
        )
        for table in tables
        for t in table.traces
    )
    return Table(
        key="provenance", title="Provenance of every value in the evidence tables",
        footnote="Row numbers count data rows from 1; reviewer 'consensus' marks agreed values.",
        columns=_COLUMNS, rows=rows,
    )  # fmt: skip
