"""Double extraction: where two reviewers differ, how often they agree, and consensus.

Pure functions over :class:`EntryRow` values (one reviewer's current values for
one row of one section of one study). Two rows are the same row when study,
section and row keys match; a row only one reviewer has differs in every
field the other left empty. Values are compared after coercion; text ignores
case and runs of white space, numbers compare as numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reviewkit.extraction.forms import Form

__all__ = [
    "Discrepancy",
    "EntryRow",
    "FieldAgreement",
    "RowId",
    "agreement",
    "apply_consensus",
    "compare",
    "same_value",
]

#: (study id, section key or "" for study level, row keys)
RowId = tuple[str, str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryRow:
    """One reviewer's values for one row (``section`` ``""``: the study-level row)."""

    study_id: str
    section: str
    keys: tuple[tuple[str, str], ...]
    values: Mapping[str, object]

    @property
    def row_id(self) -> RowId:
        """The identity two reviewers' rows are matched on."""
        return (self.study_id, self.section, self.keys)


@dataclass(frozen=True, slots=True, kw_only=True)
class Discrepancy:
    """A field where the two reviewers' values differ."""

    study_id: str
    section: str
    keys: tuple[tuple[str, str], ...]
    field: str
    first: object
    second: object


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldAgreement:
    """Per field: pairs compared (at least one reviewer filled it in) and how many agreed."""

    field: str
    compared: int
    agreed: int

    @property
    def proportion(self) -> float | None:
        """Proportion of agreement, ``None`` when nothing was compared."""
        return self.agreed / self.compared if self.compared else None


def _norm(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, list | tuple):
        return tuple(_norm(v) for v in value)
    return value


def same_value(a: object, b: object) -> bool:
    """Whether two coerced values mean the same (empty equals empty)."""
    empty = (None, "", ())
    if a in empty or b in empty:
        return a in empty and b in empty
    return _norm(a) == _norm(b)


def _index(rows: Iterable[EntryRow]) -> dict[RowId, EntryRow]:
    return {r.row_id: r for r in rows}


def _field_order(form: Form) -> dict[str, int]:
    return {f.key: i for i, f in enumerate(form.fields)}


def _pairs(
    form: Form, first: Sequence[EntryRow], second: Sequence[EntryRow]
) -> list[tuple[RowId, str, object, object]]:
    """(row, field, first value, second value) for every field either filled, in form order."""
    a, b = _index(first), _index(second)
    order = _field_order(form)
    derived = {f.key for f in form.fields if f.derived is not None}
    found = []
    for rid in sorted(a.keys() | b.keys(), key=_sort_key):
        va = a[rid].values if rid in a else {}
        vb = b[rid].values if rid in b else {}
        keys = sorted((va.keys() | vb.keys()) - derived, key=lambda k: order.get(k, len(order)))
        for key in keys:
            x, y = va.get(key), vb.get(key)
            if x in (None, "", ()) and y in (None, "", ()):
                continue
            found.append((rid, key, x, y))
    return found


def _sort_key(rid: RowId) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    return rid


def compare(form: Form, first: Sequence[EntryRow], second: Sequence[EntryRow]) -> list[Discrepancy]:
    """Every field where the two reviewers' values differ, by study, section, row, field."""
    return [
        Discrepancy(study_id=rid[0], section=rid[1], keys=rid[2], field=key, first=x, second=y)
        for rid, key, x, y in _pairs(form, first, second)
        if not same_value(x, y)
    ]


def agreement(
    form: Form, first: Sequence[EntryRow], second: Sequence[EntryRow]
) -> dict[str, FieldAgreement]:
    """Agreement per field (form order) over the rows either reviewer filled in.

    Only studies both reviewers extracted count: a study one of them has not
    done yet is not a disagreement.
    """
    both = {r.study_id for r in first} & {r.study_id for r in second}
    a = [r for r in first if r.study_id in both]
    b = [r for r in second if r.study_id in both]
    counts: dict[str, list[int]] = {f.key: [0, 0] for f in form.fields if f.derived is None}
    for _rid, key, x, y in _pairs(form, a, b):
        tally = counts.setdefault(key, [0, 0])
        tally[0] += 1
        tally[1] += same_value(x, y)
    return {k: FieldAgreement(field=k, compared=c, agreed=g) for k, (c, g) in counts.items()}


def apply_consensus(
    form: Form,
    first: Sequence[EntryRow],
    second: Sequence[EntryRow],
    agreed: Mapping[tuple[RowId, str], object],
) -> tuple[list[EntryRow], list[Discrepancy]]:
    """The consensus rows of the studies both reviewers extracted, and what is unresolved.

    Values the reviewers share are kept; ``agreed`` settles a differing field
    (``None`` settles it as empty) and wins over both reviewers. A row whose
    fields all end up empty is dropped. Unresolved fields stay out of the rows
    and are returned as discrepancies.
    """
    both = {r.study_id for r in first} & {r.study_id for r in second}
    a = _index(r for r in first if r.study_id in both)
    b = _index(r for r in second if r.study_id in both)
    values: dict[RowId, dict[str, object]] = {rid: {} for rid in sorted(a.keys() | b.keys())}
    unresolved: list[Discrepancy] = []
    for rid, key, x, y in _pairs(form, list(a.values()), list(b.values())):
        if (rid, key) in agreed:
            chosen = agreed[(rid, key)]
        elif same_value(x, y):
            chosen = x
        else:
            unresolved.append(Discrepancy(study_id=rid[0], section=rid[1], keys=rid[2],
                                          field=key, first=x, second=y))  # fmt: skip
            continue
        if chosen not in (None, "", ()):
            values[rid][key] = chosen
    for (rid, key), chosen in agreed.items():  # settled fields neither reviewer filled
        if rid in values and key not in values[rid] and chosen not in (None, "", ()):
            values[rid][key] = chosen
    rows = [
        EntryRow(study_id=rid[0], section=rid[1], keys=rid[2], values=v)
        for rid, v in values.items()
        if v or rid[1] == ""
    ]
    return rows, unresolved
