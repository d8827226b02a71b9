"""Single-verified extraction on both backends: verifications, corrections, superseding."""

from dataclasses import replace
from datetime import date

import pytest

from reviewkit.errors import StorageError
from reviewkit.storage.extraction_verifications import (
    plan_checks,
    read_verifications,
    write_verifications,
)
from tests.storage.extraction_support import ARM_A, SID, T0, T1, T2, row, single, store_rows


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


def test_the_extractors_reimport_reopens_the_study(db):
    form, store = single(db)
    store_rows(store, form, "ann", [row({"design": "parallel"})], T0)
    [check] = store_rows(store, form, "bob", [row({"design": "parallel"})], T1).verified
    again = store_rows(store, form, "ann", [row({"design": "split-scalp"})], T2)
    assert again.reopened == (replace(check, superseded_at=T2),)
    assert store.verifications() == []
    assert store.extractions() == []
    [unverified] = store.extractions(unverified=True)
    assert unverified.fields["design"].value == "split-scalp"


def test_a_check_planned_before_a_re_extraction_is_refused(db):
    form, store = single(db)
    store_rows(store, form, "ann", [row({"design": "parallel"})], T0)
    checks = plan_checks([row({"design": "split-scalp"})], [SID], verifier="bob",
                         extractor="ann", form=form,
                         extracted=store.reviewer_rows("ann"))  # fmt: skip
    [planned] = checks
    assert [c.field for c in planned.corrections] == ["design"]
    store_rows(store, form, "ann", [row({"design": "parallel", "country": "India"})], T1)
    with (
        pytest.raises(StorageError, match=f"ann re-extracted {SID} while bob's workbook"),
        db.transaction("test", write=True) as conn,
    ):
        write_verifications(conn, checks, verifier="bob", extractor="ann", form=form,
                            import_id=1, now=T2)  # fmt: skip
    assert read_verifications(db, current=False) == []
