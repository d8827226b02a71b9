"""Tests of a run's life in the ledger: its totals and the calls it refuses."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from reviewkit.errors import StorageError
from reviewkit.records import (
    SkippedRecord,
)
from reviewkit.storage import ReviewDatabase
from tests.storage.ledger_support import T0, new_run, rec, store


def test_the_ledger_sums_totals_from_batches(db: ReviewDatabase) -> None:
    run1 = new_run(db, [["1", "2"]])
    store(db, run1, 0, [rec("1"), rec("2")])
    db.finish_run(run1, status="succeeded", now=T0)

    t2 = T0 + timedelta(days=1)
    run2 = new_run(db, [["1", "2"], ["3", "4", "5"]], now=t2)
    db.finish_run(run2, status="failed", now=t2, error="crash")
    db.resume_run(run2, now=t2)
    store(db, run2, 0, [rec("1", title="new title")], deleted=["2"], now=t2)
    skipped = [SkippedRecord(position=2, reason="no ArticleTitle", pmid="5")]
    store(db, run2, 1, [rec("3"), rec("4")], skipped=skipped, now=t2)
    summary = db.finish_run(run2, status="succeeded", now=t2, requests=4)

    assert (
        summary.count,
        summary.fetched,
        summary.new,
        summary.updated,
        summary.deleted,
        summary.skipped,
    ) == (5, 5, 2, 1, 1, 1)
    assert summary.finished_at == t2
    assert summary.query_translation is not None
    assert [r.id for r in db.runs()] == [run2, run1]
    assert db.last_run() == summary
    as_json = json.loads(json.dumps(summary.to_dict()))
    assert as_json["started_at"] == t2.isoformat()
    assert as_json["window_end"] == t2.date().isoformat()
    assert as_json["status"] == "succeeded"


def test_bad_ledger_calls_are_refused(db: ReviewDatabase) -> None:
    source = db.ensure_source("pubmed", kind="pubmed")
    with pytest.raises(StorageError, match="run mode"):
        db.start_run(
            source,
            query="q",
            mode="sometimes",
            datetype=None,
            window_start=None,
            window_end=None,
            now=T0,
        )
    with pytest.raises(StorageError, match="timezone-aware"):
        db.start_run(
            source,
            query="q",
            mode="full",
            datetype=None,
            window_start=None,
            window_end=None,
            now=datetime(2026, 1, 1),
        )
    with pytest.raises(StorageError, match="no source"):
        db.start_run(
            9999, query="q", mode="full", datetype=None, window_start=None, window_end=None, now=T0
        )
    run_id = db.start_run(
        source,
        query="q",
        mode="full",
        datetype=None,
        window_start=date(2020, 1, 1),
        window_end=None,
        now=T0,
    )
    with pytest.raises(StorageError, match="exactly the 3 searched PMIDs"):
        db.record_search(
            run_id,
            count=3,
            query_translation=None,
            pmids=["1", "2", "3"],
            batches=[["1", "2"]],
            pmid_set_hash="x",
        )
    with pytest.raises(StorageError, match="cannot succeed: its search was never recorded"):
        db.finish_run(run_id, status="succeeded", now=T0)
    with pytest.raises(StorageError, match="run status"):
        db.finish_run(run_id, status="done", now=T0)
    with pytest.raises(StorageError, match="no run with id 4242"):
        db.run(4242)
    db.record_search(
        run_id, count=1, query_translation=None, pmids=["1"], batches=[["1"]], pmid_set_hash="x"
    )
    with pytest.raises(StorageError, match="already has a recorded search"):
        db.record_search(
            run_id, count=1, query_translation=None, pmids=["1"], batches=[["1"]], pmid_set_hash="x"
        )
    with pytest.raises(StorageError, match="has no batch 5"):
        store(db, run_id, 5, [])
