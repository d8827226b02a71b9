"""The review queue of "maybe" pairs, as a spreadsheet round trip.

``reviewkit dedup queue -o queue.xlsx`` writes one row per open pair: both record
ids, the score, the reasons, then per compared field the two values and the
verdict, and empty ``decision`` and ``note`` columns. The reviewer fills in
``same`` or ``different`` and ``reviewkit dedup import-decisions queue.xlsx``
reads them back: every row is checked first (unknown record, bad decision, the
same pair twice), and one problem anywhere stores nothing. Errors name the file,
the row (as the spreadsheet numbers it, header = row 1) and the column.

:func:`queue_table` and :func:`parse_decisions` are pure; the rest reads or
writes CSV (UTF-8) and XLSX (openpyxl) files.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from reviewkit.errors import ParseError
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.studies import NewDecision, QueueItem, StudyStore

__all__ = [
    "BASE_COLUMNS",
    "DECISION_COLUMNS",
    "import_decisions",
    "open_queue",
    "parse_decisions",
    "queue_table",
    "read_decisions",
    "write_queue",
]

BASE_COLUMNS = ("record_a", "record_b", "score", "reasons")
DECISION_COLUMNS = ("decision", "note")
_REQUIRED = ("record_a", "record_b", "decision")
_SUFFIXES = (".csv", ".xlsx")
_MAX_PROBLEMS = 20


def queue_table(items: Sequence[QueueItem]) -> tuple[list[str], list[list[object]]]:
    """Header and rows of the queue; fields appear in the order the engine compared them.

    >>> queue_table([])[0]
    ['record_a', 'record_b', 'score', 'reasons', 'decision', 'note']
    """
    names: list[str] = []
    for item in items:
        names.extend(f.field for f in item.fields if f.field not in names)
    header = [*BASE_COLUMNS]
    for name in names:
        header += [f"{name}_a", f"{name}_b", f"{name}_verdict"]
    header += DECISION_COLUMNS
    rows: list[list[object]] = []
    for item in items:
        by_field = {f.field: f for f in item.fields}
        row: list[object] = [item.a, item.b, round(item.score, 4), "; ".join(item.reasons)]
        for name in names:
            found = by_field.get(name)
            if found is None:
                row += ["", "", ""]
            else:
                row += [found.value_a or "", found.value_b or "", found.verdict]
        rows.append([*row, "", ""])
    return header, rows


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise ParseError(f"{path}: expected a .csv or .xlsx file, got {suffix or 'no extension'!r}")
    return suffix


def write_queue(items: Sequence[QueueItem], path: Path) -> int:
    """Write the queue as CSV or XLSX (by the file's extension); return the rows written.

    Raises:
        ParseError: unsupported extension, or the file cannot be written.
    """
    suffix = _check_suffix(path)
    header, rows = queue_table(items)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".csv":
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(rows)
        else:
            _write_xlsx(header, rows, path)
    except OSError as exc:
        raise ParseError(f"{path}: cannot write the queue: {exc.strerror or exc}") from exc
    return len(rows)


def _write_xlsx(header: list[str], rows: list[list[object]], path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "maybe pairs"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "C2"
    # A drop-down keeps typos out of the decision column.
    column = get_column_letter(header.index("decision") + 1)
    choice = DataValidation(type="list", formula1='"same,different"', allow_blank=True)
    choice.add(f"{column}2:{column}{max(len(rows) + 1, 2)}")
    sheet.add_data_validation(choice)
    book.save(path)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _read_rows(path: Path) -> list[list[str]]:
    suffix = _check_suffix(path)
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                return [[_text(v) for v in row] for row in csv.reader(handle)]
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ParseError(f"{path}: cannot read the decisions: {exc}") from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, IndexError) as exc:
        raise ParseError(f"{path}: not a readable .xlsx workbook: {exc}") from exc


def parse_decisions(
    rows: Sequence[Sequence[str]], *, origin: str, known: Collection[str], by: str
) -> list[NewDecision]:
    """Check every row of a filled-in queue and return its decisions.

    Rows with an empty ``decision`` are not decided yet and are left out. A
    ``decided_by`` column, when present and filled, overrides ``by``.

    Raises:
        ParseError: a required column is missing, or any row names an unknown
            record, has a decision other than ``same``/``different``, or repeats a
            pair; the message lists every problem as ``origin row N, column C: …``.
    """
    col = _columns(rows, origin=origin)
    problems: list[str] = []
    seen: dict[frozenset[str], int] = {}
    found: list[NewDecision] = []
    for number, row in enumerate(rows[1:], start=2):
        decision = _cell(row, col, "decision").lower()
        if not decision:
            continue
        where = f"{origin} row {number}"
        a, b = _cell(row, col, "record_a"), _cell(row, col, "record_b")
        row_problems = _row_problems(where, a, b, decision, known=known, seen=seen)
        problems += row_problems
        if row_problems:
            continue
        seen[frozenset((a, b))] = number
        note = _cell(row, col, "note") or None
        found.append(
            NewDecision(
                a=a, b=b, decision="same" if decision == "same" else "different",
                decided_by=_cell(row, col, "decided_by") or by, note=note, origin=where,
            )
        )  # fmt: skip
    if problems:
        more = len(problems) - _MAX_PROBLEMS
        shown = problems[:_MAX_PROBLEMS] + ([f"… and {more} more"] if more > 0 else [])
        raise ParseError(
            f"{origin}: {len(problems)} problem(s), nothing imported:\n" + "\n".join(shown)
        )
    return found


def _columns(rows: Sequence[Sequence[str]], *, origin: str) -> dict[str, int]:
    """Where each known column is, from the header row; the required ones must be there."""
    if not rows:
        raise ParseError(
            f"{origin}: the file is empty; expected a header row {', '.join(_REQUIRED)}"
        )
    header = [h.lower() for h in rows[0]]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise ParseError(f"{origin} row 1: missing column(s) {', '.join(missing)}")
    return {
        name: header.index(name) for name in (*_REQUIRED, "note", "decided_by") if name in header
    }


def _cell(row: Sequence[str], col: Mapping[str, int], name: str) -> str:
    """The row's value in column ``name``; empty when the column or the cell is missing."""
    index = col.get(name)
    return row[index] if index is not None and index < len(row) else ""


def _row_problems(
    where: str,
    a: str,
    b: str,
    decision: str,
    *,
    known: Collection[str],
    seen: Mapping[frozenset[str], int],
) -> list[str]:
    """What is wrong with one decided row: unknown records, the decision, a repeated pair."""
    problems = [
        f"{where}, column {name}: no record {rid!r} in the review"
        for name, rid in (("record_a", a), ("record_b", b))
        if rid not in known
    ]
    if decision not in ("same", "different"):
        problems.append(
            f"{where}, column decision: expected 'same' or 'different', got {decision!r}"
        )
    if a == b and a:
        problems.append(f"{where}, column record_b: the same record as record_a")
    pair = frozenset((a, b))
    if not problems and pair in seen:
        problems.append(
            f"{where}, column record_a: the pair {a}, {b} is already in row {seen[pair]}"
        )
    return problems


def read_decisions(path: Path, *, known: Collection[str], by: str) -> list[NewDecision]:
    """Read a filled-in queue (CSV or XLSX); see :func:`parse_decisions`."""
    return parse_decisions(_read_rows(path), origin=path.name, known=known, by=by)


def import_decisions(db: ReviewDatabase, path: Path, *, by: str, now: datetime) -> int:
    """Check a filled-in queue and store all its decisions in one transaction.

    Raises:
        ParseError: see :func:`parse_decisions`; nothing is stored.
    """
    store = StudyStore(db)
    decisions = read_decisions(path, known=store.citation_ids(), by=by)
    return store.add_decisions(decisions, now=now)


def open_queue(db: ReviewDatabase) -> list[QueueItem]:
    """The open "maybe" pairs of the review."""
    return StudyStore(db).queue(status="open")
