"""Extracted values as table cells, and field labels with their units."""

from __future__ import annotations

from datetime import date

from reviewkit.evidence.model import Cell
from reviewkit.extraction.forms import Field

__all__ = ["field_label", "format_value", "with_unit"]

# The placeholder unit of fields measured in their outcome's unit: not worth printing.
_OUTCOME_UNIT = "outcome unit"


def format_value(value: object) -> Cell:
    """A coerced form value as a table cell: tuples joined by "; ", dates in ISO form."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def with_unit(field: Field, value: object) -> str:
    """A value as text followed by the field's unit (``"1.5 mm"``)."""
    cell = format_value(value)
    text = f"{cell:g}" if isinstance(cell, float) else str(cell)
    unit = field.unit if field.unit and field.unit != _OUTCOME_UNIT else ""
    return f"{text} {unit}" if unit else text


def field_label(field: Field) -> str:
    """A field's column label, its unit in brackets unless the label names it already."""
    unit = field.unit if field.unit and field.unit != _OUTCOME_UNIT else ""
    return f"{field.label} ({unit})" if unit and unit not in field.label else field.label
