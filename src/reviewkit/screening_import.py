"""Importing a filled-in screening sheet: check it against the review, store all or nothing.

:func:`import_sheet` reads the sheet (:func:`reviewkit.screening_sheets.read_sheet`
checks every row on its own), then checks it against the review: the same review,
the stage and reviewer expected, a sheet this database exported, studies assigned
to the reviewer, and no change to a final decision without ``revise``. Importing
the same sheet twice stores nothing the second time. Afterwards the queue is
updated (:func:`reviewkit.screening_stage.update_queue`), so included studies go
on to full text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reviewkit.errors import ParseError
from reviewkit.protocol import Protocol
from reviewkit.screening import Entry, Outcome, Role, Stage, assigned_for, votes_for
from reviewkit.screening_sheets import (
    META_SHEET,
    FilledRow,
    FilledSheet,
    SheetMeta,
    read_sheet,
    where,
)
from reviewkit.screening_stage import evaluate, update_queue
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.screening import NewEntry, ScreeningStore, StoredAssignment, StudyView

__all__ = ["ImportSummary", "import_sheet"]

# Rows of the hidden sheet's keys, for error messages.
_META_ROWS = {"review_id": 4, "kind": 5, "stage": 6, "reviewer": 7}


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportSummary:
    """What one imported sheet changed."""

    meta: SheetMeta
    stored: int
    unchanged: int
    blank: int
    revised: int


def _meta_problems(
    file: str,
    sheet: FilledSheet,
    protocol: Protocol,
    store: ScreeningStore,
    expected: Mapping[str, str | None],
) -> list[str]:
    meta = sheet.meta
    found = {
        "review_id": meta.review_id,
        "stage": meta.stage.value,
        "reviewer": meta.reviewer,
        "kind": meta.kind,
    }
    wanted = dict(expected) | {"review_id": protocol.review.id}
    problems = [
        f"{where(file, META_SHEET, _META_ROWS[key], 'value')}: the sheet is for {key} "
        f"{found[key]!r}, expected {value!r}"
        for key, value in wanted.items()
        if value is not None and found[key] != value
    ]
    if problems:
        return problems
    ledger = store.sheet(meta.sheet_id)
    if ledger is None or (ledger.kind, ledger.stage, ledger.reviewer) != (
        meta.kind,
        meta.stage,
        meta.reviewer,
    ):
        return [
            f"{where(file, META_SHEET, 3, 'value')}: this review database never exported "
            f"sheet {meta.sheet_id!r}: it belongs to another copy of the review"
        ]
    if meta.kind == "reviewer" and meta.reviewer not in protocol.screening.reviewers:
        return [
            f"{where(file, META_SHEET, 7, 'value')}: {meta.reviewer!r} is no longer one of "
            "review.toml [screening] reviewers"
        ]
    return []


def _row_entry(
    row: FilledRow, sheet: FilledSheet, file: str, context: _Context, *, revise: bool
) -> tuple[str | None, NewEntry | None]:
    """The entry a row stores (None if unchanged), or the problem with it."""
    meta, at = sheet.meta, where(file, sheet.sheet_name, row.row, "decision")
    votes, resolution = votes_for(context.entries, row.record_ids, stage=meta.stage)
    if meta.kind == "reviewer":
        given = [(a.reviewer, a.record_ids) for a in context.assignments if a.stage is meta.stage]
        if meta.reviewer not in assigned_for(given, row.record_ids):
            return (
                f"{at}: study {row.study_id!r} is not assigned to {meta.reviewer!r} at {meta.stage}"
            ), None
        current = votes.get(meta.reviewer)
    else:
        current = resolution
    if current is not None and current.choices == ((row.decision, row.reason),):
        return None, None  # the same decision again: importing twice changes nothing
    final = [
        o
        for o in context.outcomes[meta.stage].values()
        if o.status == "final" and not context.studies_of(o.cluster_id).isdisjoint(row.record_ids)
    ]
    if final and not revise:
        return (
            f"{at}: study {row.study_id!r} already has a final {meta.stage} decision "
            f"({final[0].decision}, {final[0].how}); pass --revise to change it"
        ), None
    role: Role = "reviewer" if meta.kind == "reviewer" else "resolver"
    return None, NewEntry(
        stage=meta.stage,
        cluster_id=row.study_id,
        record_ids=row.record_ids,
        reviewer=meta.reviewer,
        role=role,
        decision=row.decision,
        reason=row.reason,
        note=row.note,
        origin=f"{file} sheet {sheet.sheet_name!r} row {row.row}",
        sheet_id=meta.sheet_id,
        revised=bool(final),
    )


@dataclass(frozen=True, slots=True)
class _Context:
    entries: list[Entry]
    assignments: list[StoredAssignment]
    studies: dict[str, StudyView]
    outcomes: dict[Stage, dict[str, Outcome]]

    def studies_of(self, cluster_id: str) -> frozenset[str]:
        return frozenset(self.studies[cluster_id].record_ids)


def import_sheet(
    db: ReviewDatabase,
    protocol: Protocol,
    path: Path,
    *,
    now: datetime,
    revise: bool = False,
    stage: Stage | None = None,
    reviewer: str | None = None,
) -> ImportSummary:
    """Check a filled-in sheet against the review and store all its decisions, or none.

    ``stage`` and ``reviewer``, when given, are what the sheet must be for.

    Raises:
        ParseError: any problem (see :func:`~reviewkit.screening_sheets.read_sheet`),
            a sheet of another review, stage or reviewer, a study not assigned to the
            reviewer, or a change to a final decision without ``revise``; the message
            names the sheet, row and column of each, and nothing is stored.
    """
    store = ScreeningStore(db)
    sheet = read_sheet(path, reasons=protocol.eligibility.reasons, known=store.study_ids())
    expected = {"stage": stage.value if stage else None, "reviewer": reviewer}
    problems = _meta_problems(path.name, sheet, protocol, store, expected)
    if problems:
        raise ParseError(f"{path.name}: wrong sheet, nothing imported:\n" + "\n".join(problems))
    studies, entries, assignments = store.studies(), store.entries(), store.assignments()
    context = _Context(
        entries=entries,
        assignments=assignments,
        studies=studies,
        outcomes=evaluate(studies, entries, assignments),
    )
    new: list[NewEntry] = []
    for row in sheet.rows:
        problem, entry = _row_entry(row, sheet, path.name, context, revise=revise)
        if problem is not None:
            problems.append(problem)
        elif entry is not None:
            new.append(entry)
    if problems:
        raise ParseError(
            f"{path.name}: {len(problems)} problem(s), nothing imported:\n" + "\n".join(problems)
        )
    store.add_entries(new, now=now, sheet_id=sheet.meta.sheet_id)
    update_queue(db, protocol, now=now)
    return ImportSummary(
        meta=sheet.meta,
        stored=len(new),
        unchanged=len(sheet.rows) - len(new),
        blank=sheet.blank,
        revised=sum(e.revised for e in new),
    )
