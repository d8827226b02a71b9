"""Table 3, summary: studies and participants per outcome."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reviewkit.evidence.builder import TableBuilder
from reviewkit.evidence.citations import citation_text
from reviewkit.evidence.form_order import outcome_label, outcome_rank, timepoint_rank
from reviewkit.evidence.model import Column, Keys, Table
from reviewkit.evidence.views import StudyView, reported
from reviewkit.extraction.data import ExtractedValue
from reviewkit.extraction.forms import Form

__all__ = ["participants", "summary_table"]

_COLUMNS = (
    Column(key="outcome", label="Outcome"),
    Column(key="timepoints", label="Timepoints"),
    Column(key="studies", label="Studies"),
    Column(key="participants", label="Participants"),
    Column(key="citations", label="Included studies"),
)


def _count(values: Mapping[str, ExtractedValue], keys: Sequence[str]) -> tuple[str, int] | None:
    """The first of ``keys`` holding a whole number, with that number."""
    for key in keys:
        value = values.get(key)
        if value is not None and isinstance(value.value, int) and not isinstance(value.value, bool):
            return key, value.value
    return None


def participants(
    view: StudyView,
    outcome: str,
    out: TableBuilder,
    *,
    counts: Sequence[str],
    fallback: Sequence[str],
) -> int | None:
    """One study's participants for one outcome: the timepoint with the largest arm total.

    Without arm counts, the study-level count (e.g. N analysed) stands in. The
    values counted are traced into ``out``'s next row.
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


def summary_table(
    views: Sequence[StudyView], form: Form, *, counts: Sequence[str], fallback: Sequence[str]
) -> Table:
    """One row per outcome reported: timepoints, studies, participants and citations.

    Args:
        views: The included studies, in table order.
        form: The form giving the labels and orders.
        counts: Per-arm result fields counting participants, first found wins.
        fallback: Study-level participant counts used when no arm count exists.
    """
    found = {o for view in views for o, _ in reported(view)}
    out = TableBuilder()
    for outcome in sorted(found, key=lambda k: outcome_rank(form, k)):
        having = [v for v in views if any(o == outcome for o, _ in reported(v))]
        times = {t for v in having for o, t in reported(v) if o == outcome and t}
        people = [participants(v, outcome, out, counts=counts, fallback=fallback) for v in having]
        known = [n for n in people if n is not None]
        out.rows.append((
            outcome_label(form, outcome),
            ", ".join(sorted(times, key=lambda t: timepoint_rank(form, t))) or None,
            len(having),
            sum(known) if known else None,
            "; ".join(citation_text(v.study.citation) for v in having),
        ))  # fmt: skip
    return out.table(
        "summary", "Studies and participants per outcome",
        "Participants: per study, the arm totals at the timepoint with the most participants "
        "(the study's N analysed when arm totals are missing), summed over studies.",
        _COLUMNS, drop_empty=False,
    )  # fmt: skip
