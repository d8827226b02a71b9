"""PRISMA counts gathered from a review database built through the library (both backends)."""

import csv
from datetime import UTC, date, datetime

import pytest

from reviewkit.deduplication import decide as decide_pair
from reviewkit.deduplication import run_deduplication
from reviewkit.importing import import_file
from reviewkit.prisma import check
from reviewkit.prisma_data import NOT_RETRIEVED, gather, write_prisma_outputs
from reviewkit.protocol import Protocol, Screening
from reviewkit.records import Citation
from reviewkit.screening import Decision, Stage
from reviewkit.screening_stage import update_queue
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.screening import NewEntry, ScreeningStore
from reviewkit.storage.studies import StudyStore

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
A, B = "reviewer-a", "reviewer-b"
REASONS = ("wrong population", "wrong study design", NOT_RETRIEVED, "other")

RIS = "".join(
    f"TY  - JOUR\nTI  - {title}\nPY  - 2021\nDO  - {doi}\nER  - \n\n"
    for title, doi in [
        ("Microneedling plus minoxidil for androgenetic alopecia", "10.1/a"),
        ("Dermaroller and platelet-rich plasma in alopecia areata", "10.1/b"),
        ("Scalp microneedling in female pattern hair loss", "10.1/c"),
        ("A split-scalp trial of microneedling with topical steroids", "10.1/d"),
    ]
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    """An open review database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = ReviewDatabase.sqlite_url(tmp_path / "db" / "review.sqlite")
    else:
        url = request.getfixturevalue("postgres_url")
    database = ReviewDatabase.open(url)
    yield database
    database.close()


def pubmed(n, title, doi):
    return Citation(
        record_id=f"pubmed:{n}", source="pubmed", title=title, year=2021, doi=doi, pmid=str(n)
    )


def protocol():
    data = {
        "review": {"id": "t", "title": "T", "question": "Q?"},
        "pico": {
            "population": "p",
            "intervention": "i",
            "comparator": "c",
            "outcomes": ["o"],
            "study_designs": ["rct"],
        },
        "search": {"pubmed": {"query": "x", "mindate": "1990"}},
        "eligibility": {"reasons": list(REASONS)},
        "screening": Screening(reviewers=(A, B)).model_dump(),
    }
    return Protocol.model_validate(data)


def decide(db, stage, decisions):
    """decisions: {title word: (decision, reason)} given by both reviewers."""
    store = ScreeningStore(db)
    studies = store.studies()
    entries = []
    for cid, view in studies.items():
        title = str(view.fields.get("title"))
        for word, (decision, reason) in decisions.items():
            if word in title:
                entries += [
                    NewEntry(
                        stage=stage,
                        cluster_id=cid,
                        record_ids=view.record_ids,
                        reviewer=who,
                        role="reviewer",
                        decision=decision,
                        reason=reason,
                        note=None,
                        origin="test",
                    )
                    for who in (A, B)
                ]
    store.add_entries(entries, now=T0)


def build(db, tmp_path):
    path = tmp_path / "embase.ris"
    path.write_text(RIS, encoding="utf-8")
    import_file(db, path, source="embase", searched=date(2026, 11, 30), now=T0)
    # Two of the PubMed records are the Embase records a and b (same DOI): duplicates.
    StudyStore(db).sync_citations([
        pubmed(1, "Microneedling plus minoxidil for androgenetic alopecia", "10.1/a"),
        pubmed(2, "Dermaroller and platelet-rich plasma in alopecia areata", "10.1/b"),
        pubmed(3, "Fractional laser for hair loss without needles", "10.1/e"),
        pubmed(4, "Hair transplantation outcomes in a cohort", "10.1/f"),
        pubmed(5, "Microneedling in a mouse model of alopecia", "10.1/g"),
    ], now=T0)  # fmt: skip
    # The engine may leave such pairs as "maybe": a reviewer's decision settles them.
    for n in (1, 2):
        decide_pair(db, f"pubmed:{n}", f"embase:embase.ris#{n}", "same", by="ann", now=T0)
    run_deduplication(db, now=T0)
    p = protocol()
    update_queue(db, p, now=T0)
    decide(db, Stage.TITLE_ABSTRACT, {
        "minoxidil": (Decision.INCLUDE, None), "Dermaroller": (Decision.INCLUDE, None),
        "female": (Decision.INCLUDE, None), "split-scalp": (Decision.INCLUDE, None),
        "Fractional": (Decision.EXCLUDE, None), "transplantation": (Decision.EXCLUDE, None),
        # the mouse study gets no decision: it still awaits title-abstract screening
    })  # fmt: skip
    update_queue(db, p, now=T0)
    decide(db, Stage.FULL_TEXT, {
        "minoxidil": (Decision.INCLUDE, None),
        "Dermaroller": (Decision.EXCLUDE, "wrong study design"),
        "female": (Decision.EXCLUDE, NOT_RETRIEVED),
        # the split-scalp trial waits for its full-text decision
    })  # fmt: skip
    update_queue(db, p, now=T0)


def test_counts_come_from_the_database(db, tmp_path):
    build(db, tmp_path)
    data = gather(db, reasons=REASONS)
    c = data.counts
    assert c.databases == (("PubMed", 5), ("Embase", 4))
    assert c.identified == 9
    assert c.duplicates == 2
    assert c.records_screened == 7
    assert c.records_excluded == 2
    assert c.records_awaiting == 1
    assert c.reports_sought == 4
    assert c.reports_not_retrieved == 1
    assert c.reports_assessed == 3
    assert c.reports_excluded == (("wrong population", 0), ("wrong study design", 1), ("other", 0))
    assert c.reports_awaiting == 1
    assert (c.new_studies, c.new_reports, c.total_studies) == (1, 1, 1)
    assert check(c) == []
    assert any("await a final title-abstract decision" in n for n in data.notes)


def test_an_empty_review_has_zero_everywhere(db):
    data = gather(db)
    assert data.counts.identified == 0
    assert check(data.counts) == []
    assert data.notes == ()


def test_records_not_deduplicated_yet_wait_and_are_noted(db):
    StudyStore(db).sync_citations([pubmed(1, "A", "10.1/a"), pubmed(2, "B", "10.1/b")], now=T0)
    data = gather(db)
    assert data.counts.records_screened == 2
    assert data.counts.records_awaiting == 2
    assert check(data.counts) == []
    assert any("no dedup run yet" in n for n in data.notes)


def test_the_output_files_are_written(db, tmp_path):
    build(db, tmp_path)
    out = tmp_path / "outputs"
    data = write_prisma_outputs(db, out, title="Microneedling", reasons=REASONS)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["prisma.csv", "prisma.png", "prisma.svg", "search_log.csv", "search_log.md"]
    assert "records_screened,node9,box4" in (out / "prisma.csv").read_text(encoding="utf-8")
    assert "Embase" in (out / "search_log.md").read_text(encoding="utf-8")
    assert data.counts.records_screened == 7


def test_an_updated_review_adds_its_previous_version(db, tmp_path):
    build(db, tmp_path)
    out = tmp_path / "outputs"
    new = write_prisma_outputs(db, out, title="Microneedling", reasons=REASONS)
    data = write_prisma_outputs(db, out, title="Microneedling", reasons=REASONS,
                                previous_studies=12, previous_reports=14)  # fmt: skip
    assert data.counts.total_studies == new.counts.total_studies + 12
    rows = {r["data"]: r for r in csv.DictReader((out / "prisma.csv").open(encoding="utf-8"))}
    assert (rows["previous_studies"]["n"], rows["previous_reports"]["n"]) == ("12", "14")
    assert "Studies included in previous version of review" in (out / "prisma.svg").read_text(
        encoding="utf-8"
    )
