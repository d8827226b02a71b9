"""The citation and study stores on SQLite and PostgreSQL: imports, decisions, studies, queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reviewkit.dedup import deduplicate
from reviewkit.errors import ReviewkitError
from reviewkit.formats import ImportResult, Skipped
from reviewkit.records import Citation
from reviewkit.storage.citations import citation_from_data, citation_to_data
from reviewkit.storage.studies import NewDecision, StudyStore

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
TITLE = "Microneedling for hair loss in women: a pilot study"


def cite(rid: str, **fields: object) -> Citation:
    return Citation(record_id=rid, source=rid.split(":")[0], **fields)  # type: ignore[arg-type]


CITATIONS = [
    cite(
        "pubmed:1", title=TITLE, authors=("Smith J",), year=2020, doi="10.1111/jocd.14525", pmid="1"
    ),
    cite(
        "embase:e.ris#1",
        title=TITLE.upper(),
        authors=("Smith, John",),
        year=2020,
        doi="https://doi.org/10.1111/JOCD.14525",
    ),
    cite("embase:e.ris#2", title=TITLE, authors=("Jones K",), year=2021),
    cite("embase:e.ris#3", authors=("Nobody",)),
]


def counts(store: StudyStore) -> dict[str, int]:
    return store.counts()


def test_citations_round_trip_and_sync_reports_new_and_changed(db):
    store = StudyStore(db)
    assert citation_from_data(citation_to_data(CITATIONS[1])) == CITATIONS[1]
    assert store.sync_citations(CITATIONS, now=T0) == (4, 0)
    assert store.sync_citations(CITATIONS, now=T0) == (0, 0)
    changed = [cite("pubmed:1", title=TITLE + ".", year=2020)]
    assert store.sync_citations(changed, now=T0) == (0, 1)
    assert store.citations()[-1] == changed[0]  # "pubmed:1" sorts last
    assert store.citation_ids() == {c.record_id for c in CITATIONS}


def test_an_import_is_refused_twice_in_one_transaction_unless_forced(db):
    store = StudyStore(db)
    result = ImportResult(
        file_name="e.ris",
        sha256="f" * 64,
        format="ris",
        dialect=None,
        encoding="utf-8",
        records_in_file=4,
        citations=tuple(CITATIONS[1:]),
        skipped=(Skipped(where="e.ris:40", reason="no ER"),),
        warnings=("w",),
    )
    entry = store.record_import(result, source="embase", searched=None, forced=False, now=T0)
    assert (entry.records_parsed, entry.flagged, entry.skipped[0].where) == (3, 1, "e.ris:40")
    assert store.find_import("f" * 64) == entry
    assert store.find_import("0" * 64) is None
    with pytest.raises(ReviewkitError, match="already imported"):
        store.record_import(result, source="embase", searched=None, forced=False, now=T0)
    assert len(store.imports()) == 1
    store.record_import(result, source="embase", searched=None, forced=True, now=T0)
    assert [e.forced for e in store.imports()] == [False, True]
    assert counts(store)["citations"] == 3


def test_decisions_keep_their_history_and_the_latest_wins(db):
    store = StudyStore(db)
    store.sync_citations(CITATIONS, now=T0)
    a, b = "pubmed:1", "embase:e.ris#2"
    store.add_decisions([NewDecision(a=a, b=b, decision="same", decided_by="ann")], now=T0)
    store.add_decisions(
        [NewDecision(a=b, b=a, decision="different", decided_by="bob", note="other trial")],
        now=T0 + timedelta(minutes=1),
    )
    history = store.decision_history()
    assert [(d.a, d.b, d.decision, d.decided_by) for d in history] == [
        (b, a, "same", "ann"),
        (b, a, "different", "bob"),
    ]
    assert store.decisions() == {frozenset((a, b)): "different"}
    with pytest.raises(ReviewkitError, match="no record 'nope'"):
        store.add_decisions(
            [
                NewDecision(a=a, b=b, decision="same", decided_by="x"),
                NewDecision(a=a, b="nope", decision="same", decided_by="x"),
            ],
            now=T0,
        )
    assert len(store.decision_history()) == 2  # nothing of the failed batch stored


def test_saving_a_result_is_idempotent_and_dissolves_studies_it_no_longer_has(db):
    store = StudyStore(db)
    store.sync_citations(CITATIONS, now=T0)
    result = deduplicate(store.citations())
    assert len(result.clusters) == 3
    assert len(result.maybe) == 2
    run_id, changed = store.save_result(result, counts=_counts(result), now=T0)
    assert changed
    assert counts(store) == {"citations": 4, "studies": 3, "maybe_open": 2, "imports": 0}
    merged = next(c for c in store.clusters() if len(c.record_ids) == 2)
    assert merged.record_ids == ("embase:e.ris#1", "pubmed:1")
    assert merged.representative == "pubmed:1"
    assert merged.fields["doi"]
    assert merged.provenance["title"] == "pubmed:1"
    assert store.memberships()["embase:e.ris#1"] == merged.cluster_id
    items = store.queue()
    assert [(i.a, i.b) for i in items] == [
        ("embase:e.ris#1", "embase:e.ris#2"),
        ("embase:e.ris#2", "pubmed:1"),
    ]
    assert all(i.status == "open" and i.reasons and i.fields[0].field for i in items)

    again = deduplicate(store.citations(), existing=store.clusters())
    second_run, changed = store.save_result(again, counts=_counts(again), now=T0 + timedelta(1))
    assert (second_run, changed) == (run_id + 1, False)
    assert [r["changed"] for r in store.dedup_runs()] == [True, False]

    # A human splits the merged study: the old cluster id keeps one part, the other is new.
    store.add_decisions(
        [NewDecision(a="pubmed:1", b="embase:e.ris#1", decision="different", decided_by="ann")],
        now=T0,
    )
    a, b = merged.record_ids
    store.add_decisions(
        [NewDecision(a=i.a, b=i.b, decision="different", decided_by="ann") for i in items], now=T0
    )
    split = deduplicate(store.citations(), decisions=store.decisions(), existing=store.clusters())
    _, changed = store.save_result(split, counts=_counts(split), now=T0 + timedelta(2))
    assert changed
    assert counts(store)["studies"] == 4
    assert store.memberships()[a] != store.memberships()[b]
    assert [q.status for q in store.queue(status=None)] == ["decided", "decided"]


def test_a_screened_study_is_marked_and_unknown_studies_are_refused(db):
    store = StudyStore(db)
    store.sync_citations(CITATIONS, now=T0)
    result = deduplicate(store.citations())
    store.save_result(result, counts=_counts(result), now=T0)
    cid = result.clusters[0].cluster_id
    store.mark_screened(cid, at=T0)
    assert store.screened() == {cid: T0}
    assert store.study(cid).cluster_id == cid
    with pytest.raises(ReviewkitError, match="no study 'c:nope'"):
        store.study("c:nope")
    with pytest.raises(ReviewkitError, match="no study"):
        store.mark_screened("c:nope", at=T0)


def _counts(result) -> dict[str, object]:
    n = sum(len(c.record_ids) for c in result.clusters)
    return {
        "records": n,
        "per_source": {},
        "studies": len(result.clusters),
        "duplicates_removed": n - len(result.clusters),
        "maybe_open": len(result.maybe),
        "relations": len(result.relations),
        "flagged": len(result.flagged),
        "new_records": 0,
        "joined_screened": [],
        "stats": {},
    }
