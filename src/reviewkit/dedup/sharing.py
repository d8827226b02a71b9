"""Memory sharing for a large run: equal values are stored once.

A million records make millions of small, mostly repeated objects: the same
author keys, journal token tuples, volume and page strings in every export of a
study, and the same field comparisons (``year 2013 vs 2013``, ``journal same``)
in most duplicate pairs. Keeping one object per distinct value roughly halves a
run's memory. Sharing never changes a value, only how many copies of it exist:
every shared object is equal to the one it replaces.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar, cast

from reviewkit.dedup.decision import PairVerdict
from reviewkit.dedup.evidence import FieldComparison
from reviewkit.dedup.prepared import Prepared

__all__ = ["PreparedPool", "ValuePool", "share_prepared", "share_verdict"]

_T = TypeVar("_T")

# Field comparisons whose values come from a small vocabulary (years, journal
# names, volume/issue/page numbers): one object per distinct comparison.
_POOLED_FIELDS = frozenset({"year", "journal", "volume", "issue", "pages"})


class ValuePool:
    """One canonical object per distinct (hashable) value."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        """Start empty."""
        self._items: dict[object, object] = {}

    def __call__(self, value: _T) -> _T:
        """The pooled object equal to ``value`` (``value`` itself when new)."""
        return cast("_T", self._items.setdefault(value, value))

    def __len__(self) -> int:
        return len(self._items)


class PreparedPool:
    """Pools for the values of prepared records (typed, so sharing stays cheap)."""

    __slots__ = ("numbers", "strings", "tuples")

    def __init__(self) -> None:
        """Start empty."""
        self.strings: dict[str, str] = {}
        self.tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.numbers: dict[frozenset[str], frozenset[str]] = {}

    def tuple_of(self, values: tuple[str, ...]) -> tuple[str, ...]:
        """The pooled tuple equal to ``values``, its members pooled too."""
        if not values:
            return values
        found = self.tuples.get(values)
        if found is None:
            share = self.strings.setdefault
            found = tuple(share(v, v) for v in values)
            self.tuples[found] = found
        return found


def share_prepared(record: Prepared, pool: PreparedPool) -> Prepared:
    """Replace ``record``'s repeated values by pooled equal ones (in place).

    Exports of one study share title, authors, journal and locators after
    normalisation, and author keys and journals recur across studies.
    """
    share = pool.strings.setdefault
    record.title = share(record.title, record.title)
    record.authors = pool.tuple_of(record.authors)
    record.first_author = share(record.first_author, record.first_author)
    record.journal = pool.tuple_of(record.journal)
    record.journal_alt = pool.tuple_of(record.journal_alt)
    record.volume = share(record.volume, record.volume)
    record.issue = share(record.issue, record.issue)
    record.fpage = share(record.fpage, record.fpage)
    record.doi = share(record.doi, record.doi)
    record.numbers = pool.numbers.setdefault(record.numbers, record.numbers)
    return record


def _share_field(comparison: FieldComparison, pool: ValuePool) -> FieldComparison:
    if comparison.field in _POOLED_FIELDS or (
        comparison.similarity is None and comparison.value_a is None and comparison.value_b is None
    ):
        return pool(comparison)
    if comparison.field == "authors":
        # The joined author lists are built per pair; share them per distinct list.
        return replace(
            comparison, value_a=pool(comparison.value_a), value_b=pool(comparison.value_b)
        )
    return comparison  # values are the prepared records' own (already shared) strings


def share_verdict(verdict: PairVerdict, pool: ValuePool) -> PairVerdict:
    """An equal verdict whose reasons and common field comparisons are pooled."""
    return replace(
        verdict,
        reasons=tuple(pool(reason) for reason in verdict.reasons),
        fields=tuple(_share_field(f, pool) for f in verdict.fields),
    )
