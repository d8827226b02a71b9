"""Check and convert what a reviewer entered for one field (pure, no I/O).

Raw values come from spreadsheet cells or stored entries: ``str``, ``int``,
``float``, ``bool``, ``date``/``datetime``, lists, or ``None``. ``problems`` says
in words what is wrong; ``coerce`` returns the typed value once there is nothing
wrong. Conditional fields need a *context*: the already coerced values of the
fields it may depend on (the same row, its parent rows and the study level).

Coerced types: text → ``str``; integer → ``int``; number_with_unit → ``float``
(in the field's unit); single_choice and yes_no_unclear → the canonical choice
``str``; multiple_choice → ``tuple[str, ...]`` in form order; date → ``date``;
empty → ``None``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from reviewkit.errors import ParseError
from reviewkit.extraction.forms import ConditionValue, Field

__all__ = ["YES_NO_UNCLEAR", "Value", "check_row", "coerce", "is_empty", "problems", "visible"]

Value = str | int | float | date | tuple[str, ...] | None
YES_NO_UNCLEAR: tuple[str, ...] = ("yes", "no", "unclear")
_SEPARATOR = re.compile(r"\s*;\s*")


def is_empty(raw: object) -> bool:
    """``None``, a blank string and an empty list all mean "not filled in"."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    return isinstance(raw, list | tuple) and not raw


def visible(field: Field, context: Mapping[str, object]) -> bool:
    """Whether ``field`` applies, given the coerced values it may depend on."""
    for key, wanted in (field.show_if or {}).items():
        options = wanted if isinstance(wanted, tuple) else (wanted,)
        if not any(_matches(context.get(key), option) for option in options):
            return False
    return True


def _matches(actual: object, option: ConditionValue) -> bool:
    # YAML 1.1 reads a bare ``yes`` as True; for a condition it means the choice "yes".
    if isinstance(option, bool):
        option = "yes" if option else "no"
    if isinstance(actual, tuple):
        return any(_matches(item, option) for item in actual)
    if isinstance(actual, str) and isinstance(option, str):
        return actual.strip().casefold() == option.strip().casefold()
    return actual == option and actual is not None


def _condition(field: Field) -> str:
    parts = []
    for key, wanted in (field.show_if or {}).items():
        options = wanted if isinstance(wanted, tuple) else (wanted,)
        shown = " or ".join(f"'{_show(o)}'" for o in options)
        parts.append(f"{key} is {shown}")
    return " and ".join(parts)


def _show(option: ConditionValue) -> str:
    if isinstance(option, bool):
        return "yes" if option else "no"
    return str(option)


def problems(
    field: Field, raw: object, *, context: Mapping[str, object] | None = None
) -> list[str]:
    """What is wrong with ``raw`` as a value of ``field`` (empty list: nothing).

    With a ``context``, a field whose ``show_if`` does not hold must be empty and
    is never required; without one, conditions are not checked.

    >>> from reviewkit.extraction.forms import Field
    >>> problems(Field(key="n", label="N", type="integer", minimum=1, maximum=2000), "12.5")
    ["expected a whole number between 1 and 2000, got '12.5'"]
    """
    if context is not None and not visible(field, context):
        if is_empty(raw):
            return []
        return [f"only applies when {_condition(field)}; leave it empty, got {_quote(raw)}"]
    if is_empty(raw):
        return ["required: enter a value"] if field.required else []
    try:
        _convert(field, raw)
    except _Bad as bad:
        return [str(bad)]
    return []


def coerce(field: Field, raw: object, *, context: Mapping[str, object] | None = None) -> Value:
    """The typed value of ``raw``; ``ParseError`` listing the problems if it has any."""
    found = problems(field, raw, context=context)
    if found:
        raise ParseError(f"{field.key}: {'; '.join(found)}")
    if is_empty(raw) or (context is not None and not visible(field, context)):
        return None
    return _convert(field, raw)


def check_row(
    fields: Sequence[Field],
    row: Mapping[str, object],
    *,
    context: Mapping[str, object] | None = None,
) -> tuple[dict[str, Value], dict[str, list[str]]]:
    """Coerce a row's fields in order; return ``(values, problems by key)``.

    Each coerced value joins the context, so a field may depend on an earlier one
    of the same row; ``context`` supplies the study-level and parent-row values.
    """
    seen: dict[str, object] = dict(context or {})
    values: dict[str, Value] = {}
    found: dict[str, list[str]] = {}
    for field in fields:
        raw = row.get(field.key)
        issues = problems(field, raw, context=seen)
        if issues:
            found[field.key] = issues
            continue
        values[field.key] = coerce(field, raw, context=seen)
        seen[field.key] = values[field.key]
    return values, found


class _Bad(ValueError):
    pass


def _quote(raw: object) -> str:
    if isinstance(raw, list | tuple):
        return "'" + "; ".join(str(item) for item in raw) + "'"
    return f"'{raw}'"


def _convert(field: Field, raw: object) -> Value:
    if field.type in ("text", "long_text"):
        return _text(field, raw)
    if field.type == "integer":
        return _integer(field, raw)
    if field.type == "number_with_unit":
        return _number(field, raw)
    if field.type == "single_choice":
        return _choice(field.choices, raw)
    if field.type == "yes_no_unclear":
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        return _choice(YES_NO_UNCLEAR, raw)
    if field.type == "multiple_choice":
        return _choices(field.choices, raw)
    return _date(raw)


def _text(field: Field, raw: object) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise _Bad(f"expected text, got {_quote(raw)}")
    text = raw.strip() if isinstance(raw, str) else _plain(raw)
    if field.max_length is not None and len(text) > field.max_length:
        raise _Bad(f"expected at most {field.max_length} characters, got {len(text)}")
    return text


def _plain(number: int | float) -> str:
    # A cell holding 2019 arrives as 2019.0 from some readers; it is still "2019".
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


def _range(field: Field) -> str:
    low, high = field.minimum, field.maximum
    if low is not None and high is not None:
        return f" between {low:g} and {high:g}"
    if low is not None:
        return f" of at least {low:g}"
    if high is not None:
        return f" of at most {high:g}"
    return ""


def _in_range(field: Field, number: float) -> bool:
    low, high = field.minimum, field.maximum
    return (low is None or number >= low) and (high is None or number <= high)


def _integer(field: Field, raw: object) -> int:
    expected = f"expected a whole number{_range(field)}, got {_quote(raw)}"
    number = _to_float(raw)
    if number is None or not number.is_integer() or not _in_range(field, number):
        raise _Bad(expected)
    return int(number)


def _number(field: Field, raw: object) -> float:
    unit = field.unit or ""
    expected = f"expected a number in {unit}{_range(field)}, got {_quote(raw)}"
    if isinstance(raw, str):
        text = raw.strip()
        if unit and text.casefold().endswith(unit.casefold()):
            text = text[: -len(unit)].strip()
        raw = text
    number = _to_float(raw)
    if number is None or not _in_range(field, number):
        raise _Bad(expected)
    return number


def _to_float(raw: object) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        number = float(raw)
    elif isinstance(raw, str):
        try:
            number = float(raw.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _choice(choices: Sequence[str], raw: object) -> str:
    if isinstance(raw, str):
        wanted = raw.strip().casefold()
        for choice in choices:
            if choice.casefold() == wanted:
                return choice
    allowed = ", ".join(f"'{c}'" for c in choices)
    raise _Bad(f"expected one of {allowed}, got {_quote(raw)}")


def _choices(choices: Sequence[str], raw: object) -> tuple[str, ...]:
    items = _SEPARATOR.split(raw.strip()) if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple):
        raise _Bad(f"expected choices separated by ';', got {_quote(raw)}")
    picked = {_choice(choices, item) for item in items if not is_empty(item)}
    return tuple(c for c in choices if c in picked)


def _date(raw: object) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise _Bad(f"expected a date as YYYY-MM-DD, got {_quote(raw)}")
