"""Screening in the review database: assignments, decisions, outcomes and sheets.

``ScreeningStore`` reads and writes the tables of migration 0003 over an open
:class:`~reviewkit.storage.ReviewDatabase`. Decisions are never updated or
deleted: a changed decision is a new row, and the newest one is in force
(:func:`reviewkit.screening.votes_for` says which rows count). Outcomes are
derived and rewritten whole; a study getting its final title-abstract decision
has ``studies.screened_at`` set. What anything means is decided by
:mod:`reviewkit.screening`; this module only stores it. SQL errors leave as
``StorageError``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from reviewkit.screening import Assignment, Decision, Entry, Outcome, Role, Stage
from reviewkit.storage.database import ReviewDatabase
from reviewkit.storage.schema import (
    screening_assignments,
    screening_decisions,
    screening_outcomes,
    screening_sheets,
    studies,
    study_members,
)

__all__ = [
    "HistoryItem",
    "NewEntry",
    "ScreeningStore",
    "SheetEntry",
    "StoredAssignment",
    "StoredOutcome",
    "StudyView",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class StudyView:
    """A current study as screeners see it: its records and merged fields."""

    cluster_id: str
    record_ids: tuple[str, ...]
    fields: Mapping[str, Any]
    screened_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewEntry:
    """A decision to store; ``record_ids`` are the records the screener saw."""

    stage: Stage
    cluster_id: str
    record_ids: tuple[str, ...]
    reviewer: str
    role: Role
    decision: Decision
    reason: str | None
    note: str | None
    origin: str
    sheet_id: str | None = None
    revised: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryItem:
    """A stored decision with when and where it was made."""

    entry: Entry
    decided_at: datetime
    origin: str
    sheet_id: str | None
    revised: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredAssignment:
    """One reviewer assigned to one study (the records it held then) at one stage."""

    stage: Stage
    cluster_id: str
    reviewer: str
    record_ids: tuple[str, ...]
    calibration: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredOutcome:
    """A stored outcome row (see :class:`reviewkit.screening.Outcome`)."""

    stage: Stage
    cluster_id: str
    status: str
    decision: Decision | None
    reason: str | None
    how: str | None
    why: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SheetEntry:
    """A screening sheet in the ledger: exported, and perhaps imported."""

    sheet_id: str
    kind: str
    stage: Stage
    reviewer: str
    rows: int
    exported_at: datetime
    imported_at: datetime | None


class ScreeningStore:
    """The screening tables of one review database."""

    def __init__(self, db: ReviewDatabase) -> None:
        self._db = db

    # ------------------------------------------------------------------ studies

    def studies(self) -> dict[str, StudyView]:
        """The current studies (not dissolved), by cluster id."""
        with self._db.transaction("reading studies for screening") as conn:
            rows = conn.execute(
                select(studies.c.cluster_id, studies.c.fields, studies.c.screened_at).where(
                    studies.c.dissolved_at.is_(None)
                )
            ).all()
            members: dict[str, list[str]] = {}
            for rid, cid in conn.execute(
                select(study_members.c.record_id, study_members.c.cluster_id)
            ):
                members.setdefault(cid, []).append(rid)
        return {
            cid: StudyView(cluster_id=cid, record_ids=tuple(sorted(members.get(cid, ()))),
                           fields=dict(fields), screened_at=at)
            for cid, fields, at in sorted(rows)
        }  # fmt: skip

    def study_ids(self) -> set[str]:
        """Every study id ever stored, dissolved ones included."""
        with self._db.transaction("reading study ids") as conn:
            return set(conn.execute(select(studies.c.cluster_id)).scalars())

    # ------------------------------------------------------------- assignments

    def assignments(self) -> list[StoredAssignment]:
        """Every assignment, oldest first."""
        stmt = select(screening_assignments).order_by(screening_assignments.c.id)
        with self._db.transaction("reading screening assignments") as conn:
            rows = conn.execute(stmt).all()
        return [
            StoredAssignment(stage=Stage(r.stage), cluster_id=r.cluster_id, reviewer=r.reviewer,
                             record_ids=tuple(r.record_ids), calibration=r.calibration)
            for r in rows
        ]  # fmt: skip

    def add_assignments(
        self,
        stage: Stage,
        planned: Sequence[Assignment],
        *,
        records: Mapping[str, Sequence[str]],
        now: datetime,
    ) -> int:
        """Store new assignments; ``records`` maps each study to its records now."""
        rows = [
            {"stage": stage.value, "cluster_id": a.cluster_id, "reviewer": a.reviewer,
             "record_ids": list(records[a.cluster_id]), "calibration": a.calibration,
             "assigned_at": now}
            for a in planned
        ]  # fmt: skip
        if rows:
            with self._db.transaction("storing screening assignments", write=True) as conn:
                conn.execute(insert(screening_assignments), rows)
        return len(rows)

    # --------------------------------------------------------------- decisions

    def history(self) -> list[HistoryItem]:
        """Every decision ever stored, oldest first."""
        stmt = select(screening_decisions).order_by(screening_decisions.c.id)
        with self._db.transaction("reading screening decisions") as conn:
            rows = conn.execute(stmt).all()
        return [
            HistoryItem(
                entry=Entry(
                    id=r.id, stage=Stage(r.stage), cluster_id=r.cluster_id,
                    record_ids=tuple(r.record_ids), reviewer=r.reviewer, role=r.role,
                    decision=Decision(r.decision), reason=r.reason, note=r.note,
                ),
                decided_at=r.decided_at, origin=r.origin, sheet_id=r.sheet_id, revised=r.revised,
            )
            for r in rows
        ]  # fmt: skip

    def entries(self) -> list[Entry]:
        """Every decision ever stored, oldest first, as the screening rules read them."""
        return [item.entry for item in self.history()]

    def add_entries(
        self, new: Sequence[NewEntry], *, now: datetime, sheet_id: str | None = None
    ) -> int:
        """Store decisions in one transaction (and mark ``sheet_id`` imported); return how many."""
        rows = [
            {"stage": e.stage.value, "cluster_id": e.cluster_id, "record_ids": list(e.record_ids),
             "reviewer": e.reviewer, "role": e.role, "decision": e.decision.value,
             "reason": e.reason, "note": e.note, "decided_at": now, "origin": e.origin,
             "sheet_id": e.sheet_id, "revised": e.revised}
            for e in new
        ]  # fmt: skip
        with self._db.transaction("storing screening decisions", write=True) as conn:
            if rows:
                conn.execute(insert(screening_decisions), rows)
            if sheet_id is not None:
                conn.execute(
                    update(screening_sheets)
                    .where(screening_sheets.c.sheet_id == sheet_id)
                    .values(imported_at=now)
                )
        return len(rows)

    # ---------------------------------------------------------------- outcomes

    def save_outcomes(self, outcomes: Sequence[Outcome], *, now: datetime) -> int:
        """Replace the outcome rows; set ``screened_at`` on newly final title-abstract studies.

        Returns how many studies were marked screened.
        """
        rows = [
            {"stage": o.stage.value, "cluster_id": o.cluster_id, "status": o.status,
             "decision": o.decision.value if o.decision else None, "reason": o.reason,
             "how": o.how, "why": o.why, "updated_at": now}
            for o in outcomes
        ]  # fmt: skip
        screened = sorted(
            o.cluster_id
            for o in outcomes
            if o.stage is Stage.TITLE_ABSTRACT and o.status == "final"
        )
        with self._db.transaction("saving screening outcomes", write=True) as conn:
            conn.execute(delete(screening_outcomes))
            if rows:
                conn.execute(insert(screening_outcomes), rows)
            marked = 0
            if screened:
                marked = conn.execute(
                    update(studies)
                    .where(studies.c.cluster_id.in_(screened), studies.c.screened_at.is_(None))
                    .values(screened_at=now)
                ).rowcount
        return int(marked)

    def outcomes(self, stage: Stage | None = None) -> list[StoredOutcome]:
        """The stored outcomes (of one stage, or all), by stage and cluster id."""
        stmt = select(screening_outcomes).order_by(
            screening_outcomes.c.stage.desc(), screening_outcomes.c.cluster_id
        )
        if stage is not None:
            stmt = stmt.where(screening_outcomes.c.stage == stage.value)
        with self._db.transaction("reading screening outcomes") as conn:
            rows = conn.execute(stmt).all()
        return [
            StoredOutcome(stage=Stage(r.stage), cluster_id=r.cluster_id, status=r.status,
                          decision=Decision(r.decision) if r.decision else None,
                          reason=r.reason, how=r.how, why=r.why)
            for r in rows
        ]  # fmt: skip

    # ------------------------------------------------------------------ sheets

    def add_sheet(
        self, sheet_id: str, *, kind: str, stage: Stage, reviewer: str, rows: int, now: datetime
    ) -> None:
        """Note an exported sheet in the ledger."""
        with self._db.transaction("noting the screening sheet", write=True) as conn:
            conn.execute(
                insert(screening_sheets).values(
                    sheet_id=sheet_id, kind=kind, stage=stage.value, reviewer=reviewer,
                    rows=rows, exported_at=now,
                )
            )  # fmt: skip

    def sheet(self, sheet_id: str) -> SheetEntry | None:
        """The ledger row of one sheet, or ``None`` if this review never exported it."""
        stmt = select(screening_sheets).where(screening_sheets.c.sheet_id == sheet_id)
        with self._db.transaction("reading the sheet ledger") as conn:
            row = conn.execute(stmt).first()
        if row is None:
            return None
        return SheetEntry(sheet_id=row.sheet_id, kind=row.kind, stage=Stage(row.stage),
                          reviewer=row.reviewer, rows=row.rows, exported_at=row.exported_at,
                          imported_at=row.imported_at)  # fmt: skip
