"""Tests of the review database adapter, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from reviewkit.errors import RefreshInProgress, StorageError
from reviewkit.records import (
    PMID,
    AbstractSection,
    Author,
    Journal,
    Link,
    MeshHeading,
    MeshQualifier,
    PubDate,
    PubmedRecord,
    SkippedRecord,
    content_hash,
)
from reviewkit.storage import BatchResult, ReviewDatabase, lock_holder
from reviewkit.storage.database import _holder_is_dead
from reviewkit.storage.schema import metadata

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


# ------------------------------------------------------------------- opening


def test_open_creates_the_folder_and_an_empty_schema(db_url: str) -> None:
    with ReviewDatabase.open(db_url) as db:
        assert db.counts() == {"records": 0, "deleted": 0, "sources": 0, "runs": 0, "changes": 0}
    # Opening again finds the schema at head and changes nothing.
    with ReviewDatabase.open(db_url, migrate=False) as db:
        assert db.last_run() is None


def test_the_migration_creates_exactly_the_schema_metadata(db: ReviewDatabase, db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_open_without_migrate_refuses_an_empty_database(db_url: str) -> None:
    with pytest.raises(StorageError, match="migrate=True"):
        ReviewDatabase.open(db_url, migrate=False)


def test_a_database_from_a_newer_reviewkit_is_refused(db: ReviewDatabase, db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(StorageError, match="newer reviewkit"):
        ReviewDatabase.open(db_url)


def test_a_garbage_file_is_reported_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "review.sqlite"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(StorageError) as caught:
        ReviewDatabase.open(ReviewDatabase.sqlite_url(path))
    message = str(caught.value)
    assert str(path) in message
    assert "not a reviewkit database" in message
    assert "\n" not in message


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    with pytest.raises(StorageError, match=r"not a reviewkit database .*invoices"):
        ReviewDatabase.open(ReviewDatabase.sqlite_url(path))


def test_a_folder_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    target = blocker / "sub" / "review.sqlite"
    with pytest.raises(StorageError, match=r"cannot create the database folder .*file/sub"):
        ReviewDatabase.open(ReviewDatabase.sqlite_url(target))


def _make_unwritable(folder: Path) -> list[str] | None:
    """Make ``folder`` unwritable; return the command that undoes it (None: chmod)."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        return None
    # Root ignores permission bits, but not the immutable attribute.
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root and chattr +i is unavailable: cannot make a folder unwritable")
    return ["chattr", "-i", str(folder)]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_unwritable_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    undo = _make_unwritable(folder)
    try:
        with pytest.raises(StorageError, match=r"cannot open .*ro/review.sqlite .*writable"):
            ReviewDatabase.open(ReviewDatabase.sqlite_url(folder / "review.sqlite"))
    finally:
        if undo is None:
            folder.chmod(0o700)
        else:
            subprocess.run(undo, check=True)


def test_an_unreachable_postgres_server_is_reported() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql+psycopg://someone:secret@127.0.0.1:{port}/review?connect_timeout=2"
    with pytest.raises(StorageError, match="server is running") as caught:
        ReviewDatabase.open(url)
    assert "secret" not in str(caught.value)


def test_unsupported_urls_are_refused() -> None:
    with pytest.raises(StorageError, match="unsupported database URL"):
        ReviewDatabase.open("mysql://localhost/review")
    with pytest.raises(StorageError, match="cannot read database URL"):
        ReviewDatabase.open("::not a url::")


# ------------------------------------------------------------------- records


def test_sources_are_registered_once(db: ReviewDatabase) -> None:
    first = db.ensure_source("pubmed", kind="pubmed")
    assert db.ensure_source("pubmed", kind="pubmed", query="q2") == first
    assert db.counts()["sources"] == 1
    with pytest.raises(StorageError, match="kind"):
        db.ensure_source("pubmed", kind="crossref")


def test_storing_a_batch_counts_new_updated_and_unchanged(db: ReviewDatabase) -> None:
    run1 = new_run(db, [["1", "2", "3"]])
    first = store(db, run1, 0, [rec("1"), rec("2"), rec("3")])
    assert (first.new, first.updated, first.unchanged) == (3, 0, 0)
    assert first.fetched_pmids == ("1", "2", "3")
    db.finish_run(run1, status="succeeded", now=T0)

    later = T0 + timedelta(days=7)
    run2 = new_run(db, [["1", "2", "3", "4"]], now=later)
    changed = rec("2", title="Microneedling trial 2 (corrected)", keywords=("alopecia",))
    second = store(db, run2, 0, [rec("1"), changed, rec("3"), rec("4")], now=later)
    assert (second.new, second.updated, second.unchanged) == (1, 1, 2)

    updates = [c for c in db.changes(pmid="2") if c["kind"] == "updated"]
    assert len(updates) == 1
    assert updates[0]["fields"] == ["keywords", "title"]
    assert updates[0]["run_id"] == run2
    assert updates[0]["old_hash"] == content_hash(rec("2"))
    assert updates[0]["new_hash"] == content_hash(changed)

    stored = {str(s.record.pmid): s for s in db.iter_records()}
    assert stored["2"].record == changed
    assert stored["2"].versions == 2
    assert stored["2"].first_seen == T0
    assert stored["2"].last_seen == later
    assert stored["1"].versions == 1
    assert stored["1"].last_seen == later


def test_storing_the_same_batch_twice_changes_nothing(db: ReviewDatabase) -> None:
    run_id = new_run(db, [["1", "2"], ["3"]])
    batch = [rec("1"), rec("2")]
    first = store(db, run_id, 0, batch)
    counts_before = db.counts()
    again = store(db, run_id, 0, batch)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert db.counts() == counts_before
    assert db.record_count() == 2
    # The batch keeps the counts of its first storing, so run totals are not doubled.
    summary = db.run(run_id)
    assert (summary.fetched, summary.new) == (2, 2)
    assert first.new == 2


def test_a_deleted_citation_is_marked_and_kept(db: ReviewDatabase) -> None:
    run1 = new_run(db, [["1", "2"]])
    store(db, run1, 0, [rec("1"), rec("2")])
    db.finish_run(run1, status="succeeded", now=T0)

    run2 = new_run(db, [["1", "2"]], now=T0 + timedelta(days=1))
    result = store(db, run2, 0, [rec("1")], deleted=["2", "999"], now=T0 + timedelta(days=1))
    assert result.deleted == 1  # 999 was never stored: nothing to mark
    assert set(result.fetched_pmids) == {"1", "2", "999"}
    assert db.record_count() == 1
    assert db.record_count(include_deleted=True) == 2
    assert db.counts()["deleted"] == 1
    gone = [s for s in db.iter_records(include_deleted=True) if s.deleted]
    assert [s.record.pmid for s in gone] == ["2"]
    assert [c["kind"] for c in db.changes(pmid="2")] == ["new", "deleted"]
    # Marking again is a no-op.
    again = store(db, run2, 0, [rec("1")], deleted=["2"], now=T0 + timedelta(days=1))
    assert again.deleted == 0


def test_a_deleted_record_that_comes_back_is_live_again(db: ReviewDatabase) -> None:
    run_id = new_run(db, [["1"], ["1"]])
    store(db, run_id, 0, [rec("1")])
    store(db, run_id, 1, [], deleted=["1"])
    assert db.record_count() == 0
    back = store(db, run_id, 1, [rec("1")])
    assert back.updated == 1
    assert db.record_count() == 1
    assert [c["kind"] for c in db.changes(pmid="1")] == ["new", "deleted", "undeleted"]


def test_stored_json_round_trips_every_field(db: ReviewDatabase) -> None:
    full = PubmedRecord(
        pmid=PMID("31234567"),
        title="Microneedling with minoxidil for androgenetic alopecia: an RCT",
        kind="article",
        version=2,
        doi="10.4103/ijt.ijt_1_19",
        pmcid="PMC6789",
        pii="S0000",
        abstract=(
            AbstractSection(text="To compare…", label="OBJECTIVE", category="OBJECTIVE"),
            AbstractSection(text="Hair counts rose ±20 % — ünïcode."),
        ),
        authors=(
            Author(
                family="Dhurat",
                given="Rachita",
                initials="R",
                orcid="0000-0001",
                affiliations=("Mumbai", "LTMG Hospital"),
            ),
            Author(collective="Hair Study Group"),
        ),
        journal=Journal(
            title="Int J Trichology",
            iso_abbreviation="Int J Trichology",
            issn="0974-7753",
            issn_type="Print",
            volume="5",
            issue="1",
            pages="6-11",
        ),
        pub_date=PubDate(year=2013, month=1, season=None, medline_date=None),
        languages=("eng",),
        publication_types=("Journal Article", "Randomized Controlled Trial"),
        mesh=(
            MeshHeading(
                descriptor="Alopecia",
                ui="D000505",
                major=True,
                qualifiers=(MeshQualifier(name="therapy", ui="Q000628", major=True),),
            ),
        ),
        keywords=("microneedling", "minoxidil"),
        status="MEDLINE",
        publication_status="ppublish",
        links=(Link(ref_type="ErratumIn", ref_source="Int J Trichol. 2014", pmid="1"),),
        article_ids=(("pubmed", "31234567"), ("doi", "10.4103/ijt.ijt_1_19")),
        dates=(("entrez", "2013-04-01"), ("pubmed", "2013-04-01")),
    )
    run_id = new_run(db, [["31234567"]])
    store(db, run_id, 0, [full])
    (stored,) = list(db.iter_records())
    assert stored.record == full
    assert stored.content_hash == content_hash(full)
    assert stored.source == "pubmed"
    assert stored.first_seen.tzinfo is not None


# ------------------------------------------------------------------ the ledger


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


def test_an_empty_search_is_recorded_but_does_not_move_the_cursor(db: ReviewDatabase) -> None:
    # "empty" is what a broken query (PhraseNotFound) ends as: no coverage.
    run_id = new_run(db, [])
    source = db.ensure_source("pubmed", kind="pubmed")
    summary = db.finish_run(run_id, status="empty", now=T0)
    assert (summary.count, summary.fetched, summary.batches) == (0, 0, 0)
    assert summary.status == "empty"
    assert db.cursor(source) is None


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


def test_raw_responses_are_noted_without_secrets(db: ReviewDatabase) -> None:
    run_id = new_run(db, [["1"]])
    db.add_raw_response(
        run_id,
        utility="efetch",
        path="2026-03-01/run-1/00001-efetch.xml.gz",
        sha256="a" * 64,
        status=200,
        request={
            "method": "POST",
            "url": "http://127.0.0.1/efetch.fcgi?api_key=K",
            "params": {"id": "1", "api_key": "K", "email": "me@example.org"},
        },
        received_at=T0,
    )
    (row,) = db.raw_responses(run_id)
    assert row["request"] == {
        "method": "POST",
        "url": "http://127.0.0.1/efetch.fcgi",
        "params": {"id": "1"},
    }
    assert row["received_at"] == T0


# --------------------------------------------------------------------- locks


def test_the_refresh_lock_refuses_a_second_holder(db: ReviewDatabase) -> None:
    with db.refresh_lock("pubmed", holder="alpha:1", now=T0):
        later = T0 + timedelta(minutes=5)
        with (
            pytest.raises(RefreshInProgress) as caught,
            db.refresh_lock("pubmed", holder="beta:2", now=later),
        ):
            pass  # pragma: no cover
        message = str(caught.value)
        assert (
            "refresh of 'pubmed' already running since 2026-03-01 09:00 UTC by alpha:1" in message
        )
        assert "run again after 2026-03-01 15:00 UTC" in message
        # Another source's lock is independent.
        with db.refresh_lock("crossref", holder="beta:2", now=T0):
            pass
    # Released: the next holder gets it.
    with db.refresh_lock("pubmed", holder="beta:2", now=T0 + timedelta(minutes=6)):
        pass


def test_a_stale_lock_is_taken_over(db: ReviewDatabase) -> None:
    died = db.refresh_lock("pubmed", holder="gone-host:77", now=T0)
    died.__enter__()  # never released: the process "died"
    later = T0 + timedelta(hours=6, minutes=1)
    with (
        db.refresh_lock("pubmed", holder="alpha:1", now=later),
        pytest.raises(RefreshInProgress, match="by alpha:1"),
        db.refresh_lock("pubmed", holder="beta:2", now=later),
    ):
        pass  # pragma: no cover
    # The dead holder's late release does not remove somebody else's lock.
    with db.refresh_lock("pubmed", holder="alpha:1", now=later):
        died.__exit__(None, None, None)
        with (
            pytest.raises(RefreshInProgress),
            db.refresh_lock("pubmed", holder="beta:2", now=later),
        ):
            pass  # pragma: no cover


def test_a_lock_of_a_dead_process_on_this_host_is_taken_over(db: ReviewDatabase) -> None:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = f"{socket.gethostname()}:{child.stdout.strip()}"
    dying = db.refresh_lock("pubmed", holder=dead, now=T0)
    dying.__enter__()  # held, never released: the child process is gone
    # Only a minute later, but the holder is gone: taken over. A live holder is respected.
    with (
        db.refresh_lock("pubmed", holder=lock_holder(), now=T0 + timedelta(minutes=1)),
        pytest.raises(RefreshInProgress, match=lock_holder()),
        db.refresh_lock("pubmed", holder="elsewhere:1", now=T0 + timedelta(minutes=2)),
    ):
        pass  # pragma: no cover
    assert _holder_is_dead(dead)
    assert not _holder_is_dead(lock_holder())
    assert not _holder_is_dead("another-host:1")


def test_two_connections_racing_for_the_lock_get_one_winner(
    db_url: str, db: ReviewDatabase
) -> None:
    opened = [ReviewDatabase.open(db_url) for _ in range(2)]
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[str] = []

    def contend(database: ReviewDatabase, holder: str) -> None:
        barrier.wait()
        try:
            with database.refresh_lock("pubmed", holder=holder, now=T0):
                outcomes.append("won")
                barrier.wait()  # hold the lock until the other one has tried
        except RefreshInProgress:
            outcomes.append("refused")
            barrier.wait()

    threads = [
        threading.Thread(target=contend, args=(database, f"{lock_holder()}-{i}"))
        for i, database in enumerate(opened)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for database in opened:
            database.close()
    assert sorted(outcomes) == ["refused", "won"]
