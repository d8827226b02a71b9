import csv
import io
import zipfile
from datetime import UTC, datetime

import docx
import openpyxl
import pytest

from reviewkit.errors import StorageError
from reviewkit.evidence import Column, Table, build_tables
from reviewkit.evidence_export import (
    OUTPUT_FILES,
    format_csv,
    format_docx,
    format_html,
    format_markdown,
    provenance_table,
    write_evidence_tables,
)
from tests.test_evidence import FORM_PATH, bao, dhurat, unknown

TITLE = "Microneedling for hair loss: evidence tables"


@pytest.fixture(scope="module")
def tables():
    from reviewkit.extraction.forms import load_form

    built = build_tables([dhurat(), unknown(), bao()], load_form(FORM_PATH))
    return built.tables, provenance_table(built.tables)


def write(tables, out):
    evidence, provenance = tables
    return write_evidence_tables(evidence, provenance, out, title=TITLE)


def test_writes_every_format_and_rebuilds_byte_identical(tables, tmp_path):
    first = write(tables, tmp_path / "a")
    assert sorted(p.name for p in first) == sorted(OUTPUT_FILES)
    second = write(tables, tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    # Writing over existing files leaves no temporaries behind.
    write(tables, tmp_path / "a")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(OUTPUT_FILES)


def test_csv_has_keys_and_values(tables):
    (_, outcomes, _), _ = tables
    rows = list(csv.DictReader(io.StringIO(format_csv(outcomes))))
    assert rows[0]["study"] == "Doe 2013"
    assert rows[0]["pmid"] == "90000023"
    assert rows[0]["int_mean"] == "91.4"
    assert rows[0]["comp_n"] == "44"
    assert rows[-1]["comparison"] == ""


def test_xlsx_opens_with_frozen_formatted_header(tables, tmp_path):
    write(tables, tmp_path)
    book = openpyxl.load_workbook(tmp_path / "evidence_tables.xlsx")
    assert book.sheetnames == ["characteristics", "outcomes", "summary", "provenance"]
    sheet = book["outcomes"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Outcome"
    assert sheet["A1"].font.b
    assert sheet["A2"].alignment.wrap_text
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("Int. Mean") + 1).value == 91.4  # a number, not text
    assert sheet.column_dimensions["A"].width >= 8
    assert book.properties.modified == datetime(2026, 3, 1, 12, 0)
    with zipfile.ZipFile(tmp_path / "evidence_tables.xlsx") as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_docx_opens_with_titles_tables_and_footnotes(tables, tmp_path):
    write(tables, tmp_path)
    document = docx.Document(str(tmp_path / "evidence_tables.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == TITLE
    assert "Table 2. Outcomes by timepoint and comparison" in texts
    assert any(t.startswith("One row per outcome") for t in texts)
    assert len(document.tables) == 3
    outcomes = document.tables[1]
    assert outcomes.rows[0].cells[0].text == "Outcome"
    assert outcomes.rows[1].cells[2].text.startswith("Doe 2013\n")  # then its PMID
    assert document.core_properties.modified == datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


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


def test_markdown_and_html(tables):
    evidence, _ = tables
    md = format_markdown(evidence, title=TITLE)
    assert md.startswith(f"# {TITLE}\n")
    assert "## Table 1. Characteristics of included studies" in md
    assert "| Doe 2013 | 90000023 |" in md
    assert "<br>minoxidil (comparator)" in md  # multi-line cells stay in one table row
    page = format_html(evidence, title=TITLE)
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page
    assert "<script" not in page
    assert '<td class="num">91.4</td>' in page
    assert "<caption>Table 3. Studies and participants per outcome</caption>" in page


def test_unwritable_folder_is_a_storage_error(tables, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot write the evidence tables"):
        write(tables, blocker / "out")


def test_cli_tables_on_a_review_without_extractions(tmp_path, capsys):
    from reviewkit.cli import main
    from tests.refresh_support import write_review

    root = write_review(tmp_path / "r")
    with (root / "review.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'\n[extraction]\nform = "{FORM_PATH.as_posix()}"\n')
    out = tmp_path / "tables"
    assert main(["tables", "--review", str(root), "-o", str(out)]) == 0
    line = capsys.readouterr().out
    assert "0 characteristics rows, 0 outcomes rows, 0 summary rows" in line
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    header = (out / "evidence_characteristics.csv").read_text(encoding="utf-8")
    assert header.startswith("study,pmid,doi,design,")
    # Without -o the tables go to the protocol's outputs folder.
    assert main(["tables", "--review", str(root)]) == 0
    assert (root / "outputs" / "evidence_tables.docx").is_file()


def test_single_verified_tables_hold_verified_studies_and_name_the_rest(tmp_path):
    from reviewkit.deduplication import run_deduplication
    from reviewkit.evidence_export import write_review_tables
    from reviewkit.extraction_stage import export_workbook, import_workbook, load_review_form
    from reviewkit.records import Citation
    from reviewkit.storage.studies import StudyStore
    from reviewkit.workspace import Workspace
    from tests.refresh_support import write_review
    from tests.test_extraction_stage import GOOD, S1, S2, fill

    root = write_review(tmp_path / "r")
    with (root / "review.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'\n[extraction]\nform = "{FORM_PATH.as_posix()}"\nmode = "single-verified"\n')
    t0, t1 = datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 2, tzinfo=UTC)
    workspace = Workspace.open(root)
    try:
        db, protocol = workspace.db, workspace.protocol
        StudyStore(db).sync_citations(
            [Citation(record_id=f"embase:e.ris#{i}", source="embase", title=title,
                      authors=(author,), year=year)
             for i, author, title, year in ((1, "Dhurat, R", "MN", 2013),
                                            (2, "Kumar, M", "DR", 2018))],
            now=t0,
        )  # fmt: skip
        run_deduplication(db, now=t0)
        form = load_review_form(protocol, root)
        a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
        export_workbook(db, protocol, a, form=form, reviewer="reviewer-a", studies="all", now=t0)
        second = {"study_id": S2, "design": "parallel RCT", "condition": "AGA", "n_randomised": 30}
        fill(a, {"": [*GOOD[""], second], "arms": GOOD["arms"]})
        import_workbook(db, protocol, a, form=form, now=t0)
        export_workbook(db, protocol, b, form=form, reviewer="reviewer-b", studies=S1, now=t1)
        fill(b, {"": [{"study_id": S1, "n_randomised": 98}]})
        import_workbook(db, protocol, b, form=form, now=t1)

        tables, _ = write_review_tables(db, protocol, root, tmp_path / "out")
        note = "Extracted but not verified yet, so left out: Kumar 2018."
        assert [r[0] for r in tables.characteristics.rows] == ["Dhurat 2013"]
        assert all(t.footnote.endswith(note) for t in tables.tables)
        assert {t.reviewer for t in tables.characteristics.traces} == {"reviewer-b"}
        assert note in (tmp_path / "out" / "evidence_tables.md").read_text(encoding="utf-8")

        shown, _ = write_review_tables(
            db, protocol, root, tmp_path / "all", include_unverified=True
        )
        assert [r[0] for r in shown.characteristics.rows] == ["Dhurat 2013", "Kumar 2018"]
        assert shown.summary.footnote.endswith(
            "Not verified yet (values as extracted, unchecked): Kumar 2018."
        )
    finally:
        workspace.close()
