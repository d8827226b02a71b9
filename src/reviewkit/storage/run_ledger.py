"""Reading the search-run ledger: run summaries, batches and the refresh cursor.

The ledger (tables ``search_runs`` and ``run_batches``) is written by
:mod:`reviewkit.storage.search_runs`; this module reads it back as frozen values:
:class:`RunSummary` per run, :class:`Batch` per batch of searched PMIDs, and the
:class:`Cursor` and unfinished run where the next refresh of a source starts.
:class:`RunLedger` is mixed into :class:`~reviewkit.storage.database.ReviewDatabase`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Select, func, select

from reviewkit.errors import StorageError
from reviewkit.storage.schema import run_batches, search_runs, sources
from reviewkit.storage.transactions import Transactions

__all__ = [
    "CURSOR_STATUSES",
    "OPEN_STATUSES",
    "Batch",
    "Cursor",
    "RunLedger",
    "RunSummary",
]

# Runs whose search window was covered completely: they move the refresh cursor.
# "empty" means NCBI found nothing for a broken query (PhraseNotFound): it must
# not count as coverage, or fixing the query would skip the window.
CURSOR_STATUSES = ("succeeded",)
# Runs that may still store batches, be resumed or be finished.
OPEN_STATUSES = ("running", "failed")


@dataclass(frozen=True, slots=True, kw_only=True)
class Batch:
    """One batch of a run's searched PMIDs; ``number`` counts from 0."""

    run_id: int
    number: int
    pmids: tuple[str, ...]
    done: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class RunSummary:
    """One row of the search ledger, with its totals."""

    id: int
    source: str
    query: str
    query_translation: str | None
    mode: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    count: int | None
    fetched: int
    new: int
    updated: int
    deleted: int
    skipped: int
    pmid_set_hash: str | None
    error: str | None
    requests: int | None
    window_start: date | None
    window_end: date | None
    warnings: tuple[str, ...]
    datetype: str | None = None
    batches: int = 0
    batches_done: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: dates and datetimes as ISO 8601 strings, tuples as lists."""
        out: dict[str, Any] = {}
        for name in (f.name for f in fields(self)):
            value = getattr(self, name)
            if isinstance(value, date):  # datetime is a date too
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Cursor:
    """Where the next incremental refresh of a source starts: its last complete run."""

    run_id: int
    window_start: date | None
    window_end: date | None
    finished_at: datetime


class RunLedger(Transactions):
    """Reading the ledger: runs, their batches, the cursor and the run to resume."""

    def batches(self, run_id: int) -> list[Batch]:
        """Every batch of a run, done or not, in order."""
        with self._read(f"reading the batches of run {run_id}") as conn:
            return self._batches(conn, run_id, pending_only=False)

    def pending_batches(self, run_id: int) -> list[Batch]:
        """The batches of a run not yet stored, in order: what a resumed run must fetch."""
        with self._read(f"reading the batches of run {run_id}") as conn:
            return self._batches(conn, run_id, pending_only=True)

    @staticmethod
    def _batches(conn: Connection, run_id: int, *, pending_only: bool) -> list[Batch]:
        stmt = select(run_batches.c.number, run_batches.c.pmids, run_batches.c.done).where(
            run_batches.c.run_id == run_id
        )
        if pending_only:
            stmt = stmt.where(run_batches.c.done.is_(False))
        return [
            Batch(run_id=run_id, number=row.number, pmids=tuple(row.pmids), done=bool(row.done))
            for row in conn.execute(stmt.order_by(run_batches.c.number))
        ]

    def unfinished_run(self, source_id: int) -> RunSummary | None:
        """The run a new refresh of this source should resume, if any.

        That is the latest ``running`` or ``failed`` run newer than the last complete
        run, with a recorded search and batches still pending. Call it while holding
        :meth:`~reviewkit.storage.locks.RefreshLocks.refresh_lock`, or a run in
        progress elsewhere looks resumable.
        """
        with self._read(f"looking for an unfinished run of source {source_id}") as conn:
            last_ok = conn.execute(
                select(func.max(search_runs.c.id)).where(
                    search_runs.c.source_id == source_id,
                    search_runs.c.status.in_(CURSOR_STATUSES),
                )
            ).scalar_one()
            has_pending = (
                select(run_batches.c.id)
                .where(run_batches.c.run_id == search_runs.c.id, run_batches.c.done.is_(False))
                .exists()
            )
            run_id = conn.execute(
                select(func.max(search_runs.c.id)).where(
                    search_runs.c.source_id == source_id,
                    search_runs.c.id > (last_ok or 0),
                    search_runs.c.status.in_(OPEN_STATUSES),
                    search_runs.c.pmids.is_not(None),
                    has_pending,
                )
            ).scalar_one()
            return None if run_id is None else self._summary(conn, run_id)

    def cursor(self, source_id: int) -> Cursor | None:
        """The source's last complete run, where an incremental refresh continues."""
        with self._read(f"reading the cursor of source {source_id}") as conn:
            row = conn.execute(
                select(
                    search_runs.c.id,
                    search_runs.c.window_start,
                    search_runs.c.window_end,
                    search_runs.c.finished_at,
                )
                .where(
                    search_runs.c.source_id == source_id,
                    search_runs.c.status.in_(CURSOR_STATUSES),
                )
                .order_by(search_runs.c.finished_at.desc(), search_runs.c.id.desc())
                .limit(1)
            ).first()
        if row is None:
            return None
        return Cursor(
            run_id=row.id,
            window_start=row.window_start,
            window_end=row.window_end,
            finished_at=row.finished_at,
        )

    def run(self, run_id: int) -> RunSummary:
        """One run of the ledger."""
        with self._read(f"reading run {run_id}") as conn:
            self._run_row(conn, run_id)
            return self._summary(conn, run_id)

    def last_run(self) -> RunSummary | None:
        """The most recently started run of any source."""
        found = self.runs(limit=1)
        return found[0] if found else None

    def runs(self, *, limit: int = 20) -> list[RunSummary]:
        """The ledger, newest run first."""
        with self._read("reading the run ledger") as conn:
            rows = conn.execute(
                self._summary_query().order_by(search_runs.c.id.desc()).limit(limit)
            ).all()
        return [self._to_summary(row) for row in rows]

    def run_pmids(self, run_id: int) -> tuple[str, ...]:
        """The PMIDs the run's search found, in search order (empty before the search)."""
        with self._read(f"reading the PMIDs of run {run_id}") as conn:
            run = self._run_row(conn, run_id)
        return tuple(run.pmids or ())

    def stored_pmids_for_run(self, run_id: int) -> set[str]:
        """The PMIDs fetched so far by the run's done batches."""
        with self._read(f"reading the fetched PMIDs of run {run_id}") as conn:
            rows = conn.execute(
                select(run_batches.c.fetched_pmids).where(
                    run_batches.c.run_id == run_id, run_batches.c.done.is_(True)
                )
            ).scalars()
            return {str(p) for pmids in rows for p in (pmids or ())}

    def _run_row(self, conn: Connection, run_id: int) -> Any:
        row = conn.execute(select(search_runs).where(search_runs.c.id == run_id)).first()
        if row is None:
            raise StorageError(f"{self._where}: no run with id {run_id}")
        return row

    @staticmethod
    def _summary_query() -> Select[Any]:
        all_batches = (
            select(func.count(run_batches.c.id))
            .where(run_batches.c.run_id == search_runs.c.id)
            .scalar_subquery()
        )
        done_batches = (
            select(func.count(run_batches.c.id))
            .where(run_batches.c.run_id == search_runs.c.id, run_batches.c.done.is_(True))
            .scalar_subquery()
        )
        return select(
            search_runs,
            sources.c.name.label("source_name"),
            all_batches.label("n_batches"),
            done_batches.label("n_done"),
        ).join(sources, sources.c.id == search_runs.c.source_id)

    def _summary(self, conn: Connection, run_id: int) -> RunSummary:
        row = conn.execute(self._summary_query().where(search_runs.c.id == run_id)).one()
        return self._to_summary(row)

    @staticmethod
    def _to_summary(row: Any) -> RunSummary:
        return RunSummary(
            id=row.id,
            source=row.source_name,
            query=row.query,
            query_translation=row.query_translation,
            mode=row.mode,
            status=row.status,
            started_at=row.started_at,
            finished_at=row.finished_at,
            count=row.count,
            fetched=row.fetched,
            new=row.new,
            updated=row.updated,
            deleted=row.deleted,
            skipped=row.skipped,
            pmid_set_hash=row.pmid_set_hash,
            error=row.error,
            requests=row.requests,
            window_start=row.window_start,
            window_end=row.window_end,
            warnings=tuple(row.warnings or ()),
            datetype=row.datetype,
            batches=int(row.n_batches),
            batches_done=int(row.n_done),
        )
