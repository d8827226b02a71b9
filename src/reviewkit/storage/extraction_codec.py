"""Extracted values and row keys as the extraction tables hold them (JSON).

Shared by the entry and verification modules of the extraction store: a coerced
value may be a date or a tuple, which JSON columns cannot hold as such, so
dates are tagged and tuples stored as lists. Pure: values in, values out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

__all__ = ["decode", "decode_keys", "encode"]


def encode(value: object) -> Any:
    """A coerced value as JSON (dates tagged, tuples as lists).

    >>> encode((date(2020, 1, 2), "PRP"))
    [{'date': '2020-01-02'}, 'PRP']
    """
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    return value


def decode(value: Any) -> object:
    """The inverse of :func:`encode`.

    >>> decode([{"date": "2020-01-02"}, "PRP"])
    (datetime.date(2020, 1, 2), 'PRP')
    """
    if isinstance(value, dict) and "date" in value:
        return date.fromisoformat(value["date"])
    if isinstance(value, list):
        return tuple(decode(v) for v in value)
    return value


def decode_keys(raw: Any) -> tuple[tuple[str, str], ...]:
    """A row's keys (stored as a list of ``[name, value]`` pairs) as a tuple of pairs.

    >>> decode_keys([["arm", "A"]])
    (('arm', 'A'),)
    """
    return tuple((str(k), str(v)) for k, v in raw)
