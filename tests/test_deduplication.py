"""The dedup stage over a review database: persistence, incremental runs, decisions, undo."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewkit.deduplication import (
    DedupSummary,
    decide,
    dedup_file,
    prisma_rows,
    run_deduplication,
    summarise,
    undo_merge,
)
from reviewkit.errors import ReviewkitError
from reviewkit.importing import SAMPLE_EXPORT, import_file
from reviewkit.snapshot import snapshot_dir
from reviewkit.storage.schema import dedup_queue, studies, study_members
from reviewkit.storage.studies import StudyStore
from reviewkit.workspace import Workspace
from tests.refresh_support import refresh_from_snapshot

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
PROTOCOL = Path(__file__).parents[1] / "review.toml"  # the default review: 15 PubMed records
SAMPLE = snapshot_dir() / SAMPLE_EXPORT
# The Embase sample's record 2 is PMID 23960389 (Dhurat 2013) in PubMed.
DHURAT_EMBASE, DHURAT_PUBMED = "embase:embase_sample.ris#2", "pubmed:23960389"


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory) -> Path:
    """A review database after one offline refresh (15 PubMed records); copied per test."""
    root = tmp_path_factory.mktemp("refreshed")
    (root / "review.toml").write_bytes(PROTOCOL.read_bytes())
    return refresh_from_snapshot(root)


@pytest.fixture
def workspace(refreshed, tmp_path):
    root = tmp_path / "r"
    (root / "review-data").mkdir(parents=True)
    (root / "review.toml").write_bytes(PROTOCOL.read_bytes())
    source = refreshed / "review-data" / "review.sqlite"
    (root / "review-data" / "review.sqlite").write_bytes(source.read_bytes())
    opened = Workspace.open(root)
    yield opened
    opened.close()


def tables(db) -> dict[str, list[tuple]]:
    with db.transaction("snapshot") as conn:
        return {
            t.name: sorted(tuple(row) for row in conn.execute(select(t)))
            for t in (studies, study_members, dedup_queue)
        }


def test_pubmed_and_embase_records_become_studies_with_prisma_numbers(workspace):
    db = workspace.db
    import_file(db, SAMPLE, source="embase", now=T0)
    summary = run_deduplication(db, now=T0)
    assert summary.line() == (
        "23 records (pubmed 15, embase 8) → 16 studies, 7 duplicates removed, 0 maybe"
    )
    assert summary.per_source == (("pubmed", 15), ("embase", 8))
    assert (summary.new_records, summary.changed, summary.run_id) == (23, True, 1)
    store = StudyStore(db)
    assert store.counts()["studies"] == 16
    members = store.memberships()
    assert len(members) == 23  # every source record stays linked to its study
    assert members[DHURAT_EMBASE] == members[DHURAT_PUBMED]
    study = store.study(members[DHURAT_PUBMED])
    assert study.representative == DHURAT_PUBMED
    rows = {r["item"]: r["records"] for r in prisma_rows(summary)}
    assert rows["Records identified from embase"] == 8
    assert rows["Duplicate records removed"] == 7
    assert rows["Studies (records to screen)"] == 16
    assert summary.to_dict()["per_source"] == {"pubmed": 15, "embase": 8}


def test_a_second_run_with_nothing_new_changes_nothing(workspace):
    db = workspace.db
    import_file(db, SAMPLE, source="embase", now=T0)
    run_deduplication(db, now=T0)
    before = tables(db)
    again = run_deduplication(db, now=T0 + timedelta(hours=1))
    assert (again.changed, again.new_records, again.studies) == (False, 0, 16)
    assert tables(db) == before


def test_new_records_join_existing_studies_and_joins_into_screened_ones_are_reported(workspace):
    db = workspace.db
    first = run_deduplication(db, now=T0)
    assert (first.records, first.studies, first.duplicates_removed) == (15, 15, 0)
    store = StudyStore(db)
    ids_before = {c.cluster_id for c in store.clusters()}
    screened = store.memberships()[DHURAT_PUBMED]
    store.mark_screened(screened, at=T0)

    import_file(db, SAMPLE, source="embase", now=T0)
    second = run_deduplication(db, now=T0 + timedelta(days=1))
    assert (second.records, second.new_records, second.studies) == (23, 8, 16)
    assert ids_before <= {c.cluster_id for c in store.clusters()}  # earlier ids kept
    assert [(j.record_id, j.cluster_id) for j in second.joined_screened] == [
        (DHURAT_EMBASE, screened)
    ]
    assert store.screened() == {screened: T0}  # the screening stays with its study
    assert "1 new records joined studies already screened" in second.line()


def test_human_decisions_are_obeyed_and_survive_re_runs(workspace):
    db = workspace.db
    import_file(db, SAMPLE, source="embase", now=T0)
    run_deduplication(db, now=T0)
    store = StudyStore(db)
    decide(db, DHURAT_PUBMED, DHURAT_EMBASE, "different", by="ann", note="checked", now=T0)
    a, b = "pubmed:28761259", "pubmed:30886475"  # two different trials, merged by hand
    decide(db, a, b, "same", by="ann", now=T0)
    for hour in (1, 2):
        summary = run_deduplication(db, now=T0 + timedelta(hours=hour))
        members = store.memberships()
        assert members[DHURAT_PUBMED] != members[DHURAT_EMBASE]
        assert members[a] == members[b]
    assert summary.changed is False
    assert [d.decided_by for d in store.decision_history()] == ["ann", "ann"]


def test_undo_splits_a_study_and_keeps_every_record(workspace):
    db = workspace.db
    import_file(db, SAMPLE, source="embase", now=T0)
    run_deduplication(db, now=T0)
    store = StudyStore(db)
    cluster = store.memberships()[DHURAT_PUBMED]
    assert undo_merge(db, cluster, by="ann", note="two reports", now=T0) == 1
    summary = run_deduplication(db, now=T0 + timedelta(hours=1))
    assert (summary.studies, summary.records) == (17, 23)
    members = store.memberships()
    assert members[DHURAT_PUBMED] != members[DHURAT_EMBASE]
    assert cluster in (members[DHURAT_PUBMED], members[DHURAT_EMBASE])  # one part keeps the id
    single = members[DHURAT_PUBMED]
    with pytest.raises(ReviewkitError, match="one record only"):
        undo_merge(db, single, by="ann", now=T0)
    with pytest.raises(ReviewkitError, match="no study 'c:missing'"):
        undo_merge(db, "c:missing", by="ann", now=T0)


def test_a_decision_about_an_unknown_record_is_refused(workspace):
    with pytest.raises(ReviewkitError, match="no record 'pubmed:0'"):
        decide(workspace.db, "pubmed:0", DHURAT_PUBMED, "same", by="ann", now=T0)


def test_the_standalone_command_reads_the_csv_contract(tmp_path):
    table = tmp_path / "records.csv"
    table.write_text(
        "record_id,title,authors,year,journal,volume,issue,pages,doi,abstract,extra\n"
        "r1,Microneedling for hair loss,Gupta AK; Quinlan EM,2022,J Cosmet Dermatol,21,1,"
        "1-10,10.1111/jocd.14525,,x\n"
        'r2,MICRONEEDLING FOR HAIR LOSS.,"Gupta, Aditya K",2022,J. Cosmet. Dermatol.,21,1,'
        "1-10,https://doi.org/10.1111/JOCD.14525,,\n"
        "r3,Platelet-rich plasma for alopecia areata,Smith J,2019,Dermatol Ther,5,2,33-40,,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "assignments.csv"
    done = dedup_file(table, out)
    assert (done.records, done.studies, done.read_as) == (3, 2, "table")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["record_id"] for r in rows] == ["r1", "r2", "r3"]
    assert rows[0]["cluster_id"] == rows[1]["cluster_id"] != rows[2]["cluster_id"]
    assert sorted(r["decision"] for r in rows[:2]) == ["duplicate", "keep"]


def test_the_standalone_command_reads_any_export_format(tmp_path):
    out = tmp_path / "a.csv"
    done = dedup_file(SAMPLE, out, source="embase")
    assert (done.records, done.read_as) == (8, "ris")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "record_id,cluster_id,decision"
    assert lines[1].startswith("embase:embase_sample.ris#1,")
    assert len(lines) == 9


def test_the_summary_line_is_stable():
    summary = DedupSummary(
        records=2,
        per_source=(("pubmed", 2),),
        studies=2,
        duplicates_removed=0,
        maybe_open=1,
        relations=0,
        flagged=0,
        new_records=0,
    )
    assert summary.line() == "2 records (pubmed 2) → 2 studies, 0 duplicates removed, 1 maybe"


def test_the_summary_carries_the_engine_warnings():
    from reviewkit.dedup import deduplicate
    from reviewkit.records import Citation

    citations = [
        Citation(record_id=f"r{n}", source="embase", title=f"Hair study {n} in alopecia",
                 year=2020, volume="5", issue=str(1000 + n), pages=f"{n + 1}")
        for n in range(60)
    ]  # fmt: skip
    summary = summarise(deduplicate(citations), citations, before={}, screened={})
    assert summary.warnings
    assert "record numbers" in summary.warnings[0]
    assert "warning: the issue field" in summary.line()
    assert summary.to_dict()["warnings"] == list(summary.warnings)
