"""Tests of the stored PubMed records and their change log, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

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
    content_hash,
)
from reviewkit.storage import ReviewDatabase
from tests.storage.ledger_support import T0, new_run, rec, store


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
