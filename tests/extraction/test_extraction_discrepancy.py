"""Discrepancies, agreement per field and consensus (pure)."""

from pathlib import Path

from reviewkit.extraction.discrepancy import EntryRow, agreement, apply_consensus, compare
from reviewkit.extraction.forms import load_form

FORM = load_form(Path(__file__).resolve().parents[1] / "data" / "forms" / "small_v2.yaml")


def r(values, section="", keys=(), study="s1"):
    return EntryRow(study_id=study, section=section, keys=keys, values=values)


A = [r({"design": "parallel", "country": "India"}), r({"sessions": 6}, "arms", (("arm", "A"),))]
B = [r({"design": "parallel", "country": " india "}), r({"sessions": 4}, "arms", (("arm", "A"),)),
     r({"sessions": 3}, "arms", (("arm", "B"),))]  # fmt: skip


def test_compare_lists_each_differing_field_and_missing_rows():
    found = compare(FORM, A, B)
    assert [(d.section, d.keys, d.field, d.first, d.second) for d in found] == [
        ("arms", (("arm", "A"),), "sessions", 6, 4),
        ("arms", (("arm", "B"),), "sessions", None, 3),
    ]


def test_agreement_per_field():
    stats = agreement(FORM, A, B)
    assert (stats["design"].compared, stats["design"].agreed) == (1, 1)
    assert (stats["sessions"].compared, stats["sessions"].agreed) == (2, 0)
    assert stats["notes"].proportion is None


def test_consensus_keeps_shared_values_and_settles_the_rest():
    arm_a = ("s1", "arms", (("arm", "A"),))
    arm_b = ("s1", "arms", (("arm", "B"),))
    rows, unresolved = apply_consensus(FORM, A, B, {(arm_a, "sessions"): 6})
    assert [d.keys for d in unresolved] == [(("arm", "B"),)]
    rows, unresolved = apply_consensus(
        FORM, A, B, {(arm_a, "sessions"): 6, (arm_b, "sessions"): None}
    )
    assert unresolved == []
    assert [(x.section, dict(x.values)) for x in rows] == [
        ("", {"design": "parallel", "country": "India"}),
        ("arms", {"sessions": 6}),
    ]
