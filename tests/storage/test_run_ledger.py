"""Tests of reading the run ledger: pending batches, the run to resume and the cursor."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reviewkit.errors import StorageError
from reviewkit.storage import ReviewDatabase
from tests.storage.ledger_support import T0, new_run, rec, store


def test_a_crashed_run_resumes_with_only_its_pending_batches(db: ReviewDatabase) -> None:
    batches = [["1", "2"], ["3", "4"], ["5", "6"], ["7"]]
    run_id = new_run(db, batches)
    source = db.ensure_source("pubmed", kind="pubmed")
    store(db, run_id, 0, [rec("1"), rec("2")])
    store(db, run_id, 1, [rec("3"), rec("4")])
    # The process died here: the run stays "running"; a new refresh finds it.
    found = db.unfinished_run(source)
    assert found is not None
    assert (found.id, found.status, found.batches, found.batches_done) == (run_id, "running", 4, 2)
    pending = db.pending_batches(run_id)
    assert [(b.number, b.pmids, b.done) for b in pending] == [
        (2, ("5", "6"), False),
        (3, ("7",), False),
    ]
    assert db.stored_pmids_for_run(run_id) == {"1", "2", "3", "4"}

    db.finish_run(run_id, status="failed", now=T0, error="SourceUnavailable: HTTP 502", requests=3)
    assert db.cursor(source) is None
    failed = db.unfinished_run(source)
    assert failed is not None
    assert (failed.status, failed.error) == ("failed", "SourceUnavailable: HTTP 502")

    resumed = db.resume_run(run_id, now=T0 + timedelta(hours=1))
    assert (resumed.status, resumed.error) == ("running", None)
    for batch in db.pending_batches(run_id):
        store(db, run_id, batch.number, [rec(p) for p in batch.pmids])
    assert db.stored_pmids_for_run(run_id) == set(db.run_pmids(run_id))
    summary = db.finish_run(run_id, status="succeeded", now=T0 + timedelta(hours=1), requests=2)
    assert (summary.fetched, summary.new, summary.requests) == (7, 7, 5)
    assert db.unfinished_run(source) is None
    assert db.run_pmids(run_id) == ("1", "2", "3", "4", "5", "6", "7")


def test_the_cursor_moves_only_when_a_run_succeeds(db: ReviewDatabase) -> None:
    run1 = new_run(db, [["1"]], now=T0)
    source = db.ensure_source("pubmed", kind="pubmed")
    store(db, run1, 0, [rec("1")])
    db.finish_run(run1, status="succeeded", now=T0)
    cursor = db.cursor(source)
    assert cursor is not None
    assert (cursor.run_id, cursor.window_end, cursor.finished_at) == (run1, T0.date(), T0)

    t2 = T0 + timedelta(days=1)
    run2 = new_run(db, [["2"]], now=t2)
    db.finish_run(run2, status="failed", now=t2, error="boom")
    assert db.cursor(source) == cursor

    t3 = T0 + timedelta(days=2)
    run3 = new_run(db, [["3"]], now=t3)
    with pytest.raises(StorageError, match="1 batch"):
        db.finish_run(run3, status="succeeded", now=t3)
    store(db, run3, 0, [rec("3")], now=t3)
    db.finish_run(run3, status="succeeded", now=t3)
    moved = db.cursor(source)
    assert moved is not None
    assert (moved.run_id, moved.window_end) == (run3, t3.date())
    # The superseded failed run is no longer offered for resuming.
    assert db.unfinished_run(source) is None
    with pytest.raises(StorageError, match="already finished"):
        db.finish_run(run3, status="failed", now=t3)


def test_an_empty_search_is_recorded_but_does_not_move_the_cursor(db: ReviewDatabase) -> None:
    # "empty" is what a broken query (PhraseNotFound) ends as: no coverage.
    run_id = new_run(db, [])
    source = db.ensure_source("pubmed", kind="pubmed")
    summary = db.finish_run(run_id, status="empty", now=T0)
    assert (summary.count, summary.fetched, summary.batches) == (0, 0, 0)
    assert summary.status == "empty"
    assert db.cursor(source) is None
