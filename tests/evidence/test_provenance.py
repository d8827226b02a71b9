"""Tests for reviewkit.evidence.provenance: every value traced, and the provenance table."""

from __future__ import annotations

from reviewkit.evidence.provenance import latest_entry, provenance_table
from reviewkit.evidence.tables import build_tables
from tests.evidence.evidence_support import WHEN, bao, dhurat, unknown


def test_every_value_traces_to_reviewer_form_version_and_records(form):
    tables = build_tables([dhurat(), unknown(), bao()], form)
    outcomes = tables.outcomes
    (trace,) = outcomes.trace(0, "int_mean")
    assert (trace.reviewer, trace.form_id, trace.form_version) == (
        "consensus",
        "microneedling_hair_loss",
        1,
    )
    assert trace.study_id == "S2"
    assert trace.record_ids == ("rec-S2",)
    assert trace.field == "mean"
    assert dict(trace.keys) == {
        "outcome": "hair_count_change",
        "timepoint": "12 weeks",
        "arm": "MN+minoxidil",
    }
    assert outcomes.trace(0, "outcome") == ()  # labels from the form are not extracted values
    people = tables.summary.trace(2, "participants")
    assert [(t.study_id, t.field, t.keys) for t in people] == [("S3", "n_analysed", ())]
    arms = tables.characteristics.trace(1, "arms")
    assert {t.field for t in arms} >= {"arm_role", "device", "needle_length"}

    prov = provenance_table(tables.tables)
    assert [c.key for c in prov.columns][:3] == ["table", "row", "column"]
    row_ = next(r for r in prov.records() if r["table"] == "outcomes" and r["column"] == "int_mean")
    assert row_["row"] == 1
    assert row_["reviewer"] == "consensus"
    assert row_["record_ids"] == "rec-S2"
    assert row_["entered_at"] == "2026-03-01T12:00:00+00:00"
    assert latest_entry(tables.tables) == WHEN
