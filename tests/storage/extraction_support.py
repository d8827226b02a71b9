"""Builders shared by the extraction store tests: a deduplicated study, a store, an import."""

from datetime import UTC, datetime
from pathlib import Path

from reviewkit.deduplication import run_deduplication
from reviewkit.extraction.forms import load_form
from reviewkit.records import Citation
from reviewkit.storage.extraction import ExtractionStore
from reviewkit.storage.extraction_entries import NewRow
from reviewkit.storage.studies import StudyStore

FORMS = Path(__file__).resolve().parents[1] / "data" / "forms"
T0 = datetime(2026, 12, 1, tzinfo=UTC)
T1 = datetime(2026, 12, 2, tzinfo=UTC)
T2 = datetime(2026, 12, 3, tzinfo=UTC)
SID = "c:embase:x#1"
ARM_A = (("arm", "A"),)


def seeded(db):
    StudyStore(db).sync_citations(
        [Citation(record_id="embase:x#1", source="embase", title="T", authors=("Lee, A",),
                  year=2019)], now=T0)  # fmt: skip
    run_deduplication(db, now=T0)
    form = load_form(FORMS / "small_v2.yaml")
    return form, ExtractionStore(db, form=form, reviewers=("ann", "bob"))


def single(db):
    form, _ = seeded(db)
    return form, ExtractionStore(db, form=form, mode="single-verified",
                                 reviewers=("ann", "bob", "cy"))  # fmt: skip


def row(values, section="", keys=()):
    return NewRow(study_id=SID, section=section, keys=keys, values=values)


def store_rows(store, form, reviewer, rows, now):
    return store.add_import(rows, kind="reviewer", reviewer=reviewer, form=form, file="x.xlsx",
                            sha256="0" * 64, studies={SID}, now=now)  # fmt: skip
