"""``[search]``: the PubMed query and the date limits of each refresh.

Dates are kept in the text form E-utilities accept for ``mindate`` and
``maxdate`` (``YYYY``, ``YYYY/MM``, ``YYYY/MM/DD``; NBK25499), whatever form
the TOML gave them in. Pure.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from reviewkit.protocol.section import Section, Text

__all__ = ["NcbiDate", "PubmedSearch", "Search"]

# E-utilities accept YYYY, YYYY/MM and YYYY/MM/DD for mindate/maxdate (NBK25499).
_NCBI_DATE = re.compile(r"^(\d{4})(?:/(\d{2})(?:/(\d{2}))?)?$")


def _date_to_ncbi(value: object) -> object:
    # TOML users naturally write `mindate = 1990` or `mindate = 2020-01-31`;
    # both are turned into the text form NCBI expects.
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.strftime("%Y/%m/%d")
    return value


def _bounds(value: str) -> tuple[date, date]:
    """First and last day covered by an NCBI date such as ``2020`` or ``2020/02``."""
    match = _NCBI_DATE.fullmatch(value)
    if match is None:
        raise ValueError(f"expected a date as YYYY, YYYY/MM or YYYY/MM/DD, got {value!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # the pattern always captures the year
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            return date(year, month, 1), date.fromordinal(nxt.toordinal() - 1)
        exact = date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a calendar date ({exc})") from exc
    return exact, exact


def _check_ncbi_date(value: str) -> str:
    _bounds(value)
    return value


#: A date as E-utilities take it; TOML integers and dates are converted.
NcbiDate = Annotated[str, BeforeValidator(_date_to_ncbi), AfterValidator(_check_ncbi_date)]


class PubmedSearch(Section):
    """``[search.pubmed]``: the PubMed query and the limits of each refresh."""

    query: Text
    datetype: Literal["pdat", "edat", "mdat"] = "pdat"
    mindate: NcbiDate
    maxdate: NcbiDate | None = None
    batch_size: int = Field(default=500, ge=50, le=10_000)
    overlap_days: int = Field(default=7, ge=0)
    incremental_datetype: Literal["mdat", "edat"] = "mdat"

    @model_validator(mode="after")
    def _dates_in_order(self) -> PubmedSearch:
        if self.maxdate is not None and _bounds(self.mindate)[0] > _bounds(self.maxdate)[1]:
            raise ValueError(f"mindate {self.mindate!r} is after maxdate {self.maxdate!r}")
        return self

    def date_range(self, *, today: date) -> tuple[str, str]:
        """Return ``(mindate, maxdate)`` for ESearch; an unset maxdate becomes ``today``.

        >>> PubmedSearch(query="x", mindate="1990").date_range(today=date(2025, 3, 1))
        ('1990', '2025/03/01')
        """
        return self.mindate, self.maxdate or today.strftime("%Y/%m/%d")


class Search(Section):
    """``[search]``: one table per source (only PubMed so far)."""

    pubmed: PubmedSearch
