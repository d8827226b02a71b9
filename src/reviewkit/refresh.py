"""One PubMed refresh, as three steps the flows call: begin, fetch a batch, finish.

A refresh searches (date-sliced when over 9,999 hits), splits the searched PMIDs
into batches, fetches and stores each batch in its own transaction, and only then
checks that the stored set equals the searched set. Only a run that passes that
check moves the source's cursor, so a partial fetch can never leave a silent gap
in a living review (see eutilities.md §9, ReCiter#166).

A run that stopped part-way is resumed: its searched PMIDs are kept in the
ledger, so the next refresh posts the PMIDs of the unfinished batches to the
history server and fetches only those.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from reviewkit.errors import IncompleteRetrieval, SourceError, SourceUnavailable
from reviewkit.eutils import EUtilsClient
from reviewkit.eutils_responses import HistoryKey
from reviewkit.protocol import PubmedSearch
from reviewkit.pubmed_xml import parse_pubmed_xml
from reviewkit.records import DeletedCitations, PubmedRecord, SkippedRecord
from reviewkit.slicing import SearchPlan, plan_search
from reviewkit.storage import BatchResult, ReviewDatabase, RunSummary

__all__ = [
    "FetchBatch",
    "RefreshPlan",
    "Refresher",
    "batch_pmids",
    "parse_date_limit",
    "pmid_set_hash",
]

log = logging.getLogger(__name__)

SOURCE = "pubmed"
Mode = Literal["full", "incremental", "resume"]
# EPost takes at most 10,000 UIDs per request for PubMed (NBK25499).
EPOST_LIMIT = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchBatch:
    """A batch of PMIDs and where it sits in a history-server set."""

    number: int
    pmids: tuple[str, ...]
    history: HistoryKey
    retstart: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RefreshPlan:
    """What a refresh run will fetch, decided by :meth:`Refresher.begin`."""

    run_id: int
    source_id: int
    mode: Mode
    count: int
    query_translation: str | None
    batches: tuple[FetchBatch, ...]
    window: tuple[date | None, date | None]
    datetype: str | None
    warnings: tuple[str, ...] = ()
    finished: RunSummary | None = None  # set when nothing is left to fetch (empty result)


def pmid_set_hash(pmids: Sequence[str]) -> str:
    """Order-free SHA-256 of a PMID set, for the ledger.

    >>> pmid_set_hash(["2", "1"]) == pmid_set_hash(["1", "2", "1"])
    True
    """
    joined = "\n".join(sorted(set(pmids), key=int))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def batch_pmids(pmids: Sequence[str], size: int) -> list[tuple[str, ...]]:
    """Split PMIDs into consecutive batches of at most ``size``.

    >>> batch_pmids(["1", "2", "3"], 2)
    [('1', '2'), ('3',)]
    """
    return [tuple(pmids[i : i + size]) for i in range(0, len(pmids), size)]


def parse_date_limit(text: str) -> date:
    """Turn ``YYYY``, ``YYYY/MM`` or ``YYYY/MM/DD`` into the first day it names.

    >>> parse_date_limit("1990"), parse_date_limit("2024/02")
    (datetime.date(1990, 1, 1), datetime.date(2024, 2, 1))
    """
    parts = [int(p) for p in text.replace("-", "/").split("/")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


class Refresher:
    """Runs the steps of a PubMed refresh against one database and one client.

    The flows wrap :meth:`begin`, :meth:`fetch` and :meth:`finish` as Prefect
    tasks; the CLI and tests can call them directly.
    """

    def __init__(
        self,
        db: ReviewDatabase,
        client: EUtilsClient,
        search: PubmedSearch,
        *,
        clock: Callable[[], datetime],
        short_batch_tries: int = 3,
    ) -> None:
        self._db = db
        self._client = client
        self._search = search
        self._clock = clock
        self._short_batch_tries = short_batch_tries
        self.on_run_started: Callable[[int], None] | None = None

    # -- step 1 -----------------------------------------------------------
    def begin(self, *, full: bool = False) -> RefreshPlan:
        """Search (or pick up an unfinished run) and decide the batches to fetch."""
        source_id = self._db.ensure_source(SOURCE, kind="pubmed", query=self._search.query)
        unfinished = self._db.unfinished_run(source_id)
        if unfinished is not None and unfinished.query == self._search.query and not full:
            return self._resume(source_id, unfinished)
        mode, datetype, mindate, maxdate = self._window(source_id, full=full)
        run_id = self._db.start_run(
            source_id,
            query=self._search.query,
            mode=mode,
            datetype=datetype,
            window_start=mindate,
            window_end=maxdate,
            now=self._clock(),
        )
        self._announce(run_id)
        try:
            plan = plan_search(
                self._client,
                self._search.query,
                datetype=datetype or "pdat",
                mindate=mindate or parse_date_limit("1800"),
                maxdate=maxdate or self._today(),
            )
        except Exception as exc:
            self._db.finish_run(
                run_id,
                status="failed",
                now=self._clock(),
                error=str(exc),
                requests=self._client.stats.requests,
            )
            raise
        return self._record_plan(run_id, source_id, mode, plan, (mindate, maxdate), datetype)

    def _today(self) -> date:
        return self._clock().date()

    def _announce(self, run_id: int) -> None:
        if self.on_run_started is not None:
            self.on_run_started(run_id)

    def _window(
        self, source_id: int, *, full: bool
    ) -> tuple[Mode, str | None, date | None, date | None]:
        cursor = self._db.cursor(source_id)
        maxdate = parse_date_limit(self._search.maxdate) if self._search.maxdate else self._today()
        if cursor is None or full or self._db.run(cursor.run_id).query != self._search.query:
            return "full", self._search.datetype, parse_date_limit(self._search.mindate), maxdate
        # A safe overlap re-asks for a few days already covered: records PubMed
        # indexed late under an earlier date are caught; unchanged ones count as 0 new.
        since = cursor.finished_at.date() - timedelta(days=self._search.overlap_days)
        return "incremental", self._search.incremental_datetype, since, self._today()

    def _record_plan(
        self,
        run_id: int,
        source_id: int,
        mode: Mode,
        plan: SearchPlan,
        window: tuple[date | None, date | None],
        datetype: str | None,
    ) -> RefreshPlan:
        batches: list[FetchBatch] = []
        size = self._search.batch_size
        for part in plan.slices:
            if plan.webenv is None or part.query_key is None:
                break
            history = HistoryKey(webenv=plan.webenv, query_key=part.query_key)
            for offset, chunk in zip(
                range(0, len(part.ids), size), batch_pmids(part.ids, size), strict=True
            ):
                batches.append(
                    FetchBatch(number=len(batches), pmids=chunk, history=history, retstart=offset)
                )
        all_pmids = [p for b in batches for p in b.pmids]
        self._db.record_search(
            run_id,
            count=plan.total_count,
            query_translation=plan.query_translation,
            pmids=all_pmids,
            batches=[b.pmids for b in batches],
            pmid_set_hash=pmid_set_hash(all_pmids),
            warnings=plan.warnings,
        )
        finished = None
        if plan.total_count == 0:
            # A full search that finds nothing and names phrases NCBI does not know
            # is a broken query: reported in the ledger as "empty", not a crash,
            # and it does not move the cursor. An incremental window with no
            # changes is simply a success (NCBI lists unknown phrases there too).
            problems = [w for w in plan.warnings if "NotFound" in w] if mode == "full" else []
            status = "empty" if problems else "succeeded"
            finished = self._db.finish_run(
                run_id,
                status=status,
                now=self._clock(),
                error="; ".join(problems) or None,
                requests=self._client.stats.requests,
            )
        return RefreshPlan(
            run_id=run_id,
            source_id=source_id,
            mode=mode,
            count=plan.total_count,
            query_translation=plan.query_translation,
            batches=tuple(batches),
            window=window,
            datetype=datetype,
            warnings=plan.warnings,
            finished=finished,
        )

    def _resume(self, source_id: int, run: RunSummary) -> RefreshPlan:
        self._db.resume_run(run.id, now=self._clock())
        self._announce(run.id)
        pending = [b for b in self._db.pending_batches(run.id) if not b.done]
        log.info("resuming run %s: %d batches left", run.id, len(pending))
        batches: list[FetchBatch] = []
        # The old WebEnv may have expired (NCBI keeps history ~8 h), so the
        # unfinished PMIDs are posted to a fresh history set.
        pmids = [p for b in pending for p in b.pmids]
        webenv: str | None = None
        keys: list[tuple[HistoryKey, int]] = []
        for start in range(0, len(pmids), EPOST_LIMIT):
            key = self._client.epost(pmids[start : start + EPOST_LIMIT], webenv=webenv)
            webenv = key.webenv
            keys.append((key, start))
        position = 0
        for b in pending:
            key, start = next((k, s) for k, s in reversed(keys) if s <= position)
            batches.append(
                FetchBatch(number=b.number, pmids=b.pmids, history=key, retstart=position - start)
            )
            position += len(b.pmids)
        return RefreshPlan(
            run_id=run.id,
            source_id=source_id,
            mode="resume",
            count=run.count or 0,
            query_translation=run.query_translation,
            batches=tuple(batches),
            window=(run.window_start, run.window_end),
            datetype=run.datetype,
            warnings=tuple(run.warnings),
        )

    # -- step 2 -----------------------------------------------------------
    def fetch(self, plan: RefreshPlan, batch: FetchBatch) -> BatchResult:
        """Fetch, parse and store one batch in one transaction.

        A short batch (NCBI sometimes returns fewer records than asked) is asked
        again; if it stays short, the run fails naming the missing PMIDs.
        """
        expected = set(batch.pmids)
        origin = f"efetch batch {batch.number} of run {plan.run_id}"
        missing: set[str] = set()
        for _ in range(self._short_batch_tries):
            try:
                body = self._client.efetch(
                    history=batch.history, retstart=batch.retstart, retmax=len(batch.pmids)
                )
            except SourceError as exc:
                # Same error class (so flows still know whether to retry), with the batch named.
                raise type(exc)(SOURCE, f"{origin}: {exc.detail}") from exc
            records, deleted, skipped = _split(parse_pubmed_xml(body, origin=origin))
            seen = {r.pmid for r in records} | set(deleted) | {s.pmid for s in skipped if s.pmid}
            missing = expected - seen
            if not missing:
                break
            log.warning(
                "%s: %d of %d PMIDs missing, asking again", origin, len(missing), len(expected)
            )
        else:
            raise SourceUnavailable(
                SOURCE,
                f"{origin}: {len(missing)} PMIDs missing after "
                f"{self._short_batch_tries} tries (e.g. {', '.join(sorted(missing)[:5])})",
            )
        wanted = [r for r in records if r.pmid in expected]
        return self._db.store_batch(
            plan.run_id,
            batch.number,
            records=wanted,
            deleted=[p for p in deleted if p in expected],
            skipped=skipped,
            now=self._clock(),
        )

    # -- step 3 -----------------------------------------------------------
    def finish(self, plan: RefreshPlan) -> RunSummary:
        """Check stored == searched, then close the run (moving the cursor)."""
        if plan.finished is not None:
            return plan.finished
        searched = set(self._db.run_pmids(plan.run_id))
        fetched = self._db.stored_pmids_for_run(plan.run_id)
        requests = self._client.stats.requests
        if fetched != searched:
            lost, extra = sorted(searched - fetched), sorted(fetched - searched)
            message = (
                f"run {plan.run_id}: fetched {len(fetched)} PMIDs but the search found "
                f"{len(searched)}; missing {lost[:5]}{'…' if len(lost) > 5 else ''}, "
                f"unexpected {extra[:5]}; the refresh cursor was not moved"
            )
            self._db.finish_run(
                plan.run_id, status="failed", now=self._clock(), error=message, requests=requests
            )
            raise IncompleteRetrieval(SOURCE, message)
        return self._db.finish_run(
            plan.run_id, status="succeeded", now=self._clock(), requests=requests
        )

    def fail(self, plan_or_run: RefreshPlan | int, error: BaseException) -> None:
        """Mark a run failed after a crash; its finished batches stay for a resume."""
        run_id = plan_or_run if isinstance(plan_or_run, int) else plan_or_run.run_id
        self._db.finish_run(
            run_id,
            status="failed",
            now=self._clock(),
            error=str(error),
            requests=self._client.stats.requests,
        )

    def run(
        self,
        *,
        full: bool = False,
        on_batch: Callable[[FetchBatch, BatchResult], None] | None = None,
    ) -> RunSummary:
        """All three steps in one call, for the CLI without Prefect and for tests."""
        plan = self.begin(full=full)
        with self._failing(plan):
            for batch in plan.batches:
                result = self.fetch(plan, batch)
                if on_batch is not None:
                    on_batch(batch, result)
            return self.finish(plan)

    @contextmanager
    def _failing(self, plan: RefreshPlan) -> Iterator[None]:
        try:
            yield
        except IncompleteRetrieval:
            raise  # finish() already recorded it
        except BaseException as exc:
            self.fail(plan, exc)
            raise


def _split(
    items: Iterator[PubmedRecord | DeletedCitations | SkippedRecord],
) -> tuple[list[PubmedRecord], list[str], list[SkippedRecord]]:
    records: list[PubmedRecord] = []
    deleted: list[str] = []
    skipped: list[SkippedRecord] = []
    for item in items:
        if isinstance(item, PubmedRecord):
            records.append(item)
        elif isinstance(item, DeletedCitations):
            deleted.extend(item.pmids)
        else:
            log.warning(
                "skipped record %s at position %d: %s", item.pmid, item.position, item.reason
            )
            skipped.append(item)
    return records, deleted, skipped
