"""Table 2, outcomes: one row per outcome × timepoint × comparison, arm results side by side."""

from __future__ import annotations

from collections.abc import Sequence

from reviewkit.evidence.builder import TableBuilder
from reviewkit.evidence.cells import format_value
from reviewkit.evidence.citations import CITE_COLUMNS, cite_cells
from reviewkit.evidence.form_order import form_fields, outcome_label, outcome_rank, timepoint_rank
from reviewkit.evidence.model import Cell, Column, Table
from reviewkit.evidence.views import Merged, StudyView, reported
from reviewkit.extraction.forms import Field, Form

__all__ = ["comparisons", "outcomes_table"]

# The two arms of a comparison: the column key prefix and the label prefix.
_SIDES = (("int", "Int."), ("comp", "Comp."))
# One row: the study, outcome, timepoint, intervention arm and comparator arm (if any).
_Entry = tuple[StudyView, str, str, str, str | None]


def comparisons(view: StudyView, role: str, comparator: str) -> list[tuple[str, str | None]]:
    """The (intervention arm, comparator arm) pairs of a study, every active arm vs each control.

    Arms named only in results count as active. Without a comparator arm each
    active arm stands alone, and a study with no arms at all still gets ``("", None)``.
    """
    roles = {
        name: str(values[role].value) if role in values else ""
        for name, (_, values) in view.arms.items()
    }
    for _, _, arm in view.results:
        roles.setdefault(arm, "")
    controls = sorted(a for a, r in roles.items() if r == comparator)
    active = sorted(a for a, r in roles.items() if r != comparator)
    if not controls:
        # No comparator (or no arms at all): the outcome still gets its row.
        return [(a, None) for a in active] or [("", None)]
    return [(a, c) for a in active for c in controls]


def outcomes_table(views: Sequence[StudyView], form: Form, role: str, comparator: str) -> Table:
    """One row per outcome, timepoint and comparison, in form order, then study order.

    Args:
        views: The included studies, in table order.
        form: The form giving the fields, labels and orders.
        role: The arm field telling intervention arms from comparator arms.
        comparator: Its value for a comparator arm.
    """
    outcome_fields = [f for f in form_fields(form, "outcome") if f.type != "long_text"]
    result_fields = form_fields(form, "result")
    columns = [Column(key="outcome", label="Outcome"),
               Column(key="timepoint", label="Timepoint"),
               *(Column(key=k, label=label) for k, label in CITE_COLUMNS),
               Column(key="comparison", label="Comparison"),
               *(Column(key=f.key, label=f.label) for f in outcome_fields)]  # fmt: skip
    for side, title in _SIDES:
        columns += [
            Column(key=f"{side}_{f.key}", label=f"{title} {f.label}") for f in result_fields
        ]
    out = TableBuilder()
    for entry in _entries(views, form, role, comparator):
        _add_row(out, form, entry, outcome_fields, result_fields)
    return out.table(
        "outcomes", "Outcomes by timepoint and comparison",
        "One row per outcome, timepoint and comparison (each intervention arm against the "
        "comparator arm of the same study). Int.: intervention arm; Comp.: comparator arm; "
        "arm-level results as reported, in the outcome's unit.",
        columns, drop_empty=True,
    )  # fmt: skip


def _entries(views: Sequence[StudyView], form: Form, role: str, comparator: str) -> list[_Entry]:
    """Every row to write, sorted by outcome, timepoint, study, arm and comparator."""
    ranked = []
    for position, view in enumerate(views):
        for outcome, timepoint in reported(view):
            for arm, control in comparisons(view, role, comparator):
                rank = (
                    outcome_rank(form, outcome),
                    timepoint_rank(form, timepoint),
                    position,
                    arm,
                    control or "",
                )
                ranked.append((rank, (view, outcome, timepoint, arm, control)))
    return [entry for _, entry in sorted(ranked, key=lambda e: e[0])]


def _add_row(
    out: TableBuilder,
    form: Form,
    entry: _Entry,
    outcome_fields: Sequence[Field],
    result_fields: Sequence[Field],
) -> None:
    view, outcome, timepoint, arm, control = entry
    study = view.study
    cells: list[Cell] = [
        outcome_label(form, outcome, unit=True),
        timepoint or None,
        *cite_cells(study),
    ]
    cells.append(f"{arm} vs {control}" if control else arm or None)
    merged = view.outcomes.get((outcome, timepoint), ((), {}))
    cells += _values(out, view, merged, outcome_fields, prefix="")
    for (side, _), name in zip(_SIDES, (arm, control), strict=True):
        merged = view.results.get((outcome, timepoint, name or ""), ((), {}))
        cells += _values(out, view, merged, result_fields, prefix=f"{side}_")
    out.rows.append(tuple(cells))


def _values(
    out: TableBuilder, view: StudyView, merged: Merged, fields: Sequence[Field], *, prefix: str
) -> list[Cell]:
    """One cell per field of a merged row (``None`` where absent), each value traced."""
    keys, values = merged
    cells: list[Cell] = []
    for f in fields:
        if f.key in values:
            out.trace(view.study, f"{prefix}{f.key}", f.key, keys, values[f.key])
        cells.append(format_value(values[f.key].value) if f.key in values else None)
    return cells
