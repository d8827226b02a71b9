"""``[schedule]``: when the refresh deployment runs (a cron line and a time zone). Pure."""

from __future__ import annotations

import re
import zoneinfo
from typing import Annotated

from pydantic import AfterValidator

from reviewkit.protocol.section import Section

__all__ = ["Schedule"]

# One cron field: numbers, names (MON, JAN), ranges, steps, lists and wildcards.
_CRON_FIELD = re.compile(r"^[0-9A-Za-z*?,/\-]+$")


def _check_cron(value: str) -> str:
    fields = value.split()
    if len(fields) != 5:
        raise ValueError(
            "expected 5 cron fields (minute hour day-of-month month day-of-week), "
            f"got {len(fields)} in {value!r}"
        )
    for name, part in zip(
        ("minute", "hour", "day-of-month", "month", "day-of-week"), fields, strict=True
    ):
        if not _CRON_FIELD.fullmatch(part):
            raise ValueError(f"cron {name} field {part!r} has characters cron does not allow")
    return " ".join(fields)


def _check_timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA time zone {value!r} (e.g. 'UTC', 'Europe/Paris')") from exc
    return value


class Schedule(Section):
    """``[schedule]``: when the refresh deployment runs."""

    cron: Annotated[str, AfterValidator(_check_cron)] = "0 3 * * 1"
    timezone: Annotated[str, AfterValidator(_check_timezone)] = "UTC"
