"""ExtractionStore on both backends: history, consensus merge, verification, value round trip."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reviewkit.deduplication import run_deduplication
from reviewkit.errors import StorageError
from reviewkit.extraction.forms import load_form
from reviewkit.records import Citation
from reviewkit.storage.extraction import ExtractionStore, NewRow
from reviewkit.storage.studies import StudyStore

FORMS = Path(__file__).resolve().parents[1] / "data" / "forms"
T0 = datetime(2026, 12, 1, tzinfo=UTC)
T1 = datetime(2026, 12, 2, tzinfo=UTC)
T2 = datetime(2026, 12, 3, tzinfo=UTC)
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
    [study] = store.extractions(consensus=False, unverified=True)
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


def single(db):
    form, _ = seeded(db)
    return form, ExtractionStore(db, form=form, mode="single-verified",
                                 reviewers=("ann", "bob", "cy"))  # fmt: skip


ARM_A = (("arm", "A"),)


def test_a_verification_records_field_level_corrections_that_round_trip(db):
    form, store = single(db)
    extracted = store_rows(store, form, "ann", [
        row({"design": "parallel", "notes": date(2020, 1, 2), "co_treatments": ("PRP",)}),
        row({"sessions": 6}, "arms", ARM_A),
    ], T0)  # fmt: skip
    assert extracted.verified == extracted.reopened == ()
    done = store_rows(store, form, "bob", [
        row({"design": "parallel", "co_treatments": ("PRP", "minoxidil")}),
        row({"sessions": 6}, "arms", ARM_A),
        row({"sessions": 4}, "arms", (("arm", "B"),)),
    ], T1)  # fmt: skip
    [check] = done.verified
    assert (check.import_id, check.checked_import_id) == (done.id, extracted.id)
    fixed = [(c.section, c.keys, c.field, c.before, c.after) for c in check.corrections]
    assert fixed == [
        ("", (), "co_treatments", ("PRP",), ("PRP", "minoxidil")),
        ("", (), "notes", date(2020, 1, 2), None),
        ("arms", (("arm", "B"),), "sessions", None, 4),
    ]
    assert store.verifications() == [check]  # read back equal: dates and tuples decoded
    [study] = store.extractions()
    assert study.fields["co_treatments"].value == ("PRP", "minoxidil")
    assert "notes" not in study.fields
    assert len(study.groups["arms"]) == 2


def test_a_verifier_cannot_verify_what_the_extractor_has_not_extracted(db):
    form, store = single(db)
    with pytest.raises(StorageError, match="bob cannot verify c:embase:x#1: ann has not"):
        store_rows(store, form, "bob", [row({"design": "parallel"})], T0)
    assert store.imports() == []
    assert store.entries() == []


def test_a_second_verification_supersedes_the_first_and_compares_with_the_extraction(db):
    form, store = single(db)
    store_rows(store, form, "ann", [row({"design": "parallel", "country": "India"})], T0)
    store_rows(store, form, "bob", [row({"design": "split-scalp", "country": "India"})], T1)
    done = store_rows(store, form, "cy", [row({"design": "parallel", "country": "Nepal"})], T2)
    [check] = store.verifications()
    assert check == done.verified[0]
    assert (check.verifier, [c.field for c in check.corrections]) == ("cy", ["country"])
    assert [v.superseded_at for v in store.verifications(current=False)] == [T2, None]
    [study] = store.extractions()
    assert study.fields["design"].value == "parallel"
    assert study.fields["country"].provenance.reviewer == "cy"
    [status] = store.statuses()
    assert (status.extracted_by, status.extracted_at, status.verification) == (
        ("ann",), T0, check,
    )  # fmt: skip


def test_double_mode_status_counts_fields_in_dispute(db):
    form, store = seeded(db)
    store_rows(store, form, "ann", [row({"design": "parallel", "country": "India"})], T0)
    [waiting] = store.statuses()
    assert (waiting.extracted_by, waiting.open_fields) == (("ann",), None)
    store_rows(store, form, "bob", [row({"design": "split-scalp", "country": "Nepal"})], T1)
    [disputed] = store.statuses()
    assert (disputed.extracted_by, disputed.open_fields, disputed.extracted_at) == (
        ("ann", "bob"), 2, T1,
    )  # fmt: skip
    assert disputed.citation.first_author == "Lee"
