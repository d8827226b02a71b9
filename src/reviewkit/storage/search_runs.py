"""A refresh run's life in the search-run ledger: start, search, batches, finish.

A refresh run goes: :meth:`~SearchRuns.start_run` → :meth:`~SearchRuns.record_search`
(the searched PMIDs, split into batches) → :meth:`~SearchRuns.store_batch` once per
batch, each in one transaction → :meth:`~SearchRuns.finish_run`. A crashed run keeps
its finished batches, so ``unfinished_run`` and ``pending_batches``
(:mod:`reviewkit.storage.run_ledger`) let the next refresh fetch only the rest, after
:meth:`~SearchRuns.resume_run`. :class:`SearchRuns` is mixed into
:class:`~reviewkit.storage.database.ReviewDatabase`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from reviewkit.errors import StorageError
from reviewkit.records import PubmedRecord, SkippedRecord
from reviewkit.storage.run_ledger import OPEN_STATUSES, RunLedger, RunSummary
from reviewkit.storage.schema import run_batches, search_runs, sources
from reviewkit.storage.transactions import aware_utc
from reviewkit.storage.upsert import upsert_batch

__all__ = ["FINISHED_STATUSES", "RUN_MODES", "BatchResult", "SearchRuns"]

RUN_MODES = frozenset({"full", "incremental", "resume"})
FINISHED_STATUSES = frozenset({"succeeded", "failed", "empty"})


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchResult:
    """What storing one batch did.

    ``fetched_pmids`` are the PMIDs NCBI answered for: stored records, deleted
    citations and skipped records that carried a PMID.
    """

    new: int
    updated: int
    unchanged: int
    deleted: int
    skipped: int
    fetched_pmids: tuple[str, ...]


class SearchRuns(RunLedger):
    """Writing the ledger: a run from :meth:`start_run` to :meth:`finish_run`."""

    def start_run(
        self,
        source_id: int,
        *,
        query: str,
        mode: str,
        datetype: str | None,
        window_start: date | None,
        window_end: date | None,
        now: datetime,
    ) -> int:
        """Open a new run in the ledger with status ``running``; return its id."""
        if mode not in RUN_MODES:
            raise StorageError(f"run mode must be one of {sorted(RUN_MODES)}, got {mode!r}")
        started = aware_utc(now, "now")
        with self._write("starting a run") as conn:
            if conn.execute(select(sources.c.id).where(sources.c.id == source_id)).first() is None:
                raise StorageError(f"{self._where}: no source with id {source_id}")
            run_id = conn.execute(
                insert(search_runs)
                .values(
                    source_id=source_id,
                    query=query,
                    mode=mode,
                    datetype=datetype,
                    window_start=window_start,
                    window_end=window_end,
                    started_at=started,
                    status="running",
                    warnings=[],
                    fetched=0,
                    new=0,
                    updated=0,
                    deleted=0,
                    skipped=0,
                )
                .returning(search_runs.c.id)
            ).scalar_one()
        return int(run_id)

    def record_search(
        self,
        run_id: int,
        *,
        count: int,
        query_translation: str | None,
        pmids: Sequence[str],
        batches: Sequence[Sequence[str]],
        pmid_set_hash: str,
        warnings: Sequence[str] = (),
        now: datetime | None = None,
    ) -> None:
        """Store what the search found and how it is split into batches.

        Raises:
            StorageError: the run is unknown, finished or already has a search, or the
                batches do not hold exactly the searched PMIDs.
        """
        flat = [str(p) for batch in batches for p in batch]
        if sorted(flat) != sorted(str(p) for p in pmids):
            raise StorageError(
                f"run {run_id}: the batches must hold exactly the {len(pmids)} searched PMIDs, "
                f"they hold {len(flat)}"
            )
        searched = aware_utc(now, "now") if now is not None else datetime.now(UTC)
        with self._write(f"recording the search of run {run_id}") as conn:
            run = self._open_run_row(conn, run_id)
            if run.pmids is not None:
                raise StorageError(f"run {run_id} already has a recorded search")
            conn.execute(
                update(search_runs)
                .where(search_runs.c.id == run_id)
                .values(
                    count=count,
                    query_translation=query_translation,
                    pmids=[str(p) for p in pmids],
                    pmid_set_hash=pmid_set_hash,
                    warnings=list(warnings),
                    searched_at=searched,
                )
            )
            if batches:
                conn.execute(
                    insert(run_batches),
                    [
                        {
                            "run_id": run_id,
                            "number": number,
                            "pmids": [str(p) for p in batch],
                            "done": False,
                            "fetched": 0,
                            "new": 0,
                            "updated": 0,
                            "unchanged": 0,
                            "deleted": 0,
                            "skipped": 0,
                        }
                        for number, batch in enumerate(batches)
                    ],
                )

    def store_batch(
        self,
        run_id: int,
        batch_number: int,
        *,
        records: Sequence[PubmedRecord],
        deleted: Sequence[str],
        skipped: Sequence[SkippedRecord],
        now: datetime,
    ) -> BatchResult:
        """Store one fetched batch in one transaction and mark it done.

        New records are inserted, changed ones updated (with a ``record_changes`` row
        naming the changed fields), PMIDs in ``deleted`` marked deleted but kept.
        Storing a batch again changes no content and counts nothing as new or updated;
        the batch keeps the counts of its first storing.
        """
        at = aware_utc(now, "now")
        with self._write(f"storing batch {batch_number} of run {run_id}") as conn:
            run = self._open_run_row(conn, run_id)
            batch = conn.execute(
                select(run_batches.c.id, run_batches.c.done).where(
                    run_batches.c.run_id == run_id, run_batches.c.number == batch_number
                )
            ).first()
            if batch is None:
                raise StorageError(f"run {run_id} has no batch {batch_number}")
            counts = upsert_batch(
                conn,
                source_id=run.source_id,
                run_id=run_id,
                records_in=records,
                deleted=[str(p) for p in deleted],
                at=at,
            )
            fetched = [r.pmid for r in records] + [str(p) for p in deleted]
            fetched += [s.pmid for s in skipped if s.pmid]
            result = BatchResult(
                new=counts.new,
                updated=counts.updated,
                unchanged=counts.unchanged,
                deleted=counts.deleted,
                skipped=len(skipped),
                fetched_pmids=tuple(dict.fromkeys(str(p) for p in fetched)),
            )
            if not batch.done:
                self._mark_batch_done(conn, run_id, batch.id, result, at)
            return result

    @staticmethod
    def _mark_batch_done(
        conn: Connection, run_id: int, batch_id: int, result: BatchResult, at: datetime
    ) -> None:
        counts = {
            "fetched": len(result.fetched_pmids),
            "new": result.new,
            "updated": result.updated,
            "deleted": result.deleted,
            "skipped": result.skipped,
        }
        conn.execute(
            update(run_batches)
            .where(run_batches.c.id == batch_id)
            .values(
                done=True,
                done_at=at,
                fetched_pmids=list(result.fetched_pmids),
                unchanged=result.unchanged,
                **counts,
            )
        )
        # Running totals, so a run in progress shows them; finish_run recomputes them.
        conn.execute(
            update(search_runs)
            .where(search_runs.c.id == run_id)
            .values(
                {
                    getattr(search_runs.c, k): getattr(search_runs.c, k) + v
                    for k, v in counts.items()
                }
            )
        )

    def resume_run(self, run_id: int, *, now: datetime) -> RunSummary:
        """Set an unfinished (``failed`` or ``running``) run back to ``running``.

        Its done batches stay done; fetch :meth:`pending_batches` and store them.
        """
        aware_utc(now, "now")
        with self._write(f"resuming run {run_id}") as conn:
            self._open_run_row(conn, run_id)
            conn.execute(
                update(search_runs)
                .where(search_runs.c.id == run_id)
                .values(status="running", error=None)
            )
            return self._summary(conn, run_id)

    def finish_run(
        self,
        run_id: int,
        *,
        status: str,
        now: datetime,
        error: str | None = None,
        requests: int | None = None,
    ) -> RunSummary:
        """Close a run with its final status and totals summed from its batches.

        ``succeeded`` (and ``empty``) make this run the source's refresh cursor;
        ``failed`` never does and leaves the run resumable. ``requests`` is added to
        the run's count, so a resumed run counts the requests of every attempt.

        Raises:
            StorageError: unknown status, run already finished, or ``succeeded`` while
                the search is unrecorded or batches are still pending.
        """
        if status not in FINISHED_STATUSES:
            raise StorageError(
                f"run status must be one of {sorted(FINISHED_STATUSES)}, got {status!r}"
            )
        finished = aware_utc(now, "now")
        with self._write(f"finishing run {run_id}") as conn:
            run = self._open_run_row(conn, run_id)
            pending = self._batches(conn, run_id, pending_only=True)
            if status == "succeeded" and (run.pmids is None or pending):
                raise StorageError(
                    f"run {run_id} cannot succeed: "
                    + (
                        "its search was never recorded"
                        if run.pmids is None
                        else f"{len(pending)} batch(es) not stored yet"
                    )
                )
            done = run_batches.c.done.is_(True)
            totals = conn.execute(
                select(
                    func.coalesce(func.sum(run_batches.c.fetched), 0).label("fetched"),
                    func.coalesce(func.sum(run_batches.c.new), 0).label("new"),
                    func.coalesce(func.sum(run_batches.c.updated), 0).label("updated"),
                    func.coalesce(func.sum(run_batches.c.deleted), 0).label("deleted"),
                    func.coalesce(func.sum(run_batches.c.skipped), 0).label("skipped"),
                ).where(run_batches.c.run_id == run_id, done)
            ).one()
            total_requests = run.requests
            if requests is not None:
                total_requests = (run.requests or 0) + requests
            conn.execute(
                update(search_runs)
                .where(search_runs.c.id == run_id)
                .values(
                    status=status,
                    finished_at=finished,
                    error=error,
                    requests=total_requests,
                    **{k: int(v) for k, v in totals._mapping.items()},
                )
            )
            return self._summary(conn, run_id)

    def _open_run_row(self, conn: Connection, run_id: int) -> Any:
        """The run's row, refused if the run is unknown or already finished."""
        run = self._run_row(conn, run_id)
        if run.status not in OPEN_STATUSES:
            raise StorageError(f"run {run_id} already finished as {run.status}")
        return run
