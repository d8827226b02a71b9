"""Tests for reviewkit.evidence_export.csv_format."""

from __future__ import annotations

import csv
import io

from reviewkit.evidence_export import (
    format_csv,
)


def test_csv_has_keys_and_values(tables):
    (_, outcomes, _), _ = tables
    rows = list(csv.DictReader(io.StringIO(format_csv(outcomes))))
    assert rows[0]["study"] == "Doe 2013"
    assert rows[0]["pmid"] == "90000023"
    assert rows[0]["int_mean"] == "91.4"
    assert rows[0]["comp_n"] == "44"
    assert rows[-1]["comparison"] == ""
