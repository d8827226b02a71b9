"""Evidence tables from extracted data (pure: values in, tables out).

Three tables go into the paper: **characteristics** of included studies (one
row per study), **outcomes** (one row per outcome × timepoint × comparison, with
arm-level results side by side) and a **summary** (studies and participants per
outcome). Every row cites its study (first author, year, PMID, DOI), and every
cell that holds an extracted value keeps its trace — reviewer, form id and
version, entry time, study and record ids (listed by
:func:`reviewkit.evidence_export.provenance_table`).

In single extraction with verification the tables hold verified data only;
every footnote names the studies extracted but not verified yet (or, when
they are shown on request, says their values are unchecked).

Ordering is deterministic (studies by first author, year, study id; outcomes and
timepoints in form order), so the same data always gives the same tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from reviewkit.extraction.data import ExtractedValue, StudyCitation, StudyExtraction
from reviewkit.extraction.forms import Field, Form, Repeat

__all__ = [
    "Cell",
    "CellTrace",
    "Column",
    "EvidenceTables",
    "Table",
    "build_tables",
    "format_value",
    "study_label",
    "unverified_note",
]

Cell = str | int | float | None
Keys = tuple[tuple[str, str], ...]
_CITE = (("study", "Study"), ("pmid", "PMID"), ("doi", "DOI"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """A table column: a stable key (CSV header) and a human label."""

    key: str
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CellTrace:
    """Where one value in a table cell came from (a cell may have several)."""

    row: int  # 0-based index into Table.rows
    column: str
    field: str
    keys: Keys
    reviewer: str
    form_id: str
    form_version: int
    entered_at: datetime
    study_id: str
    record_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """One evidence table with a title, a footnote and per-cell provenance."""

    key: str
    title: str
    footnote: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    traces: tuple[CellTrace, ...] = ()

    def trace(self, row: int, column: str) -> tuple[CellTrace, ...]:
        """The sources of the cell at ``row`` (0-based) and ``column`` (its key)."""
        return tuple(t for t in self.traces if t.row == row and t.column == column)

    def records(self) -> list[dict[str, Cell]]:
        """The rows as ``{column key: value}`` dicts (e.g. for a Prefect table artifact)."""
        return [{c.key: v for c, v in zip(self.columns, row, strict=True)} for row in self.rows]


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceTables:
    """The three evidence tables of a review."""

    characteristics: Table
    outcomes: Table
    summary: Table

    @property
    def tables(self) -> tuple[Table, Table, Table]:
        """The tables in manuscript order."""
        return (self.characteristics, self.outcomes, self.summary)


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


def study_label(citation: StudyCitation) -> str:
    """``"Lee 2013"``; the study id stands in for a missing author, "n.d." for the year."""
    author = citation.first_author or citation.study_id
    return f"{author} {citation.year if citation.year is not None else 'n.d.'}"


def _cite_order(c: StudyCitation) -> tuple[bool, str, bool, int, str]:
    # Studies without a known author or year go after those with one.
    author, year = c.first_author, c.year
    return (author is None, (author or "").casefold(), year is None, year or 0, c.study_id)


def _order(study: StudyExtraction) -> tuple[bool, str, bool, int, str]:
    return _cite_order(study.citation)


class _Builder:
    """Collects rows and traces of one table."""

    def __init__(self) -> None:
        self.rows: list[tuple[Cell, ...]] = []
        self.traces: list[CellTrace] = []

    def trace(
        self, study: StudyExtraction, column: str, field: str, keys: Keys, value: ExtractedValue
    ) -> None:
        p = value.provenance
        self.traces.append(
            CellTrace(
                row=len(self.rows), column=column, field=field, keys=keys, reviewer=p.reviewer,
                form_id=p.form_id, form_version=p.form_version, entered_at=p.entered_at,
                study_id=study.citation.study_id, record_ids=study.citation.record_ids,
            )
        )  # fmt: skip

    def table(
        self, key: str, title: str, footnote: str, columns: Sequence[Column], *, drop_empty: bool
    ) -> Table:
        # Columns nobody reported are dropped; with no rows at all the full shape stays.
        drop = drop_empty and bool(self.rows)
        keep = [
            i
            for i, c in enumerate(columns)
            if not drop or c.key in _CITE_KEYS or any(r[i] is not None for r in self.rows)
        ]
        kept = tuple(columns[i] for i in keep)
        names = {c.key for c in kept}
        return Table(
            key=key, title=title, footnote=footnote, columns=kept,
            rows=tuple(tuple(r[i] for i in keep) for r in self.rows),
            traces=tuple(t for t in self.traces if t.column in names),
        )  # fmt: skip


_CITE_KEYS = frozenset(k for k, _ in _CITE)


def _cite(study: StudyExtraction) -> tuple[Cell, ...]:
    c = study.citation
    return (study_label(c), c.pmid, c.doi)


def _with_unit(field: Field, value: object) -> str:
    cell = format_value(value)
    text = f"{cell:g}" if isinstance(cell, float) else str(cell)
    unit = field.unit if field.unit and field.unit != "outcome unit" else ""
    return f"{text} {unit}" if unit else text


def _label(field: Field) -> str:
    unit = field.unit if field.unit and field.unit != "outcome unit" else ""
    return f"{field.label} ({unit})" if unit and unit not in field.label else field.label


Values = dict[str, ExtractedValue]


@dataclass(frozen=True, slots=True, kw_only=True)
class _View:
    """One study's rows, merged per kind of repeating section and keyed by name."""

    study: StudyExtraction
    arms: dict[str, tuple[Keys, Values]]
    outcomes: dict[tuple[str, str], tuple[Keys, Values]]
    results: dict[tuple[str, str, str], tuple[Keys, Values]]


def _view(study: StudyExtraction, form: Form) -> _View:
    def merged(repeat: Repeat) -> dict[tuple[str, ...], tuple[Keys, Values]]:
        rows: dict[tuple[str, ...], tuple[Keys, Values]] = {}
        for section in form.sections:
            if section.repeat != repeat:
                continue
            names = section.row_keys[1:]  # without study_id
            for row in study.groups.get(section.key, ()):
                named = dict(row.keys)
                ident = tuple(named.get(n, "") for n in names)
                rows.setdefault(ident, (row.keys, {}))[1].update(row.values)
        return rows

    arms = {i[0]: v for i, v in merged("arm").items()}
    outcomes = {(i[0], i[1]): v for i, v in merged("outcome").items()}
    results = {(i[0], i[1], i[2]): v for i, v in merged("result").items()}
    return _View(study=study, arms=arms, outcomes=outcomes, results=results)


def _fields(form: Form, repeat: Repeat | None) -> tuple[Field, ...]:
    return tuple(f for s in form.sections if s.repeat == repeat for f in s.fields)


def _outcome_rank(form: Form, key: str) -> tuple[int, str]:
    known = [o.key for o in form.outcomes]
    return (known.index(key) if key in known else len(known), key)


def _timepoint_rank(form: Form, timepoint: str) -> tuple[int, str]:
    known = list(form.timepoints)
    return (known.index(timepoint) if timepoint in known else len(known), timepoint)


def _outcome_label(form: Form, key: str, *, unit: bool = False) -> str:
    found = next((o for o in form.outcomes if o.key == key), None)
    if found is None:
        return key
    return f"{found.label} ({found.unit})" if unit and found.unit else found.label


def _reported(view: _View) -> set[tuple[str, str]]:
    return {*view.outcomes, *((o, t) for o, t, _ in view.results)}


def _characteristics(views: Sequence[_View], form: Form, role: str) -> Table:
    # Long free text (support for judgements, notes) would swamp a manuscript table.
    study_fields = [f for f in _fields(form, None) if f.type != "long_text"]
    arm_fields = _fields(form, "arm")
    columns = [Column(key=k, label=label) for k, label in _CITE]
    columns += [Column(key=f.key, label=_label(f)) for f in study_fields]
    columns += [Column(key="arms", label="Arms"), Column(key="outcomes", label="Outcomes")]
    out = _Builder()
    for view in views:
        study = view.study
        cells: list[Cell] = [*_cite(study)]
        for f in study_fields:
            value = study.fields.get(f.key)
            if value is not None:
                out.trace(study, f.key, f.key, (), value)
            cells.append(None if value is None else format_value(value.value))
        arms = []
        for name, (keys, values) in sorted(view.arms.items()):
            parts = []
            for f in arm_fields:
                if f.key in values:
                    out.trace(study, "arms", f.key, keys, values[f.key])
                    if f.key != role:
                        parts.append(f"{f.label.lower()} {_with_unit(f, values[f.key].value)}")
            kind = f" ({values[role].value})" if role in values else ""
            arms.append(f"{name}{kind}: {', '.join(parts)}" if parts else f"{name}{kind}")
        cells.append("\n".join(arms) or None)
        keys_reported = sorted(
            {o for o, _ in _reported(view)}, key=lambda k: _outcome_rank(form, k)
        )
        cells.append("; ".join(_outcome_label(form, k) for k in keys_reported) or None)
        out.rows.append(tuple(cells))
    return out.table(
        "characteristics", "Characteristics of included studies",
        f"Extraction form {form.id}, version {form.version}. Empty cells: not reported or "
        "not extracted. PMID: PubMed identifier; DOI: digital object identifier.",
        columns, drop_empty=True,
    )  # fmt: skip


def _comparisons(view: _View, role: str, comparator: str) -> list[tuple[str, str | None]]:
    roles = {
        name: str(values[role].value) if role in values else ""
        for name, (_, values) in view.arms.items()
    }
    for _, _, arm in view.results:
        roles.setdefault(arm, "")
    controls = sorted(a for a, r in roles.items() if r == comparator)
    active = sorted(a for a, r in roles.items() if r != comparator)
    if not controls:
        # No comparator (or no arms at all): the outcome still gets its row.
        return [(a, None) for a in active] or [("", None)]
    return [(a, c) for a in active for c in controls]


def _outcomes(views: Sequence[_View], form: Form, role: str, comparator: str) -> Table:
    outcome_fields = [f for f in _fields(form, "outcome") if f.type != "long_text"]
    result_fields = _fields(form, "result")
    columns = [Column(key="outcome", label="Outcome"),
               Column(key="timepoint", label="Timepoint"),
               *(Column(key=k, label=label) for k, label in _CITE),
               Column(key="comparison", label="Comparison"),
               *(Column(key=f.key, label=f.label) for f in outcome_fields)]  # fmt: skip
    for side, title in (("int", "Int."), ("comp", "Comp.")):
        columns += [
            Column(key=f"{side}_{f.key}", label=f"{title} {f.label}") for f in result_fields
        ]
    entries = []
    for position, view in enumerate(views):
        for outcome, timepoint in _reported(view):
            for arm, control in _comparisons(view, role, comparator):
                rank = (
                    _outcome_rank(form, outcome),
                    _timepoint_rank(form, timepoint),
                    position,
                    arm,
                    control or "",
                )
                entries.append((rank, view, outcome, timepoint, arm, control))
    out = _Builder()
    for _, view, outcome, timepoint, arm, control in sorted(entries, key=lambda e: e[0]):
        study = view.study
        cells: list[Cell] = [
            _outcome_label(form, outcome, unit=True),
            timepoint or None,
            *_cite(study),
        ]
        cells.append(f"{arm} vs {control}" if control else arm or None)
        keys, values = view.outcomes.get((outcome, timepoint), ((), {}))
        for f in outcome_fields:
            if f.key in values:
                out.trace(study, f.key, f.key, keys, values[f.key])
            cells.append(format_value(values[f.key].value) if f.key in values else None)
        for side, name in (("int", arm), ("comp", control)):
            keys, values = view.results.get((outcome, timepoint, name or ""), ((), {}))
            for f in result_fields:
                if f.key in values:
                    out.trace(study, f"{side}_{f.key}", f.key, keys, values[f.key])
                cells.append(format_value(values[f.key].value) if f.key in values else None)
        out.rows.append(tuple(cells))
    return out.table(
        "outcomes", "Outcomes by timepoint and comparison",
        "One row per outcome, timepoint and comparison (each intervention arm against the "
        "comparator arm of the same study). Int.: intervention arm; Comp.: comparator arm; "
        "arm-level results as reported, in the outcome's unit.",
        columns, drop_empty=True,
    )  # fmt: skip


def _count(values: Mapping[str, ExtractedValue], keys: Sequence[str]) -> tuple[str, int] | None:
    for key in keys:
        value = values.get(key)
        if value is not None and isinstance(value.value, int) and not isinstance(value.value, bool):
            return key, value.value
    return None


def _participants(
    view: _View, outcome: str, out: _Builder, *, counts: Sequence[str], fallback: Sequence[str]
) -> int | None:
    """One study's participants for one outcome: the timepoint with the largest arm total.

    Without arm counts, the study-level count (e.g. N analysed) stands in.
    """
    by_time: dict[str, list[tuple[Keys, str, int]]] = {}
    for (o, t, _), (keys, values) in sorted(view.results.items()):
        found = _count(values, counts) if o == outcome else None
        if found is not None:
            by_time.setdefault(t, []).append((keys, *found))
    used = max(by_time.values(), key=lambda u: sum(n for *_, n in u), default=None)
    if used is None:
        found = _count(view.study.fields, fallback)
        if found is None:
            return None
        used = [((), *found)]
    for keys, key, _ in used:
        row = next((v for k, v in view.results.values() if k == keys), None)
        out.trace(view.study, "participants", key, keys, (row or view.study.fields)[key])
    return sum(n for *_, n in used)


def _summary(
    views: Sequence[_View], form: Form, *, counts: Sequence[str], fallback: Sequence[str]
) -> Table:
    columns = (
        Column(key="outcome", label="Outcome"),
        Column(key="timepoints", label="Timepoints"),
        Column(key="studies", label="Studies"),
        Column(key="participants", label="Participants"),
        Column(key="citations", label="Included studies"),
    )
    reported = {o for view in views for o, _ in _reported(view)}
    out = _Builder()
    for outcome in sorted(reported, key=lambda k: _outcome_rank(form, k)):
        having = [v for v in views if any(o == outcome for o, _ in _reported(v))]
        times = {t for v in having for o, t in _reported(v) if o == outcome and t}
        people = [_participants(v, outcome, out, counts=counts, fallback=fallback) for v in having]
        known = [n for n in people if n is not None]
        out.rows.append((
            _outcome_label(form, outcome),
            ", ".join(sorted(times, key=lambda t: _timepoint_rank(form, t))) or None,
            len(having),
            sum(known) if known else None,
            "; ".join(_citation(v.study.citation) for v in having),
        ))  # fmt: skip
    return out.table(
        "summary", "Studies and participants per outcome",
        "Participants: per study, the arm totals at the timepoint with the most participants "
        "(the study's N analysed when arm totals are missing), summed over studies.",
        columns, drop_empty=False,
    )  # fmt: skip


def _citation(citation: StudyCitation) -> str:
    ids = [
        f"PMID {citation.pmid}" if citation.pmid else "",
        f"doi:{citation.doi}" if citation.doi else "",
    ]
    found = ", ".join(i for i in ids if i)
    return f"{study_label(citation)} ({found})" if found else study_label(citation)


def unverified_note(unverified: Iterable[StudyCitation], *, shown: bool = False) -> str:
    """The footnote sentence on studies extracted but not verified yet ("" if none).

    >>> lee = StudyCitation(study_id="s1", first_author="Lee", year=2019, title=None,
    ...                     pmid="1", doi=None, record_ids=())
    >>> unverified_note([lee])
    'Extracted but not verified yet, so left out: Lee 2019 (PMID 1).'
    """
    names = "; ".join(_citation(c) for c in sorted(unverified, key=_cite_order))
    if not names:
        return ""
    if shown:
        return f"Not verified yet (values as extracted, unchecked): {names}."
    return f"Extracted but not verified yet, so left out: {names}."


def build_tables(
    studies: Iterable[StudyExtraction],
    form: Form,
    *,
    role_field: str = "arm_role",
    comparator_role: str = "comparator",
    arm_counts: Sequence[str] = ("n", "total"),
    study_counts: Sequence[str] = ("n_analysed", "n_randomised"),
    unverified: Iterable[StudyCitation] = (),
    unverified_shown: bool = False,
) -> EvidenceTables:
    """Build the characteristics, outcomes and summary tables.

    Args:
        studies: The agreed (or verified) data of the included studies.
        form: The form the values are expressed in (labels, units, orders).
        role_field: The arm field telling intervention arms from comparator arms.
        comparator_role: Its value for a comparator arm.
        arm_counts: Per-arm result fields counting participants, first found wins.
        study_counts: Study-level participant counts used when no arm count exists.
        unverified: Single extraction with verification: the studies extracted but
            not verified yet, named in every footnote.
        unverified_shown: Whether ``studies`` include those (their values unchecked)
            rather than leave them out.
    """
    views = [_view(s, form) for s in sorted(studies, key=_order)]
    tables = EvidenceTables(
        characteristics=_characteristics(views, form, role_field),
        outcomes=_outcomes(views, form, role_field, comparator_role),
        summary=_summary(views, form, counts=arm_counts, fallback=study_counts),
    )
    note = unverified_note(unverified, shown=unverified_shown)
    if not note:
        return tables
    # Never mix silently: each table says which studies are unverified.
    noted = [replace(t, footnote=f"{t.footnote} {note}") for t in tables.tables]
    return EvidenceTables(characteristics=noted[0], outcomes=noted[1], summary=noted[2])
