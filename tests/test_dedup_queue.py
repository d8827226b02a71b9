"""The review queue: CSV and XLSX round trips, and every bad input named precisely."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import pytest
from openpyxl import Workbook, load_workbook

from reviewkit.dedup import FieldComparison
from reviewkit.dedup_queue import (
    import_decisions,
    open_queue,
    parse_decisions,
    queue_table,
    read_decisions,
    write_queue,
)
from reviewkit.deduplication import run_deduplication
from reviewkit.errors import ParseError
from reviewkit.records import Citation
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.studies import QueueItem, StudyStore

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
TITLE = "Microneedling for hair loss in women: a pilot study"
KNOWN = {"x:1", "y:1", "z:1"}


@pytest.fixture
def db(tmp_path):
    database = ReviewDatabase.open(ReviewDatabase.sqlite_url(tmp_path / "review.sqlite"))
    StudyStore(database).sync_citations(
        [
            Citation(record_id="x:1", source="x", title=TITLE, authors=("Smith J",), year=2020),
            Citation(record_id="y:1", source="y", title=TITLE, authors=("Jones K",), year=2021),
            Citation(record_id="z:1", source="z", title="Unrelated", authors=("Li Q",), year=2001),
        ],
        now=T0,
    )
    run_deduplication(database, now=T0)
    yield database
    database.close()


def item(a: str = "x:1", b: str = "y:1") -> QueueItem:
    return QueueItem(
        a=a, b=b, score=0.91234, reasons=("title same (100/100)", "authors differ"),
        fields=(
            FieldComparison(field="title", value_a="T", value_b="T", similarity=100.0,
                            verdict="same"),
            FieldComparison(field="year", value_a="2020", value_b=None, similarity=None,
                            verdict="missing"),
        ),
        status="open",
    )  # fmt: skip


def test_the_queue_table_has_both_ids_reasons_each_field_and_decision_columns():
    header, rows = queue_table([item()])
    assert header == [
        "record_a", "record_b", "score", "reasons",
        "title_a", "title_b", "title_verdict", "year_a", "year_b", "year_verdict",
        "decision", "note",
    ]  # fmt: skip
    assert rows == [
        ["x:1", "y:1", 0.9123, "title same (100/100); authors differ",
         "T", "T", "same", "2020", "", "missing", "", ""],
    ]  # fmt: skip


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_decisions_round_trip_through_csv_and_xlsx(db, tmp_path, suffix):
    queue = open_queue(db)
    assert [(q.a, q.b) for q in queue] == [("x:1", "y:1")]
    path = tmp_path / f"queue{suffix}"
    assert write_queue(queue, path) == 1
    header, rows = _read(path)
    assert header[:4] == ["record_a", "record_b", "score", "reasons"]
    assert "title_verdict" in header
    assert header[-2:] == ["decision", "note"]
    rows[0][header.index("decision")] = "Same"
    rows[0][header.index("note")] = "same trial, two reports"
    _write(path, header, rows)
    assert import_decisions(db, path, by="ann", now=T0) == 1
    [decision] = StudyStore(db).decision_history()
    assert (decision.decision, decision.decided_by, decision.note) == (
        "same",
        "ann",
        "same trial, two reports",
    )
    assert decision.origin == f"queue{suffix} row 2"
    summary = run_deduplication(db, now=T0)
    assert (summary.studies, summary.maybe_open) == (2, 0)
    assert open_queue(db) == []
    assert [q.status for q in StudyStore(db).queue(status=None)] == ["decided"]


def test_rows_without_a_decision_are_left_for_later():
    rows = [["record_a", "record_b", "decision"], ["x:1", "y:1", ""], ["x:1", "z:1", "different"]]
    found = parse_decisions(rows, origin="q.csv", known=KNOWN, by="ann")
    assert [(d.a, d.b, d.decision, d.origin) for d in found] == [
        ("x:1", "z:1", "different", "q.csv row 3")
    ]


def test_a_decided_by_column_overrides_the_default_reviewer():
    rows = [["record_a", "record_b", "decision", "decided_by"], ["x:1", "y:1", "same", "bob"]]
    assert parse_decisions(rows, origin="q.csv", known=KNOWN, by="ann")[0].decided_by == "bob"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["x:1", "nope", "same"], "q.csv row 3, column record_b: no record 'nope' in the review"),
        (["x:1", "z:1", "maybe"], "q.csv row 3, column decision: expected 'same' or 'different'"),
        (["y:1", "x:1", "different"], "q.csv row 3, column record_a: the pair y:1, x:1 is already"),
        (["z:1", "z:1", "same"], "q.csv row 3, column record_b: the same record as record_a"),
    ],
)
def test_every_bad_row_is_named_by_file_row_and_column(row, message):
    rows = [["record_a", "record_b", "decision"], ["x:1", "y:1", "same"], row]
    with pytest.raises(ParseError, match="nothing imported") as info:
        parse_decisions(rows, origin="q.csv", known=KNOWN, by="ann")
    assert message in str(info.value)


def test_missing_columns_and_empty_files_are_refused():
    with pytest.raises(ParseError, match=r"q.csv row 1: missing column\(s\) decision"):
        parse_decisions([["record_a", "record_b"]], origin="q.csv", known=KNOWN, by="a")
    with pytest.raises(ParseError, match=r"q\.csv: the file is empty"):
        parse_decisions([], origin="q.csv", known=KNOWN, by="a")


def test_one_bad_row_stores_nothing(db, tmp_path):
    path = tmp_path / "queue.csv"
    _write(
        path, ["record_a", "record_b", "decision"], [["x:1", "y:1", "same"], ["x:1", "q", "same"]]
    )
    with pytest.raises(ParseError, match=r"queue\.csv row 3, column record_b"):
        import_decisions(db, path, by="ann", now=T0)
    assert StudyStore(db).decision_history() == []


def test_unsupported_or_unreadable_files_are_refused(tmp_path):
    with pytest.raises(ParseError, match=r"expected a \.csv or \.xlsx file"):
        write_queue([item()], tmp_path / "queue.txt")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ParseError, match=r"broken\.xlsx: not a readable \.xlsx workbook"):
        read_decisions(broken, known=KNOWN, by="ann")
    with pytest.raises(ParseError, match="cannot read the decisions"):
        read_decisions(tmp_path / "missing.csv", known=KNOWN, by="ann")


def _read(path):
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [list(r) for r in csv.reader(handle)]
    else:
        book = load_workbook(path)
        rows = [
            ["" if v is None else v for v in r] for r in book.active.iter_rows(values_only=True)
        ]
    return rows[0], rows[1:]


def _write(path, header, rows):
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])
        return
    book = Workbook()
    for row in [header, *rows]:
        book.active.append(row)
    book.save(path)
