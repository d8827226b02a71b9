"""Tests for reviewkit.evidence_export.manuscript: the outcomes table as the DOCX shows it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx

from reviewkit.evidence import Column, Table
from reviewkit.evidence_export import (
    format_csv,
    format_docx,
)
from tests.evidence_export.evidence_export_support import TITLE, write


def test_docx_outcomes_fold_arm_results_into_one_cell_per_arm(tables, tmp_path):
    write(tables, tmp_path)
    outcomes = docx.Document(str(tmp_path / "evidence_tables.docx")).tables[1]
    header = [c.text for c in outcomes.rows[0].cells]
    assert header == [
        "Outcome", "Timepoint", "Study", "Comparison", "How results are reported",
        "Intervention arm", "Comparator arm",
    ]  # fmt: skip
    rows = [[c.text for c in r.cells] for r in outcomes.rows[1:]]
    assert rows[0][2] == "Doe 2013\nPMID 90000023"
    assert rows[0][5:] == ["91.4 ± 14.6 (n = 50)", "22.2 ± 4.3 (n = 44)"]
    assert rows[3][5:] == ["41/50", "2/44"]
    assert rows[4][2] == "S3 n.d.\ndoi:10.1/x"  # no PMID: the DOI identifies the study
    assert rows[4][5:] == ["", ""]
    # The data formats keep a column per value.
    assert "int_mean" in format_csv(tables[0][1]).splitlines()[0]


def test_docx_outcomes_median_iqr_and_empty_columns_dropped():
    labels = {"n": "N analysed in arm", "median": "Median", "iqr_low": "IQR lower quartile",
              "iqr_high": "IQR upper quartile", "events": "Events", "sd": "SD"}  # fmt: skip
    columns = (
        Column(key="outcome", label="Outcome"), Column(key="study", label="Study"),
        Column(key="pmid", label="PMID"), Column(key="doi", label="DOI"),
        *(Column(key=f"{s}_{k}", label=f"{t} {v}")
          for s, t in (("int", "Int."), ("comp", "Comp.")) for k, v in labels.items()),
    )  # fmt: skip
    row = ("Hair density", "Lee 2021", None, None,
           20, 7.5, 5.0, 11.0, None, None,
           21, 3.0, None, None, 4, 1.5)  # fmt: skip
    table = Table(key="outcomes", title="Outcomes", footnote="", columns=columns, rows=(row,))
    stamp = datetime(2026, 3, 1, tzinfo=UTC)
    data = format_docx([table], title=TITLE, stamp=stamp)
    assert data == format_docx([table], title=TITLE, stamp=stamp)
    grid = docx.Document(io.BytesIO(data)).tables[0]
    assert [c.text for c in grid.rows[0].cells] == [
        "Outcome",
        "Study",
        "Intervention arm",
        "Comparator arm",
    ]
    assert [c.text for c in grid.rows[1].cells][1:] == [
        "Lee 2021",
        "7.5 [5–11] (n = 20)",
        "SD 1.5; 3 (n = 21); 4/21",
    ]


def test_arm_cell_patterns_and_leftover_fields():
    from reviewkit.evidence_export.manuscript import arm_cell

    labels = {"x": "Other"}
    assert arm_cell({"n": 20, "mean": 1.5, "sd": 0.5}, labels) == "1.5 ± 0.5 (n = 20)"
    assert arm_cell({"events": 3, "n": 20}, labels) == "3/20"
    assert arm_cell({"events": 3}, labels) == "3 events"
    assert arm_cell({"total": 9, "x": "y"}, labels) == "total 9; Other y"
    assert arm_cell({"n": 5}, labels) == "n = 5"
    assert arm_cell({"mean": None}, labels) is None
