"""Tests for reviewkit.evidence.footnotes: the unverified-studies note."""

from __future__ import annotations

from reviewkit.evidence.tables import build_tables
from tests.evidence.evidence_support import bao, dhurat, unknown


def test_unverified_studies_are_named_in_every_footnote(form):
    plain = build_tables([dhurat()], form)
    noted = build_tables([dhurat()], form, unverified=[unknown().citation, bao().citation])
    note = (
        "Extracted but not verified yet, so left out: Abe 2020 (PMID 90000032); "
        "S3 n.d. (doi:10.1/x)."
    )
    for before, after in zip(plain.tables, noted.tables, strict=True):
        assert after.footnote == f"{before.footnote} {note}"
        assert (after.rows, after.traces) == (before.rows, before.traces)
    shown = build_tables(
        [dhurat(), bao()], form, unverified=[bao().citation], unverified_shown=True
    )
    assert shown.summary.footnote.endswith(
        "Not verified yet (values as extracted, unchecked): Abe 2020 (PMID 90000032)."
    )
