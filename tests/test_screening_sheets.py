"""Screening sheets: the XLSX layout, the round trip, and every kind of bad input."""

import pytest
from openpyxl import load_workbook

from reviewkit.errors import ParseError
from reviewkit.screening import Decision, Stage
from reviewkit.screening_sheets import (
    CONFLICT_COLUMNS,
    META_SHEET,
    REVIEWER_COLUMNS,
    SheetMeta,
    SheetRow,
    read_sheet,
    write_sheet,
)

REASONS = ("wrong population", "wrong outcome, or none reported", "other")
ROWS = [
    SheetRow(study_id="c:pubmed:1", record_ids=("pubmed:1", "embase:e.ris#1"),
             title="Microneedling plus minoxidil", abstract="Background\x01 methods.",
             journal="J Cosmet Dermatol", year=2021, pmid="1", doi="10.1111/jocd.1"),
    SheetRow(study_id="c:embase:e.ris#2", record_ids=("embase:e.ris#2",), title="Dermaroller"),
    SheetRow(study_id="c:pubmed:3", record_ids=("pubmed:3",), title="PRP and microneedling",
             pmid="3"),
]  # fmt: skip
KNOWN = {r.study_id for r in ROWS}


def meta(stage=Stage.TITLE_ABSTRACT, kind="reviewer", reviewer="ann"):
    return SheetMeta(sheet_id="s1", review_id="rev", kind=kind, stage=stage, reviewer=reviewer,
                     exported_at="2026-12-01T00:00:00+00:00")  # fmt: skip


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "ann.xlsx"
    write_sheet(path, meta(), ROWS, reasons=REASONS)
    return path


def fill(path, values, *, sheet_name=None):
    """values: {(row, column key): value}."""
    book = load_workbook(path)
    data = book[sheet_name] if sheet_name else book.worksheets[0]
    header = [c.value for c in data[1]]
    for (row, key), value in values.items():
        data.cell(row, header.index(key) + 1 if key in header else key, value)
    book.save(path)


def problems(path, **kwargs):
    with pytest.raises(ParseError) as caught:
        read_sheet(path, reasons=kwargs.pop("reasons", REASONS), known=KNOWN, **kwargs)
    assert "nothing imported" in str(caught.value) or "sheet" in str(caught.value)
    return str(caught.value)


def test_the_sheet_has_the_column_keys_links_dropdowns_and_locks(sheet):
    book = load_workbook(sheet)
    data = book.worksheets[0]
    assert data.title == "title-abstract"
    assert tuple(c.value for c in data[1]) == REVIEWER_COLUMNS
    assert data["F2"].hyperlink.target == "https://pubmed.ncbi.nlm.nih.gov/1/"
    assert data["G2"].hyperlink.target == "https://doi.org/10.1111/jocd.1"
    assert data["C2"].value == "Background methods."  # control characters dropped
    assert data.protection.sheet is True
    locked = {c.column_letter: c.protection.locked for c in data[2]}
    assert [k for k, v in locked.items() if not v] == ["H", "I", "J"]  # decision, reason, note
    rules = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    assert rules == {"H2:H4": "=lists!$A$1:$A$3", "I2:I4": "=lists!$B$1:$B$3"}
    assert [c.value for c in book["lists"]["A"]] == ["include", "exclude", "unsure"]
    assert [c.value for c in book["lists"]["B"]] == list(REASONS)
    assert book[META_SHEET].sheet_state == "veryHidden"


def test_a_conflicts_sheet_shows_the_votes_and_offers_no_unsure(tmp_path):
    path = tmp_path / "conflicts.xlsx"
    row = SheetRow(study_id="c:pubmed:1", record_ids=("a",), title="T",
                   reviewer_decisions="ann: include; bob: exclude")  # fmt: skip
    write_sheet(path, meta(kind="conflicts", reviewer="consensus"), [row], reasons=REASONS)
    book = load_workbook(path)
    data = book.worksheets[0]
    assert tuple(c.value for c in data[1]) == CONFLICT_COLUMNS
    assert data["H2"].value == "ann: include; bob: exclude"
    assert [c.value for c in book["lists"]["A"] if c.value] == ["include", "exclude"]
    fill(path, {(2, "decision"): "unsure"})
    assert "expected one of include, exclude" in problems(path)


def test_a_filled_sheet_reads_back_with_its_records(sheet):
    reason = "wrong outcome, or none reported"
    fill(sheet, {(2, "decision"): "Include", (3, "decision"): "exclude", (3, "reason"): reason,
                 (3, "note"): "rats"})  # fmt: skip
    found = read_sheet(sheet, reasons=REASONS, known=KNOWN)
    assert (found.meta, found.sheet_name, found.blank) == (meta(), "title-abstract", 1)
    first, second = found.rows
    assert (first.row, first.study_id, first.record_ids, first.decision) == (
        2, "c:pubmed:1", ("pubmed:1", "embase:e.ris#1"), Decision.INCLUDE,
    )  # fmt: skip
    assert (second.decision, second.reason, second.note) == (
        Decision.EXCLUDE, "wrong outcome, or none reported", "rats",
    )  # fmt: skip


def test_a_value_outside_the_dropdown_names_sheet_row_and_column(sheet):
    fill(sheet, {(3, "decision"): "maybe"})
    message = problems(sheet)
    assert "ann.xlsx sheet 'title-abstract' row 3, column decision" in message
    assert "'maybe'" in message
    fill(sheet, {(3, "decision"): "exclude", (3, "reason"): "too short"})
    assert "row 3, column reason: expected one of the exclusion reasons" in problems(sheet)


def test_a_full_text_exclusion_without_a_reason_is_refused(tmp_path):
    path = tmp_path / "ft.xlsx"
    write_sheet(path, meta(stage=Stage.FULL_TEXT), ROWS, reasons=REASONS)
    fill(path, {(2, "decision"): "include", (4, "decision"): "exclude"})
    message = problems(path)
    cell = "ft.xlsx sheet 'full-text' row 4, column reason"
    assert f"{cell}: an exclusion at full text needs a reason" in message
    assert "row 2" not in message


def test_an_edited_identity_column_is_located(sheet):
    fill(sheet, {(2, "title"): "Something else", (2, "decision"): "include", (4, "year"): 1999})
    message = problems(sheet)
    assert "row 2, column title: edited identity column" in message
    assert "row 4, column year: edited identity column" in message


def test_an_unknown_study_is_refused(sheet):
    fill(sheet, {(3, "study_id"): "c:nowhere", (3, "decision"): "include"})
    assert "row 3, column study_id: no study 'c:nowhere' in the review" in problems(sheet)


def test_a_study_known_to_the_review_but_not_on_the_sheet_is_refused(sheet):
    fill(sheet, {(5, "study_id"): "c:elsewhere", (5, "decision"): "include"})
    with pytest.raises(ParseError, match=r"row 5, column study_id: study 'c:elsewhere' was not"):
        read_sheet(sheet, reasons=REASONS, known=KNOWN | {"c:elsewhere"})


def test_a_duplicate_row_is_refused(sheet):
    book = load_workbook(sheet)
    data = book.worksheets[0]
    data.append([c.value for c in data[2]])
    book.save(sheet)
    assert "row 5, column study_id: study 'c:pubmed:1' is already in row 2 (duplicate row)" in (
        problems(sheet)
    )


def test_a_reason_without_a_decision_is_refused(sheet):
    fill(sheet, {(2, "reason"): "other"})
    assert "row 2, column reason: a reason without a decision" in problems(sheet)


def test_an_edited_hidden_sheet_fails_the_checksum(sheet):
    book = load_workbook(sheet)
    book[META_SHEET]["B6"] = "full-text"  # stage
    book.save(sheet)
    message = problems(sheet)
    assert f"sheet '{META_SHEET}' row 9, column value: the checksum does not match" in message


def test_files_that_are_not_screening_sheets_are_refused(tmp_path):
    text = tmp_path / "notes.csv"
    text.write_text("x")
    with pytest.raises(ParseError, match=r"expected a \.xlsx"):
        read_sheet(text, reasons=REASONS)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ParseError, match=r"not a readable \.xlsx"):
        read_sheet(broken, reasons=REASONS)
    from openpyxl import Workbook

    Workbook().save(tmp_path / "plain.xlsx")
    with pytest.raises(ParseError, match="not a screening sheet"):
        read_sheet(tmp_path / "plain.xlsx", reasons=REASONS)


def test_every_problem_is_listed_and_nothing_is_returned(sheet):
    fill(sheet, {(2, "decision"): "yes", (3, "decision"): "no", (4, "decision"): "include"})
    message = problems(sheet)
    assert message.startswith("ann.xlsx: 2 problem(s), nothing imported")
