"""Collects the rows and cell traces of one table while it is built."""

from __future__ import annotations

from collections.abc import Sequence

from reviewkit.evidence.citations import CITE_KEYS
from reviewkit.evidence.model import Cell, CellTrace, Column, Keys, Table
from reviewkit.extraction.data import ExtractedValue, StudyExtraction

__all__ = ["TableBuilder"]


class TableBuilder:
    """Collects rows and traces of one table; a trace points at the row being built."""

    def __init__(self) -> None:
        self.rows: list[tuple[Cell, ...]] = []
        self.traces: list[CellTrace] = []

    def trace(
        self, study: StudyExtraction, column: str, field: str, keys: Keys, value: ExtractedValue
    ) -> None:
        """Record that ``value`` (field ``field`` of row ``keys``) feeds the next row's cell."""
        p = value.provenance
        self.traces.append(
            CellTrace(
                row=len(self.rows), column=column, field=field, keys=keys, reviewer=p.reviewer,
                form_id=p.form_id, form_version=p.form_version, entered_at=p.entered_at,
                study_id=study.citation.study_id, record_ids=study.citation.record_ids,
            )
        )  # fmt: skip

    def table(
        self, key: str, title: str, footnote: str, columns: Sequence[Column], *, drop_empty: bool
    ) -> Table:
        """The finished table; ``drop_empty`` leaves out columns nobody reported."""
        # Columns nobody reported are dropped; with no rows at all the full shape stays.
        drop = drop_empty and bool(self.rows)
        keep = [
            i
            for i, c in enumerate(columns)
            if not drop or c.key in CITE_KEYS or any(r[i] is not None for r in self.rows)
        ]
        kept = tuple(columns[i] for i in keep)
        names = {c.key for c in kept}
        return Table(
            key=key, title=title, footnote=footnote, columns=kept,
            rows=tuple(tuple(r[i] for i in keep) for r in self.rows),
            traces=tuple(t for t in self.traces if t.column in names),
        )  # fmt: skip
