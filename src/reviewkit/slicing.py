"""Search planning past PubMed's 9,999-record ESearch cap, by slicing the date range.

PubMed's ESearch returns at most 9,999 IDs per query (``eutilities.md`` §5). When a
query has more hits, :func:`plan_search` splits the date range into slices of at
most ``cap`` hits each, running every slice with ``usehistory=y`` in one shared
WebEnv so all slices' ``query_key``\\ s can be fetched from the same environment.
It then checks that the slices add up to the whole: records with partial or
double (print and online) dates can fall between slices or into two of them.

The date arithmetic (:func:`split_dates`, :func:`format_ncbi_date`) is pure; the
planner talks to NCBI only through the client passed in.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from reviewkit.errors import IncompleteRetrieval, QueryRejected
from reviewkit.eutils_responses import SOURCE, SearchResult

__all__ = [
    "ESEARCH_CAP",
    "SearchClient",
    "SearchPlan",
    "Slice",
    "format_ncbi_date",
    "plan_search",
    "split_dates",
]

log = logging.getLogger(__name__)

ESEARCH_CAP = 9_999
# Aim each new slice at this share of the cap, so a slice that is somewhat denser
# than the average does not overflow and need splitting again.
_FILL = 0.8


class SearchClient(Protocol):
    """The part of :class:`~reviewkit.eutils.EUtilsClient` the planner needs."""

    def esearch(
        self,
        term: str,
        *,
        retstart: int = 0,
        retmax: int = 20,
        usehistory: bool = True,
        webenv: str | None = None,
        datetype: str | None = None,
        mindate: str | None = None,
        maxdate: str | None = None,
        count_only: bool = False,
        sort: str | None = None,
    ) -> SearchResult:
        """Run one ESearch."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Slice:
    """One date slice of a search: its inclusive dates, hits and history key."""

    mindate: date
    maxdate: date
    count: int
    ids: tuple[str, ...]
    query_key: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchPlan:
    """A whole search as slices that each fit under the cap, sharing one WebEnv."""

    term: str
    query_translation: str | None
    total_count: int
    slices: tuple[Slice, ...]
    webenv: str | None
    warnings: tuple[str, ...] = ()  # NCBI ErrorList/WarningList entries, e.g. "PhraseNotFound: x"

    @property
    def ids(self) -> tuple[str, ...]:
        """All PMIDs, slice by slice."""
        return tuple(pmid for part in self.slices for pmid in part.ids)


def format_ncbi_date(day: date) -> str:
    """Write a date as ESearch's ``mindate``/``maxdate`` expect.

    >>> format_ncbi_date(date(2024, 2, 9))
    '2024/02/09'
    """
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def split_dates(mindate: date, maxdate: date, parts: int) -> tuple[tuple[date, date], ...]:
    """Split an inclusive day range into up to ``parts`` adjacent, non-overlapping ranges.

    Ranges differ in length by at most one day; a range shorter than ``parts``
    days gives one range per day.

    >>> [(str(lo), str(hi)) for lo, hi in split_dates(date(2020, 1, 1), date(2020, 1, 10), 2)]
    [('2020-01-01', '2020-01-05'), ('2020-01-06', '2020-01-10')]
    >>> len(split_dates(date(2020, 1, 1), date(2020, 1, 3), 5))
    3

    Raises:
        QueryRejected: ``mindate`` is after ``maxdate`` or ``parts`` < 1.
    """
    if mindate > maxdate or parts < 1:
        raise QueryRejected(SOURCE, f"cannot split {mindate}..{maxdate} into {parts} date slices")
    days = (maxdate - mindate).days + 1
    parts = min(parts, days)
    starts = [mindate + timedelta(days=i * days // parts) for i in range(parts)]
    ends = [start - timedelta(days=1) for start in starts[1:]] + [maxdate]
    return tuple(zip(starts, ends, strict=True))


def plan_search(
    client: SearchClient,
    term: str,
    *,
    datetype: str = "pdat",
    mindate: date,
    maxdate: date,
    cap: int = ESEARCH_CAP,
) -> SearchPlan:
    """Search ``term`` between two dates (inclusive), slicing the range when over ``cap``.

    First a count; if it is at most ``cap``, one ``usehistory=y`` search returns
    every ID. Otherwise the range is split in proportion to its count and each
    part searched in one shared WebEnv; a part still over the cap is split again.

    Raises:
        QueryRejected: a single day holds more than ``cap`` hits (no date slice can
            help: narrow the query), or the dates are out of order.
        IncompleteRetrieval: the slices do not add up to the total count, hold
            duplicates, or a search returned fewer IDs than its count.
    """
    if mindate > maxdate:
        raise QueryRejected(SOURCE, f"{term!r}: mindate {mindate} is after maxdate {maxdate}")
    total = client.esearch(
        term,
        datetype=datetype,
        mindate=format_ncbi_date(mindate),
        maxdate=format_ncbi_date(maxdate),
        count_only=True,
        usehistory=False,
    )
    planner = _Planner(client, term, datetype=datetype, cap=cap)
    planner.note(total)
    if total.count <= cap:
        planner.search(mindate, maxdate, expected=total.count)
    else:
        log.info(
            "%r: %d hits over the cap of %d; slicing %s..%s by %s",
            term,
            total.count,
            cap,
            mindate,
            maxdate,
            datetype,
        )
        planner.split(mindate, maxdate, total.count)
    plan = SearchPlan(
        term=term,
        query_translation=total.query_translation or planner.translation,
        total_count=total.count,
        slices=tuple(planner.slices),
        webenv=planner.webenv,
        warnings=tuple(planner.warnings),
    )
    _check(plan, datetype=datetype, mindate=mindate, maxdate=maxdate)
    return plan


class _Planner:
    """The recursive part of :func:`plan_search`; holds the shared WebEnv."""

    def __init__(self, client: SearchClient, term: str, *, datetype: str, cap: int) -> None:
        self.client, self.term, self.datetype, self.cap = client, term, datetype, cap
        self.webenv: str | None = None
        self.translation: str | None = None
        self.slices: list[Slice] = []
        self.warnings: list[str] = []

    def note(self, result: SearchResult) -> None:
        for message in (*result.errors, *result.warnings):
            text = str(message)
            # The cap warning on an over-full slice is expected: that slice is split.
            if text not in self.warnings and "Restrictions achieved" not in text:
                self.warnings.append(text)

    def search(self, lo: date, hi: date, *, expected: int | None = None) -> None:
        result = self.client.esearch(
            self.term,
            retmax=self.cap,
            usehistory=True,
            webenv=self.webenv,
            datetype=self.datetype,
            mindate=format_ncbi_date(lo),
            maxdate=format_ncbi_date(hi),
        )
        self.webenv = result.webenv or self.webenv
        self.translation = self.translation or result.query_translation
        if result.count > self.cap:
            if expected is not None:
                log.info("%s..%s grew from %d to %d hits; slicing", lo, hi, expected, result.count)
            self.split(lo, hi, result.count)
            return
        self.note(result)
        if len(result.ids) != result.count:
            raise IncompleteRetrieval(
                SOURCE,
                f"{self.term!r} {self.datetype} {lo}..{hi}: ESearch counted "
                f"{result.count} records but returned {len(result.ids)} IDs",
            )
        self.slices.append(
            Slice(
                mindate=lo,
                maxdate=hi,
                count=result.count,
                ids=result.ids,
                query_key=result.query_key,
            )
        )

    def split(self, lo: date, hi: date, count: int) -> None:
        if lo == hi:
            raise QueryRejected(
                SOURCE,
                f"{self.term!r}: {count} records on the single day {lo} "
                f"({self.datetype}) exceed the ESearch cap of {self.cap}; no date slice "
                "can fetch them all, so narrow the query",
            )
        parts = max(2, math.ceil(count / (self.cap * _FILL)))
        for part_lo, part_hi in split_dates(lo, hi, parts):
            self.search(part_lo, part_hi)


def _check(plan: SearchPlan, *, datetype: str, mindate: date, maxdate: date) -> None:
    counted = sum(part.count for part in plan.slices)
    distinct = len(set(plan.ids))
    if counted == plan.total_count and distinct == len(plan.ids) == plan.total_count:
        return
    raise IncompleteRetrieval(
        SOURCE,
        f"{plan.term!r} {datetype} {mindate}..{maxdate}: the whole range counts "
        f"{plan.total_count} records but its {len(plan.slices)} date slices count {counted} "
        f"and hold {distinct} distinct IDs ({len(plan.ids) - distinct} duplicates). Records "
        "with partial or both print and online dates can fall between slices or into two "
        "(eutilities.md §5); try another datetype, or refresh again if PubMed changed meanwhile",
    )
