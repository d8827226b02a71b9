"""Roles in single-verified extraction and what a verifier corrected (pure)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewkit.extraction.discrepancy import EntryRow
from reviewkit.extraction.forms import load_form
from reviewkit.extraction.verification import Verification, corrections, role_of

FORM = load_form(Path(__file__).resolve().parents[1] / "data" / "forms" / "small_v2.yaml")
ARM_A = (("arm", "A"),)


def r(values, section="", keys=()):
    return EntryRow(study_id="s1", section=section, keys=keys, values=values)


@pytest.mark.parametrize(
    ("mode", "reviewer", "expected"),
    [
        ("single-verified", "ann", "extractor"),
        ("single-verified", "bob", "verifier"),
        ("single-verified", "cy", "verifier"),
        ("single-verified", "dan", None),  # not a configured reviewer
        ("double", "ann", None),
        ("double", "bob", None),
    ],
)
def test_the_first_reviewer_extracts_and_the_others_verify(mode, reviewer, expected):
    assert role_of(mode, ("ann", "bob", "cy"), reviewer) == expected


def test_corrections_list_changed_added_and_removed_values_in_form_order():
    extracted = [r({"design": "parallel", "country": "India", "notes": "x"}),
                 r({"sessions": 6, "needle_length": 1.5}, "arms", ARM_A)]  # fmt: skip
    verified = [r({"design": "split-scalp", "country": " INDIA", "co_treatments": ("PRP",)}),
                r({"sessions": 6.0, "needle_length": 1.0}, "arms", ARM_A)]  # fmt: skip
    found = corrections(FORM, extracted, verified)
    assert [(c.section, c.field, c.before, c.after) for c in found] == [
        ("", "design", "parallel", "split-scalp"),
        ("", "co_treatments", None, ("PRP",)),
        ("", "notes", "x", None),
        ("arms", "needle_length", 1.5, 1.0),
    ]  # case, spacing and 6 vs 6.0 are not corrections


def test_a_row_only_the_verifier_has_is_one_correction_per_filled_field():
    found = corrections(FORM, [r({"design": "parallel"})],
                        [r({"design": "parallel"}), r({"sessions": 4}, "arms", ARM_A)])  # fmt: skip
    assert [(c.keys, c.field, c.before, c.after) for c in found] == [(ARM_A, "sessions", None, 4)]
    assert corrections(FORM, [r({"design": "parallel"})], [r({"design": "parallel"})]) == ()


def test_a_verification_says_who_when_and_how_many_values_were_corrected():
    check = Verification(
        study_id="s1", verifier="bob", extractor="ann",
        verified_at=datetime(2026, 12, 2, 23, 30, tzinfo=UTC), form_id="small", form_version=2,
        import_id=2, checked_import_id=1,
        corrections=corrections(FORM, [r({"design": "parallel"})], [r({"design": "split-scalp"})]),
    )  # fmt: skip
    assert check.line() == "verified by bob on 2026-12-02 (form v2), 1 value corrected"
    none = Verification(**{**{s: getattr(check, s) for s in Verification.__slots__},
                           "corrections": ()})  # fmt: skip
    assert none.line().endswith("0 values corrected")
