"""One study's extracted rows, merged per kind of repeating section and keyed by name."""

from __future__ import annotations

from dataclasses import dataclass

from reviewkit.evidence.model import Keys
from reviewkit.extraction.data import ExtractedValue, StudyExtraction
from reviewkit.extraction.forms import Form, Repeat

__all__ = ["Merged", "StudyView", "Values", "reported", "study_view"]

Values = dict[str, ExtractedValue]
# The row keys of a merged row and its values by field.
Merged = tuple[Keys, Values]


@dataclass(frozen=True, slots=True, kw_only=True)
class StudyView:
    """One study's rows, merged per kind of repeating section and keyed by name."""

    study: StudyExtraction
    arms: dict[str, Merged]
    outcomes: dict[tuple[str, str], Merged]
    results: dict[tuple[str, str, str], Merged]


def _merged(study: StudyExtraction, form: Form, repeat: Repeat) -> dict[tuple[str, ...], Merged]:
    # Sections of the same kind describe the same rows: their values join per identity.
    rows: dict[tuple[str, ...], Merged] = {}
    for section in form.sections:
        if section.repeat != repeat:
            continue
        names = section.row_keys[1:]  # without study_id
        for row in study.groups.get(section.key, ()):
            named = dict(row.keys)
            ident = tuple(named.get(n, "") for n in names)
            rows.setdefault(ident, (row.keys, {}))[1].update(row.values)
    return rows


def study_view(study: StudyExtraction, form: Form) -> StudyView:
    """Arms by name, outcomes by (outcome, timepoint), results by (outcome, timepoint, arm)."""
    arms = {i[0]: v for i, v in _merged(study, form, "arm").items()}
    outcomes = {(i[0], i[1]): v for i, v in _merged(study, form, "outcome").items()}
    results = {(i[0], i[1], i[2]): v for i, v in _merged(study, form, "result").items()}
    return StudyView(study=study, arms=arms, outcomes=outcomes, results=results)


def reported(view: StudyView) -> set[tuple[str, str]]:
    """The (outcome, timepoint) pairs a study reports, as outcome rows or results."""
    return {*view.outcomes, *((o, t) for o, t, _ in view.results)}
