"""Tests for reviewkit.evidence.tables: build_tables as a whole."""

from __future__ import annotations

from reviewkit.evidence.tables import build_tables
from tests.evidence.evidence_support import bao, dhurat, unknown


def test_same_data_in_any_order_gives_identical_tables(form):
    a = build_tables([dhurat(), unknown(), bao()], form)
    b = build_tables([bao(), dhurat(), unknown()], form)
    assert a == b


def test_no_unverified_studies_leave_the_footnotes_as_they_were(form):
    assert build_tables([dhurat()], form, unverified=[]) == build_tables([dhurat()], form)
