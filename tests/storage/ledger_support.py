"""Builders shared by the storage tests: a record, a run with its search, a stored batch."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from reviewkit.records import PMID, PubDate, PubmedRecord, SkippedRecord
from reviewkit.storage import BatchResult, ReviewDatabase

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def rec(pmid: str, title: str | None = None, **changes: object) -> PubmedRecord:
    base = PubmedRecord(
        pmid=PMID(pmid),
        title=title or f"Microneedling trial {pmid}",
        doi=f"10.1000/{pmid}",
        pub_date=PubDate(year=2020),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def new_run(db: ReviewDatabase, batches: list[list[str]], *, now: datetime = T0) -> int:
    source = db.ensure_source("pubmed", kind="pubmed", query="microneedling AND alopecia")
    run_id = db.start_run(
        source,
        query="microneedling AND alopecia",
        mode="full",
        datetype="edat",
        window_start=None,
        window_end=now.date(),
        now=now,
    )
    pmids = [p for batch in batches for p in batch]
    db.record_search(
        run_id,
        count=len(pmids),
        query_translation="microneedling[All Fields] AND alopecia[MeSH Terms]",
        pmids=pmids,
        batches=batches,
        pmid_set_hash="h" * 64,
        now=now,
    )
    return run_id


def store(
    db: ReviewDatabase,
    run_id: int,
    number: int,
    records: list[PubmedRecord],
    *,
    deleted: tuple[str, ...] | list[str] = (),
    skipped: tuple[SkippedRecord, ...] | list[SkippedRecord] = (),
    now: datetime = T0,
) -> BatchResult:
    return db.store_batch(
        run_id, number, records=records, deleted=list(deleted), skipped=list(skipped), now=now
    )
