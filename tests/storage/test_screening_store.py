"""The screening store on SQLite and PostgreSQL: assignments, history, outcomes, sheets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reviewkit.deduplication import run_deduplication
from reviewkit.records import Citation
from reviewkit.screening import Assignment, Decision, Outcome, Stage
from reviewkit.storage.screening import NewEntry, ScreeningStore
from reviewkit.storage.studies import StudyStore

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TA, FT = Stage.TITLE_ABSTRACT, Stage.FULL_TEXT


def seed(db):
    citations = [
        Citation(record_id=f"embase:e.ris#{i}", source="embase", title=f"Trial {i} " * i,
                 year=2020 + i, doi=f"10.1/{i}", journal="J", abstract=f"Abstract {i}")
        for i in (1, 2)
    ]  # fmt: skip
    StudyStore(db).sync_citations(citations, now=T0)
    run_deduplication(db, now=T0)
    return ScreeningStore(db)


def new(cid, reviewer, decision, *, stage=TA, reason=None, role="reviewer"):
    return NewEntry(stage=stage, cluster_id=cid, record_ids=(cid.removeprefix("c:"),),
                    reviewer=reviewer, role=role, decision=decision, reason=reason, note=None,
                    origin="test", sheet_id="s1")  # fmt: skip


def test_current_studies_carry_their_records_and_fields(db):
    store = seed(db)
    studies = store.studies()
    assert list(studies) == ["c:embase:e.ris#1", "c:embase:e.ris#2"]
    study = studies["c:embase:e.ris#2"]
    assert study.record_ids == ("embase:e.ris#2",)
    assert (study.fields["year"], study.fields["doi"], study.screened_at) == (2022, "10.1/2", None)
    assert store.study_ids() == set(studies)


def test_assignments_are_stored_with_the_records_of_the_study(db):
    store = seed(db)
    planned = [Assignment(cluster_id="c:embase:e.ris#1", reviewer=r, calibration=r == "ann")
               for r in ("ann", "bob")]  # fmt: skip
    records = {"c:embase:e.ris#1": ("embase:e.ris#1",)}
    assert store.add_assignments(TA, planned, records=records, now=T0) == 2
    assert store.add_assignments(FT, [], records={}, now=T0) == 0
    found = store.assignments()
    assert [(a.stage, a.reviewer, a.record_ids, a.calibration) for a in found] == [
        (TA, "ann", ("embase:e.ris#1",), True),
        (TA, "bob", ("embase:e.ris#1",), False),
    ]


def test_decisions_keep_their_history_and_mark_the_sheet_imported(db):
    store = seed(db)
    store.add_sheet("s1", kind="reviewer", stage=TA, reviewer="ann", rows=2, now=T0)
    assert store.sheet("s1").imported_at is None
    later = T0 + timedelta(hours=1)
    stored = store.add_entries(
        [new("c:embase:e.ris#1", "ann", Decision.INCLUDE),
         new("c:embase:e.ris#1", "ann", Decision.EXCLUDE, stage=FT, reason="other")],
        now=later, sheet_id="s1",
    )  # fmt: skip
    assert stored == 2
    store.add_entries([new("c:embase:e.ris#1", "ann", Decision.EXCLUDE)], now=later)
    history = store.history()
    assert [(h.entry.stage, h.entry.decision, h.entry.reason) for h in history] == [
        (TA, Decision.INCLUDE, None), (FT, Decision.EXCLUDE, "other"), (TA, Decision.EXCLUDE, None),
    ]  # fmt: skip
    assert [h.entry.id for h in history] == sorted(h.entry.id for h in history)
    assert (history[0].decided_at, history[0].origin, history[0].revised) == (later, "test", False)
    assert store.entries()[0].record_ids == ("embase:e.ris#1",)
    sheet = store.sheet("s1")
    assert (sheet.kind, sheet.stage, sheet.reviewer, sheet.rows, sheet.imported_at) == (
        "reviewer", TA, "ann", 2, later,
    )  # fmt: skip
    assert store.sheet("nope") is None


def test_outcomes_are_rewritten_and_final_title_abstract_studies_marked_screened(db):
    store = seed(db)
    first = [
        Outcome(cluster_id="c:embase:e.ris#1", stage=TA, status="final",
                decision=Decision.INCLUDE, how="agreed"),
        Outcome(cluster_id="c:embase:e.ris#2", stage=TA, status="conflict", why="disagree"),
        Outcome(cluster_id="c:embase:e.ris#1", stage=FT, status="final",
                decision=Decision.EXCLUDE, reason="other", how="resolved"),
    ]  # fmt: skip
    assert store.save_outcomes(first, now=T0) == 1
    assert StudyStore(db).screened() == {"c:embase:e.ris#1": T0}
    rows = store.outcomes()
    assert [(o.stage, o.cluster_id, o.status) for o in rows] == [
        (TA, "c:embase:e.ris#1", "final"),
        (TA, "c:embase:e.ris#2", "conflict"),
        (FT, "c:embase:e.ris#1", "final"),
    ]
    assert store.outcomes(FT)[0].reason == "other"
    # Rewritten whole; a study once screened keeps its first screened_at.
    later = T0 + timedelta(days=1)
    second = [Outcome(cluster_id="c:embase:e.ris#2", stage=TA, status="final",
                      decision=Decision.EXCLUDE, how="resolved")]  # fmt: skip
    assert store.save_outcomes([*first[:1], *second], now=later) == 1
    assert StudyStore(db).screened() == {"c:embase:e.ris#1": T0, "c:embase:e.ris#2": later}
    assert [o.decision for o in store.outcomes(TA)] == [Decision.INCLUDE, Decision.EXCLUDE]
    assert store.outcomes(FT) == []
