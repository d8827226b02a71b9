"""Table 1, characteristics of included studies: one row per study."""

from __future__ import annotations

from collections.abc import Sequence

from reviewkit.evidence.builder import TableBuilder
from reviewkit.evidence.cells import field_label, format_value, with_unit
from reviewkit.evidence.citations import CITE_COLUMNS, cite_cells
from reviewkit.evidence.form_order import form_fields, outcome_label, outcome_rank
from reviewkit.evidence.model import Cell, Column, Table
from reviewkit.evidence.views import StudyView, reported
from reviewkit.extraction.forms import Field, Form

__all__ = ["characteristics_table"]


def characteristics_table(views: Sequence[StudyView], form: Form, role: str) -> Table:
    """One row per study: citation, study-level fields, arms and the outcomes reported.

    Args:
        views: The included studies, in table order.
        form: The form giving the fields, labels and outcome order.
        role: The arm field telling intervention arms from comparator arms.
    """
    # Long free text (support for judgements, notes) would swamp a manuscript table.
    study_fields = [f for f in form_fields(form, None) if f.type != "long_text"]
    arm_fields = form_fields(form, "arm")
    columns = [Column(key=k, label=label) for k, label in CITE_COLUMNS]
    columns += [Column(key=f.key, label=field_label(f)) for f in study_fields]
    columns += [Column(key="arms", label="Arms"), Column(key="outcomes", label="Outcomes")]
    out = TableBuilder()
    for view in views:
        study = view.study
        cells: list[Cell] = [*cite_cells(study)]
        for f in study_fields:
            value = study.fields.get(f.key)
            if value is not None:
                out.trace(study, f.key, f.key, (), value)
            cells.append(None if value is None else format_value(value.value))
        cells.append(_arms(view, arm_fields, role, out))
        keys_reported = sorted({o for o, _ in reported(view)}, key=lambda k: outcome_rank(form, k))
        cells.append("; ".join(outcome_label(form, k) for k in keys_reported) or None)
        out.rows.append(tuple(cells))
    return out.table(
        "characteristics", "Characteristics of included studies",
        f"Extraction form {form.id}, version {form.version}. Empty cells: not reported or "
        "not extracted. PMID: PubMed identifier; DOI: digital object identifier.",
        columns, drop_empty=True,
    )  # fmt: skip


def _arms(view: StudyView, arm_fields: Sequence[Field], role: str, out: TableBuilder) -> Cell:
    """The arms cell: a line per arm, ``name (role): field value, ...``."""
    arms = []
    for name, (keys, values) in sorted(view.arms.items()):
        parts = []
        for f in arm_fields:
            if f.key in values:
                out.trace(view.study, "arms", f.key, keys, values[f.key])
                if f.key != role:
                    parts.append(f"{f.label.lower()} {with_unit(f, values[f.key].value)}")
        kind = f" ({values[role].value})" if role in values else ""
        arms.append(f"{name}{kind}: {', '.join(parts)}" if parts else f"{name}{kind}")
    return "\n".join(arms) or None
