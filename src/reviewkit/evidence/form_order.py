"""What the extraction form says about the tables: its fields, outcome labels and orders."""

from __future__ import annotations

from reviewkit.extraction.forms import Field, Form, Repeat

__all__ = ["form_fields", "outcome_label", "outcome_rank", "timepoint_rank"]


def form_fields(form: Form, repeat: Repeat | None) -> tuple[Field, ...]:
    """The fields of every section of one kind (``None``: the study-level sections)."""
    return tuple(f for s in form.sections if s.repeat == repeat for f in s.fields)


def outcome_rank(form: Form, key: str) -> tuple[int, str]:
    """Sort key: outcomes in form order, unknown ones after them by key."""
    known = [o.key for o in form.outcomes]
    return (known.index(key) if key in known else len(known), key)


def timepoint_rank(form: Form, timepoint: str) -> tuple[int, str]:
    """Sort key: timepoints in form order, unknown ones after them by name."""
    known = list(form.timepoints)
    return (known.index(timepoint) if timepoint in known else len(known), timepoint)


def outcome_label(form: Form, key: str, *, unit: bool = False) -> str:
    """The outcome's label in the form (with its unit if asked), else its key."""
    found = next((o for o in form.outcomes if o.key == key), None)
    if found is None:
        return key
    return f"{found.label} ({found.unit})" if unit and found.unit else found.label
