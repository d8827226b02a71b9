"""Tests of the batch upsert helper (through ReviewDatabase, which owns the transaction)."""

from __future__ import annotations

from datetime import UTC, datetime

from reviewkit.records import PMID, Author, PubmedRecord, content_hash, record_from_dict
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.upsert import hash_and_data

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_hash_and_data_agree_with_records_content_hash() -> None:
    record = PubmedRecord(
        pmid=PMID("1"),
        title="Ünïcode — microneedling",
        authors=(Author(family="Dhurat", affiliations=("Mumbai",)),),
        keywords=("a", "b"),
    )
    digest, data = hash_and_data(record)
    assert digest == content_hash(record)
    assert record_from_dict(data) == record
    assert data["keywords"] == ["a", "b"]


def test_a_pmid_twice_in_one_batch_is_stored_once_from_its_last_copy(db: ReviewDatabase) -> None:
    source = db.ensure_source("pubmed", kind="pubmed")
    run_id = db.start_run(
        source, query="q", mode="full", datetype=None, window_start=None, window_end=None, now=T0
    )
    db.record_search(
        run_id, count=1, query_translation=None, pmids=["1"], batches=[["1"]], pmid_set_hash="x"
    )
    first = PubmedRecord(pmid=PMID("1"), title="old")
    last = PubmedRecord(pmid=PMID("1"), title="new", version=2)
    result = db.store_batch(run_id, 0, records=[first, last], deleted=[], skipped=[], now=T0)
    assert (result.new, result.updated, result.fetched_pmids) == (1, 0, ("1",))
    (stored,) = list(db.iter_records())
    assert stored.record == last
