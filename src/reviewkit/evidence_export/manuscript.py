"""The outcomes table reshaped for reading on a page (the DOCX view).

The data formats keep a column per value; on a page seventeen narrow columns
break words, so the manuscript view folds each arm's results into one cell and
drops what stays empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reviewkit.evidence.model import Cell, Column, Table
from reviewkit.evidence_export.cells import cell_text

__all__ = ["arm_cell", "manuscript_outcomes", "manuscript_view"]

# Arm-level result fields the DOCX outcomes table folds into one cell per arm.
_ARM_SIDES = (("int", "Intervention arm"), ("comp", "Comparator arm"))
_ARM_KEYS = ("n", "mean", "sd", "events", "total", "median", "iqr_low", "iqr_high")
_FOOTNOTE = (
    "One row per outcome, timepoint and comparison (each intervention arm against the "
    "comparator arm of the same study). Arm results in the outcome's unit: "
    "mean ± SD, median [interquartile range] or events/total; n: participants "
    "analysed in the arm. Study identifiers: PMID (PubMed), or DOI where there is "
    "no PMID; Table 1 lists both. Empty cells: not reported or not extracted."
)


def _location(get: Mapping[str, str]) -> list[str]:
    """``mean ± SD`` and ``median [Q1–Q3]``, each only when reported."""
    parts: list[str] = []
    if "mean" in get:
        parts.append(get["mean"] + (f" ± {get['sd']}" if "sd" in get else ""))
    elif "sd" in get:
        parts.append(f"SD {get['sd']}")
    if "median" in get:
        iqr = [get[k] for k in ("iqr_low", "iqr_high") if k in get]
        parts.append(get["median"] + (f" [{'–'.join(iqr)}]" if len(iqr) == 2 else ""))
    return parts


def arm_cell(values: Mapping[str, Cell], labels: Mapping[str, str]) -> str | None:
    """One arm's results as a manuscript reads them.

    ``mean ± SD (n = N)``, ``median [Q1–Q3] (n = N)`` or ``events/total``; fields
    outside those patterns follow as ``Label value``.
    """
    get = {k: cell_text(v) for k, v in values.items() if v is not None}
    n = f"n = {get['n']}" if "n" in get else ""
    parts = _location(get)
    if n and parts:
        parts[-1] += f" ({n})"
    if "events" in get:
        # The denominator is the reported total, else the number analysed in the arm.
        total = get.get("total") or get.get("n")
        parts.append(get["events"] + (f"/{total}" if total else " events"))
    elif "total" in get:
        parts.append(f"total {get['total']}")
    if n and not any(f"({n})" in p or "/" in p for p in parts):
        parts.append(n)
    parts += [f"{labels[k]} {v}" for k, v in get.items() if k not in _ARM_KEYS]
    return "; ".join(parts) or None


def _study_cell(row: Sequence[Cell], index: Mapping[str, int]) -> Cell:
    """The study label over its identifier on a second line."""
    # PMID identifies the record; the DOI only when there is no PMID (Table 1 lists both).
    pmid = row[index["pmid"]] if "pmid" in index else None
    doi = row[index["doi"]] if "doi" in index else None
    ident = f"PMID {cell_text(pmid)}" if pmid else f"doi:{cell_text(doi)}" if doi else ""
    return "\n".join(t for t in (cell_text(row[index["study"]]), ident) if t) or None


def manuscript_outcomes(table: Table) -> Table:
    """The outcomes table reshaped for reading: one cell per arm, identifiers in the study cell."""
    index = {c.key: i for i, c in enumerate(table.columns)}
    arm_cols = {
        side: {c.key[len(side) + 1 :]: c for c in table.columns if c.key.startswith(f"{side}_")}
        for side, _ in _ARM_SIDES
    }
    prefixes = tuple(f"{side}_" for side, _ in _ARM_SIDES)
    plain = [
        c for c in table.columns if c.key not in ("pmid", "doi") and not c.key.startswith(prefixes)
    ]
    columns = [*plain, *(Column(key=side, label=label) for side, label in _ARM_SIDES)]
    rows: list[tuple[Cell, ...]] = []
    for row in table.rows:
        cells: list[Cell] = [
            _study_cell(row, index) if c.key == "study" else row[index[c.key]] for c in plain
        ]
        for side, _ in _ARM_SIDES:
            fields = arm_cols[side]
            values = {k: row[index[c.key]] for k, c in fields.items()}
            labels = {k: c.label.split(" ", 1)[-1] for k, c in fields.items()}
            cells.append(arm_cell(values, labels))
        rows.append(tuple(cells))
    keep = [i for i in range(len(columns)) if any(r[i] is not None for r in rows) or not rows]
    return Table(
        key=table.key,
        title=table.title,
        footnote=_FOOTNOTE,
        columns=tuple(columns[i] for i in keep),
        rows=tuple(tuple(r[i] for i in keep) for r in rows),
        traces=table.traces,
    )


def manuscript_view(table: Table) -> Table:
    """The table as the DOCX shows it (only the outcomes table is reshaped)."""
    sides = {c.key.split("_", 1)[0] for c in table.columns if "_" in c.key}
    if table.key == "outcomes" and sides & {side for side, _ in _ARM_SIDES}:
        return manuscript_outcomes(table)
    return table
