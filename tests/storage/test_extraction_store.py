"""ExtractionStore on both backends: history on re-import, consensus merge, value round trip."""

from datetime import UTC, date, datetime
from pathlib import Path

from reviewkit.deduplication import run_deduplication
from reviewkit.extraction.forms import load_form
from reviewkit.records import Citation
from reviewkit.storage.extraction import ExtractionStore, NewRow
from reviewkit.storage.studies import StudyStore

FORMS = Path(__file__).resolve().parents[1] / "data" / "forms"
T0 = datetime(2026, 12, 1, tzinfo=UTC)
T1 = datetime(2026, 12, 2, tzinfo=UTC)
SID = "c:embase:x#1"


def seeded(db):
    StudyStore(db).sync_citations(
        [Citation(record_id="embase:x#1", source="embase", title="T", authors=("Lee, A",),
                  year=2019)], now=T0)  # fmt: skip
    run_deduplication(db, now=T0)
    form = load_form(FORMS / "small_v2.yaml")
    return form, ExtractionStore(db, form=form, reviewers=("ann", "bob"))


def row(values, section="", keys=()):
    return NewRow(study_id=SID, section=section, keys=keys, values=values)


def store_rows(store, form, reviewer, rows, now):
    return store.add_import(rows, kind="reviewer", reviewer=reviewer, form=form, file="x.xlsx",
                            sha256="0" * 64, studies={SID}, now=now)  # fmt: skip


def test_reimport_supersedes_and_values_round_trip(db):
    form, store = seeded(db)
    store_rows(store, form, "ann", [row({"design": "parallel", "co_treatments": ("PRP",)})], T0)
    store_rows(store, form, "ann", [row({"design": "split-scalp", "notes": date(2020, 1, 2)})], T1)
    [current] = store.entries(reviewer="ann")
    assert current.values == {"design": "split-scalp", "notes": date(2020, 1, 2)}
    history = store.entries(reviewer="ann", current=False)
    assert history[0].values["co_treatments"] == ("PRP",)
    assert history[0].superseded_at == T1
    [study] = store.extractions(consensus=False)
    assert study.citation.first_author == "Lee"
    assert study.citation.year == 2019


def test_consensus_settles_and_merges(db):
    form, store = seeded(db)
    store_rows(store, form, "ann", [row({"design": "parallel", "country": "India"})], T0)
    store_rows(store, form, "bob", [row({"design": "split-scalp", "country": "India"})], T0)
    assert [d.field for d in store.unresolved()] == ["design"]
    store.add_import([row({"design": "parallel"})], kind="consensus", reviewer="consensus",
                     form=form, file="d.xlsx", sha256="1" * 64, studies={SID}, now=T1)  # fmt: skip
    [study] = store.extractions()
    assert study.fields["design"].value == "parallel"
    assert study.fields["country"].provenance.reviewer == "consensus"
    assert store.unresolved() == []
