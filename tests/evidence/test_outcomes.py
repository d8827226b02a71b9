"""Tests for reviewkit.evidence.outcomes: rows per outcome, timepoint and comparison."""

from __future__ import annotations

from reviewkit.evidence.tables import build_tables
from tests.evidence.evidence_support import bao, dhurat, unknown


def test_outcomes_rows_per_outcome_timepoint_comparison(form):
    t = build_tables([dhurat(), unknown(), bao()], form).outcomes
    recs = t.records()
    hc = "Change in hair count (hairs/cm²)"
    assert [(r["outcome"], r["timepoint"], r["study"], r["comparison"]) for r in recs] == [
        (hc, "12 weeks", "Doe 2013", "MN+minoxidil vs minoxidil"),
        (hc, "24 weeks", "Abe 2020", "A vs C"),
        (hc, "24 weeks", "Abe 2020", "B vs C"),
        ("Responders", "12 weeks", "Doe 2013", "MN+minoxidil vs minoxidil"),
        ("Adverse events", "12 weeks", "S3 n.d.", None),
    ]
    first = recs[0]
    assert first["pmid"] == "90000023"
    assert (first["int_n"], first["int_mean"], first["int_sd"]) == (50, 91.4, 14.6)
    assert (first["comp_n"], first["comp_mean"], first["comp_sd"]) == (44, 22.2, 4.3)
    assert first["int_events"] is None
    assert (recs[3]["int_events"], recs[3]["int_total"], recs[3]["comp_events"]) == (41, 50, 2)
    assert recs[2]["comp_mean"] == 3.0  # the comparator repeats for each intervention arm
    # Never-reported result fields (median, IQR) are not columns.
    assert not any(c.key.endswith("median") for c in t.columns)
    assert [c.label for c in t.columns if c.key == "int_mean"] == ["Int. Mean"]


def test_comparisons_pair_every_active_arm_with_each_comparator(form):
    from reviewkit.evidence.outcomes import comparisons
    from reviewkit.evidence.views import study_view

    assert comparisons(study_view(bao(), form), "arm_role", "comparator") == [
        ("A", "C"),
        ("B", "C"),
    ]
    # No comparator arm: each active arm stands alone; no arms at all: one empty row.
    assert comparisons(study_view(bao(), form), "arm_role", "sham") == [
        ("A", None),
        ("B", None),
        ("C", None),
    ]
    assert comparisons(study_view(unknown(), form), "arm_role", "comparator") == [("", None)]
