"""Tests for reviewkit.evidence.summary: studies and participants per outcome."""

from __future__ import annotations

from reviewkit.evidence.tables import build_tables
from tests.evidence.evidence_support import bao, dhurat, unknown


def test_summary_counts_studies_and_participants(form):
    t = build_tables([dhurat(), unknown(), bao()], form).summary
    assert t.records() == [
        {"outcome": "Change in hair count", "timepoints": "12 weeks, 24 weeks", "studies": 2,
         "participants": 94 + 114,
         "citations": "Abe 2020 (PMID 90000032); Doe 2013 (PMID 90000023, "
                      "doi:10.9999/test.0023)"},
        {"outcome": "Responders", "timepoints": "12 weeks", "studies": 1, "participants": 94,
         "citations": "Doe 2013 (PMID 90000023, doi:10.9999/test.0023)"},
        {"outcome": "Adverse events", "timepoints": "12 weeks", "studies": 1, "participants": 18,
         "citations": "S3 n.d. (doi:10.1/x)"},
    ]  # fmt: skip
