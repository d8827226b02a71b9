"""Tests for reviewkit.evidence.characteristics: Table 1, one row per study."""

from __future__ import annotations

from reviewkit.evidence.tables import build_tables
from tests.evidence.evidence_support import bao, dhurat, unknown


def test_characteristics_one_row_per_study_in_author_year_order(form):
    tables = build_tables([dhurat(), unknown(), bao()], form)
    t = tables.characteristics
    keys = [c.key for c in t.columns]
    assert keys[:3] == ["study", "pmid", "doi"]
    assert "notes" not in keys  # long text is left out
    assert "country" not in keys  # nobody reported it: no empty column
    recs = t.records()
    assert [r["study"] for r in recs] == ["Abe 2020", "Doe 2013", "S3 n.d."]
    assert recs[1]["pmid"] == "90000023"
    assert recs[1]["doi"] == "10.9999/test.0023"
    assert recs[1]["n_randomised"] == 100
    assert recs[0]["n_analysed"] is None
    assert recs[1]["rob2_overall"] == "some concerns"
    assert recs[1]["arms"] == (
        "MN+minoxidil (intervention): microneedling device dermaroller, needle length 1.5 mm, "
        "number of sessions 12, co-treatments minoxidil, minoxidil concentration 5 %\n"
        "minoxidil (comparator): microneedling device none, co-treatments minoxidil"
    )
    assert recs[1]["outcomes"] == "Change in hair count; Responders"
    assert recs[2]["arms"] is None
    assert recs[2]["outcomes"] == "Adverse events"
