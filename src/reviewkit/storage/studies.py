"""Studies in the review database: dedup clusters, relations, queue, decisions, runs.

``StudyStore`` reads and writes the study tables of migration 0002 over an open
:class:`~reviewkit.storage.ReviewDatabase`: the studies (dedup clusters) with
their members, relations, the "maybe" queue, human decisions and the dedup run
ledger; the import ledger and the citations come from
:class:`~reviewkit.storage.citations.CitationStore`, which it extends. It stores
what the library computed; deciding anything is :mod:`reviewkit.deduplication`'s job.

A source record, once stored, stays linked to a study for good; a study that no
longer exists is marked dissolved, not deleted. SQL errors leave as ``StorageError``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, delete, func, insert, select, update

from reviewkit.dedup import DedupResult, FieldComparison, MergedRecord
from reviewkit.errors import ReviewkitError
from reviewkit.storage.citations import CitationStore
from reviewkit.storage.schema import (
    citations,
    dedup_decisions,
    dedup_queue,
    dedup_runs,
    imports,
    studies,
    study_members,
    study_relations,
)

__all__ = ["DecisionEntry", "NewDecision", "PairDecision", "QueueItem", "StudyStore"]

PairDecision = Literal["same", "different"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NewDecision:
    """A human decision about a pair of records, before it is stored."""

    a: str
    b: str
    decision: PairDecision
    decided_by: str
    note: str | None = None
    origin: str = "cli"


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionEntry:
    """A stored decision (``a < b``); the latest per pair is the one that counts."""

    id: int
    a: str
    b: str
    decision: PairDecision
    decided_by: str
    decided_at: datetime
    note: str | None
    origin: str


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueItem:
    """A "maybe" pair waiting for (or past) a human decision."""

    a: str
    b: str
    score: float
    reasons: tuple[str, ...]
    fields: tuple[FieldComparison, ...]
    status: str


def _json(value: object) -> Any:
    # What the JSON column gives back, so stored and fresh values compare equal.
    return json.loads(json.dumps(value, default=list, sort_keys=True))


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


class StudyStore(CitationStore):
    """Imports, citations and studies of one review database."""

    # ---------------------------------------------------------------- decisions

    def add_decisions(self, new: Sequence[NewDecision], *, now: datetime) -> int:
        """Store human decisions in one transaction; return how many.

        Raises:
            ReviewkitError: a decision names an unknown record, pairs a record with
                itself, or has a value other than ``same``/``different``; nothing is stored.
        """
        known = self.citation_ids()
        rows = []
        for d in new:
            for rid in (d.a, d.b):
                if rid not in known:
                    raise ReviewkitError(f"decision ({d.origin}): no record {rid!r} in the review")
            if d.a == d.b or d.decision not in ("same", "different"):
                raise ReviewkitError(
                    f"decision ({d.origin}): expected two different records and 'same' or "
                    f"'different', got {d.a!r}, {d.b!r}, {d.decision!r}"
                )
            a, b = _pair(d.a, d.b)
            rows.append(
                {
                    "a": a,
                    "b": b,
                    "decision": d.decision,
                    "decided_by": d.decided_by,
                    "decided_at": now,
                    "note": d.note,
                    "origin": d.origin,
                }
            )
        if rows:
            with self._db.transaction("storing decisions", write=True) as conn:
                conn.execute(insert(dedup_decisions), rows)
        return len(rows)

    def decision_history(self) -> list[DecisionEntry]:
        """Every decision ever made, oldest first."""
        with self._db.transaction("reading decisions") as conn:
            rows = conn.execute(select(dedup_decisions).order_by(dedup_decisions.c.id)).all()
        return [
            DecisionEntry(
                id=r.id,
                a=r.a,
                b=r.b,
                decision=r.decision,
                decided_by=r.decided_by,
                decided_at=r.decided_at,
                note=r.note,
                origin=r.origin,
            )
            for r in rows
        ]

    def decisions(self) -> dict[frozenset[str], PairDecision]:
        """The decision in force per pair: the latest one."""
        return {frozenset((d.a, d.b)): d.decision for d in self.decision_history()}

    # ------------------------------------------------------------------ studies

    def clusters(self) -> list[MergedRecord]:
        """The current studies with their members, by cluster id."""
        with self._db.transaction("reading studies") as conn:
            rows = conn.execute(
                select(studies)
                .where(studies.c.dissolved_at.is_(None))
                .order_by(studies.c.cluster_id)
            ).all()
            members: dict[str, list[str]] = {}
            for rid, cid in conn.execute(
                select(study_members.c.record_id, study_members.c.cluster_id)
            ):
                members.setdefault(cid, []).append(rid)
        return [
            MergedRecord(
                cluster_id=r.cluster_id,
                record_ids=tuple(sorted(members.get(r.cluster_id, ()))),
                representative=r.representative,
                fields=r.fields,
                provenance=r.provenance,
            )
            for r in rows
        ]

    def study(self, cluster_id: str) -> MergedRecord:
        """One current study.

        Raises:
            ReviewkitError: no current study has this id.
        """
        found = [c for c in self.clusters() if c.cluster_id == cluster_id]
        if not found:
            raise ReviewkitError(f"no study {cluster_id!r} in the review (see `reviewkit status`)")
        return found[0]

    def memberships(self) -> dict[str, str]:
        """record_id → cluster_id of every citation placed by a dedup run."""
        with self._db.transaction("reading study members") as conn:
            stmt = select(study_members.c.record_id, study_members.c.cluster_id)
            return {rid: cid for rid, cid in conn.execute(stmt)}

    def screened(self) -> dict[str, datetime]:
        """cluster_id → when it was screened, for the studies already screened."""
        stmt = select(studies.c.cluster_id, studies.c.screened_at).where(
            studies.c.screened_at.is_not(None)
        )
        with self._db.transaction("reading screened studies") as conn:
            return {cid: at for cid, at in conn.execute(stmt)}

    def mark_screened(self, cluster_id: str, *, at: datetime) -> None:
        """Note that a study was screened (the hook screening will use)."""
        with self._db.transaction(f"marking {cluster_id} screened", write=True) as conn:
            done = conn.execute(
                update(studies).where(studies.c.cluster_id == cluster_id).values(screened_at=at)
            ).rowcount
        if done != 1:
            raise ReviewkitError(f"no study {cluster_id!r} in the review")

    def queue(self, *, status: str | None = "open") -> list[QueueItem]:
        """The "maybe" pairs with ``status`` (all when None), by record ids."""
        stmt = select(dedup_queue).order_by(dedup_queue.c.a, dedup_queue.c.b)
        if status is not None:
            stmt = stmt.where(dedup_queue.c.status == status)
        with self._db.transaction("reading the dedup queue") as conn:
            rows = conn.execute(stmt).all()
        return [
            QueueItem(
                a=r.a,
                b=r.b,
                score=r.score,
                reasons=tuple(r.reasons),
                fields=tuple(FieldComparison(**f) for f in r.fields),
                status=r.status,
            )
            for r in rows
        ]

    def counts(self) -> dict[str, int]:
        """Row counts: ``citations``, ``studies`` (current), ``maybe_open``, ``imports``."""
        queries = {
            "citations": select(func.count(citations.c.id)),
            "studies": select(func.count(studies.c.id)).where(studies.c.dissolved_at.is_(None)),
            "maybe_open": select(func.count(dedup_queue.c.id)).where(
                dedup_queue.c.status == "open"
            ),
            "imports": select(func.count(imports.c.id)),
        }
        with self._db.transaction("counting studies") as conn:
            return {name: int(conn.execute(q).scalar_one()) for name, q in queries.items()}

    def dedup_runs(self) -> list[dict[str, Any]]:
        """The dedup run ledger, oldest first."""
        with self._db.transaction("reading dedup runs") as conn:
            rows = conn.execute(select(dedup_runs).order_by(dedup_runs.c.id)).all()
        return [dict(r._mapping) for r in rows]

    # --------------------------------------------------------------- dedup runs

    def save_result(
        self, result: DedupResult, *, counts: Mapping[str, Any], now: datetime
    ) -> tuple[int, bool]:
        """Persist one dedup run in one transaction; return (run id, whether anything changed).

        Studies are inserted, updated or dissolved (never deleted), memberships move,
        relations are replaced, the queue is updated (pairs no longer "maybe" become
        ``decided`` or ``closed``), and ``counts`` becomes the run's ledger row.
        """
        with self._db.transaction("saving the deduplication", write=True) as conn:
            run_id = int(
                conn.execute(
                    insert(dedup_runs)
                    .values(ran_at=now, changed=False, **counts)
                    .returning(dedup_runs.c.id)
                ).scalar_one()
            )
            changed = self._save_studies(conn, result.clusters, now=now)
            changed |= self._save_members(conn, result.clusters, run_id=run_id, now=now)
            changed |= self._save_relations(conn, result, now=now)
            changed |= self._save_queue(conn, result, now=now)
            conn.execute(
                update(dedup_runs).where(dedup_runs.c.id == run_id).values(changed=changed)
            )
        return run_id, changed

    @staticmethod
    def _save_studies(conn: Connection, clusters: Sequence[MergedRecord], *, now: datetime) -> bool:
        old = {r.cluster_id: r for r in conn.execute(select(studies))}
        changed = False
        for c in clusters:
            values = {
                "representative": c.representative,
                "fields": _json(dict(c.fields)),
                "provenance": _json(dict(c.provenance)),
                "size": len(c.record_ids),
            }
            row = old.get(c.cluster_id)
            if row is None:
                conn.execute(
                    insert(studies).values(
                        cluster_id=c.cluster_id, created_at=now, updated_at=now, **values
                    )
                )
                changed = True
            elif row.dissolved_at is not None or any(
                _json(getattr(row, k)) != v for k, v in values.items()
            ):
                conn.execute(
                    update(studies)
                    .where(studies.c.cluster_id == c.cluster_id)
                    .values(updated_at=now, dissolved_at=None, **values)
                )
                changed = True
        current = {c.cluster_id for c in clusters}
        gone = [cid for cid, r in old.items() if cid not in current and r.dissolved_at is None]
        if gone:
            conn.execute(
                update(studies).where(studies.c.cluster_id.in_(gone)).values(dissolved_at=now)
            )
        return changed or bool(gone)

    @staticmethod
    def _save_members(
        conn: Connection, clusters: Sequence[MergedRecord], *, run_id: int, now: datetime
    ) -> bool:
        old = dict(
            conn.execute(select(study_members.c.record_id, study_members.c.cluster_id)).all()
        )
        new_rows: list[dict[str, Any]] = []
        moved = 0
        for c in clusters:
            for rid in c.record_ids:
                if rid not in old:
                    new_rows.append(
                        {"record_id": rid, "cluster_id": c.cluster_id, "joined_at": now,
                         "run_id": run_id}
                    )  # fmt: skip
                elif old[rid] != c.cluster_id:
                    moved += 1
                    conn.execute(
                        update(study_members)
                        .where(study_members.c.record_id == rid)
                        .values(cluster_id=c.cluster_id, joined_at=now, run_id=run_id)
                    )
        if new_rows:
            conn.execute(insert(study_members), new_rows)
        return bool(new_rows) or moved > 0

    @staticmethod
    def _save_relations(conn: Connection, result: DedupResult, *, now: datetime) -> bool:
        rows = conn.execute(
            select(study_relations.c.a, study_relations.c.b, study_relations.c.kind)
        )
        old = {(a, b, kind) for a, b, kind in rows}
        new = {(*_pair(r.a, r.b), r.kind) for r in result.relations}
        for a, b, kind in old - new:
            conn.execute(
                delete(study_relations).where(
                    study_relations.c.a == a,
                    study_relations.c.b == b,
                    study_relations.c.kind == kind,
                )
            )
        if new - old:
            conn.execute(
                insert(study_relations),
                [{"a": a, "b": b, "kind": k, "found_at": now} for a, b, k in sorted(new - old)],
            )
        return old != new

    @staticmethod
    def _save_queue(conn: Connection, result: DedupResult, *, now: datetime) -> bool:
        old = {(r.a, r.b): r for r in conn.execute(select(dedup_queue))}
        decided = {
            (a, b) for a, b in conn.execute(select(dedup_decisions.c.a, dedup_decisions.c.b))
        }
        changed = False
        seen: set[tuple[str, str]] = set()
        for v in result.maybe:
            key = _pair(v.a, v.b)
            seen.add(key)
            values = {
                "score": float(v.score),
                "reasons": list(v.reasons),
                "fields": _json([asdict(f) for f in v.fields]),
                "status": "open",
            }
            row = old.get(key)
            if row is None:
                conn.execute(
                    insert(dedup_queue).values(
                        a=key[0], b=key[1], first_seen=now, updated_at=now, **values
                    )
                )
                changed = True
            elif any(_json(getattr(row, k)) != _json(val) for k, val in values.items()):
                conn.execute(
                    update(dedup_queue)
                    .where(dedup_queue.c.a == key[0], dedup_queue.c.b == key[1])
                    .values(updated_at=now, **values)
                )
                changed = True
        for key, row in old.items():
            if key in seen or row.status != "open":
                continue
            status = "decided" if key in decided else "closed"
            conn.execute(
                update(dedup_queue)
                .where(dedup_queue.c.a == key[0], dedup_queue.c.b == key[1])
                .values(status=status, updated_at=now)
            )
            changed = True
        return changed
