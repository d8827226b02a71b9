"""Screening sheets: the XLSX files reviewers fill in, written and checked here.

A sheet has one row per study. Row 1 holds the column keys: the identity columns
``study_id, title, abstract, journal, year, pmid, doi`` (locked; PMID and DOI are
links), for a conflicts sheet ``reviewer_decisions`` (locked), then ``decision``,
``reason`` (drop-downs) and ``note``, the only unlocked cells. A very hidden sheet
``reviewkit`` says which review, stage, reviewer and kind of sheet it is, lists
the records each study held and a hash of every identity cell, and a checksum of
all of it, so that an edit anywhere is found and located.

:func:`write_sheet` writes; :func:`read_sheet` checks every row and returns the
decisions, or raises one :class:`~reviewkit.errors.ParseError` naming the file,
sheet, row and column of every problem. Neither touches the review database.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reviewkit.errors import ParseError
from reviewkit.screening import Decision, Stage, decision_problem

__all__ = [
    "CONFLICT_COLUMNS",
    "IDENTITY_COLUMNS",
    "META_SHEET",
    "REVIEWER_COLUMNS",
    "FilledRow",
    "FilledSheet",
    "SheetKind",
    "SheetMeta",
    "SheetRow",
    "columns_for",
    "read_sheet",
    "where",
    "write_sheet",
]

SheetKind = Literal["reviewer", "conflicts"]
IDENTITY_COLUMNS = ("study_id", "title", "abstract", "journal", "year", "pmid", "doi")
_INPUT = ("decision", "reason", "note")
REVIEWER_COLUMNS = (*IDENTITY_COLUMNS, *_INPUT)
CONFLICT_COLUMNS = (*IDENTITY_COLUMNS, "reviewer_decisions", *_INPUT)
META_SHEET = "reviewkit"
_LISTS = "lists"
_FORMAT = "reviewkit-screening-sheet/1"
_META_KEYS = ("format", "sheet_id", "review_id", "kind", "stage", "reviewer", "exported_at")
_TABLE_ROW = len(_META_KEYS) + 4  # header of the per-study table in the meta sheet
_MAX_CELL = 32_000  # Excel holds at most 32,767 characters per cell
_MAX_PROBLEMS = 25
_WIDTHS = {"study_id": 18, "title": 60, "abstract": 80, "journal": 24, "year": 7, "pmid": 11,
           "doi": 24, "reviewer_decisions": 36, "decision": 11, "reason": 26,
           "note": 30}  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class SheetMeta:
    """What a sheet is: the review, stage, reviewer (or resolver) and kind."""

    sheet_id: str
    review_id: str
    kind: SheetKind
    stage: Stage
    reviewer: str
    exported_at: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SheetRow:
    """One study on a sheet, as written."""

    study_id: str
    record_ids: tuple[str, ...]
    title: str = ""
    abstract: str = ""
    journal: str = ""
    year: int | None = None
    pmid: str = ""
    doi: str = ""
    reviewer_decisions: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class FilledRow:
    """A decided row read back: ``row`` is the spreadsheet's row number."""

    row: int
    study_id: str
    record_ids: tuple[str, ...]
    decision: Decision
    reason: str | None
    note: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class FilledSheet:
    """A checked sheet: its metadata, decided rows and how many rows were left blank."""

    meta: SheetMeta
    sheet_name: str
    rows: tuple[FilledRow, ...]
    blank: int


def columns_for(kind: SheetKind) -> tuple[str, ...]:
    """The column keys of row 1 for a kind of sheet.

    >>> columns_for("reviewer")[-3:]
    ('decision', 'reason', 'note')
    """
    return REVIEWER_COLUMNS if kind == "reviewer" else CONFLICT_COLUMNS


def where(file: str, sheet: str, row: int, column: str) -> str:
    """How errors name a cell.

    >>> where("ta.xlsx", "title-abstract", 4, "decision")
    "ta.xlsx sheet 'title-abstract' row 4, column decision"
    """
    return f"{file} sheet {sheet!r} row {row}, column {column}"


def _choices(kind: SheetKind) -> tuple[str, ...]:
    # A resolution must settle the study: unsure is not on offer.
    return ("include", "exclude", "unsure") if kind == "reviewer" else ("include", "exclude")


def _clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value)).strip()
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def _identity(row: SheetRow) -> list[str]:
    return [_clean(getattr(row, name)) for name in IDENTITY_COLUMNS]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _checksum(table: Sequence[Sequence[str]]) -> str:
    return _digest(json.dumps([list(r) for r in table], ensure_ascii=False))


def _meta_table(rows: Sequence[SheetRow]) -> list[list[str]]:
    """Per study: id, records, and a short hash of every identity cell."""
    return [
        [row.study_id, " ".join(row.record_ids), *(_digest(v)[:16] for v in _identity(row)[1:])]
        for row in rows
    ]


def write_sheet(
    path: Path, meta: SheetMeta, rows: Sequence[SheetRow], *, reasons: Sequence[str]
) -> None:
    """Write a screening or conflicts sheet to ``path`` (a ``.xlsx`` file).

    Raises:
        ParseError: the file cannot be written.
    """
    columns = columns_for(meta.kind)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = meta.stage.value if meta.kind == "reviewer" else f"conflicts {meta.stage}"
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values: list[Any] = [*_identity(row)]
        values[IDENTITY_COLUMNS.index("year")] = row.year
        if meta.kind == "conflicts":
            values.append(_clean(row.reviewer_decisions))
        sheet.append([*values, None, None, None])
    _format(sheet, columns, len(rows))
    _add_lists(book, sheet, columns, len(rows), meta.kind, reasons)
    _add_meta(book, meta, rows)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:
        raise ParseError(f"{path}: cannot write the sheet: {exc.strerror or exc}") from exc


def _format(sheet: Worksheet, columns: Sequence[str], n: int) -> None:
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 14)
    pmid_col, doi_col = columns.index("pmid") + 1, columns.index("doi") + 1
    editable = [columns.index(name) + 1 for name in _INPUT]
    for r in range(2, n + 2):
        for c in range(1, len(columns) + 1):
            sheet.cell(r, c).alignment = wrap
        for c, url in (
            (pmid_col, "https://pubmed.ncbi.nlm.nih.gov/{}/"),
            (doi_col, "https://doi.org/{}"),
        ):
            cell = sheet.cell(r, c)
            if cell.value:
                cell.hyperlink = url.format(cell.value)
                cell.style = "Hyperlink"
                cell.alignment = wrap
        for c in editable:
            sheet.cell(r, c).protection = Protection(locked=False)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    # Locked identity cells stop accidental edits; the checksum catches the rest.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    sheet.protection.sort = False


def _add_lists(
    book: Workbook, sheet: Worksheet, columns: Sequence[str], n: int, kind: SheetKind,
    reasons: Sequence[str],
) -> None:  # fmt: skip
    lists = book.create_sheet(_LISTS)
    lists.sheet_state = "hidden"
    # Drop-down values live on a hidden sheet: reasons may hold commas, and an
    # inline list is limited to 255 characters.
    for i, value in enumerate(_choices(kind), start=1):
        lists.cell(i, 1, value)
    for i, value in enumerate(reasons, start=1):
        lists.cell(i, 2, value)
    last = max(n + 1, 2)
    for name, source in (
        ("decision", f"={_LISTS}!$A$1:$A${len(_choices(kind))}"),
        ("reason", f"={_LISTS}!$B$1:$B${max(len(reasons), 1)}"),
    ):
        letter = get_column_letter(columns.index(name) + 1)
        rule = DataValidation(type="list", formula1=source, allow_blank=True,
                              showErrorMessage=True, error=f"Pick a {name}")  # fmt: skip
        rule.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(rule)


def _add_meta(book: Workbook, meta: SheetMeta, rows: Sequence[SheetRow]) -> None:
    info = book.create_sheet(META_SHEET)
    info.sheet_state = "veryHidden"
    info.append(["key", "value"])
    values = {"format": _FORMAT, "sheet_id": meta.sheet_id, "review_id": meta.review_id,
              "kind": meta.kind, "stage": meta.stage.value, "reviewer": meta.reviewer,
              "exported_at": meta.exported_at}  # fmt: skip
    for key in _META_KEYS:
        info.append([key, values[key]])
    table = _meta_table(rows)
    info.append(["checksum", _checksum([[*_meta_header(values)], *table])])
    info.append([])
    info.append(["study_id", "record_ids", *(f"hash_{c}" for c in IDENTITY_COLUMNS[1:])])
    for line in table:
        info.append(line)


def _meta_header(values: dict[str, str]) -> list[str]:
    return [values[k] for k in _META_KEYS]


# ------------------------------------------------------------------------ reading


def _load(path: Path) -> tuple[list[list[str]], list[list[str]], str]:
    if path.suffix.lower() != ".xlsx":
        raise ParseError(f"{path}: expected a .xlsx screening sheet, got {path.suffix or 'none'!r}")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise ParseError(f"{path}: cannot read the sheet: {exc.strerror or exc}") from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ParseError(f"{path}: not a readable .xlsx workbook: {exc}") from exc
    try:
        if META_SHEET not in book.sheetnames:
            raise ParseError(
                f"{path.name}: no {META_SHEET!r} sheet: not a screening sheet exported by "
                "`reviewkit screen export` or `screen conflicts`"
            )
        data = book.worksheets[0]
        rows = [[_clean(v) for v in r] for r in data.iter_rows(values_only=True)]
        meta = [[_clean(v) for v in r] for r in book[META_SHEET].iter_rows(values_only=True)]
        return rows, meta, data.title
    finally:
        book.close()


def _read_meta(file: str, meta_rows: list[list[str]]) -> tuple[SheetMeta, dict[str, list[str]]]:
    def cell(r: int, c: int) -> str:
        return meta_rows[r][c] if r < len(meta_rows) and c < len(meta_rows[r]) else ""

    values = {key: cell(i, 1) for i, key in enumerate(_META_KEYS, start=1)}
    bad = where(file, META_SHEET, 2, "value")
    if values["format"] != _FORMAT or values["kind"] not in ("reviewer", "conflicts"):
        raise ParseError(f"{bad}: not a reviewkit screening sheet (format {values['format']!r})")
    stage_row = _META_KEYS.index("stage") + 2
    if values["stage"] not in {s.value for s in Stage}:
        raise ParseError(
            f"{where(file, META_SHEET, stage_row, 'value')}: unknown stage {values['stage']!r}"
        )
    table = [r[: 2 + len(IDENTITY_COLUMNS) - 1] for r in meta_rows[_TABLE_ROW:] if any(r)]
    table = [r + [""] * (len(IDENTITY_COLUMNS) + 1 - len(r)) for r in table]
    if _checksum([_meta_header(values), *table]) != cell(len(_META_KEYS) + 1, 1):
        raise ParseError(
            f"{where(file, META_SHEET, len(_META_KEYS) + 2, 'value')}: the checksum does not "
            "match: the hidden sheet was edited; export a new sheet"
        )
    meta = SheetMeta(
        sheet_id=values["sheet_id"],
        review_id=values["review_id"],
        kind="reviewer" if values["kind"] == "reviewer" else "conflicts",
        stage=Stage(values["stage"]),
        reviewer=values["reviewer"],
        exported_at=values["exported_at"],
    )
    return meta, {r[0]: r for r in table}


def read_sheet(
    path: Path, *, reasons: Sequence[str], known: Collection[str] | None = None
) -> FilledSheet:
    """Check every row of a filled-in sheet and return its decisions.

    ``known`` is every study id of the review (dissolved ones included); a row
    naming any other id is refused. Rows with no decision are skipped.

    Raises:
        ParseError: not a screening sheet, an edited hidden sheet, or any row with
            an edited identity cell, an unknown or repeated study, a value outside
            a drop-down, or a full-text exclusion without a reason; nothing is
            returned, and the message names the sheet, row and column of each.
    """
    data, meta_rows, name = _load(path)
    meta, exported = _read_meta(path.name, meta_rows)
    columns = columns_for(meta.kind)
    header = data[0] if data else []
    if tuple(header[: len(columns)]) != columns:
        raise ParseError(
            f"{where(path.name, name, 1, 'A')}: expected the column keys "
            f"{', '.join(columns)}; got {', '.join(header) or 'nothing'}"
        )
    problems: list[str] = []
    found: list[FilledRow] = []
    seen: dict[str, int] = {}
    blank = 0
    for number, raw in enumerate(data[1:], start=2):
        values = dict(zip(columns, raw + [""] * (len(columns) - len(raw)), strict=False))
        if not any(values.values()):
            continue
        row_problems, filled = _check_row(
            path.name, name, number, values, meta, exported, seen, reasons=reasons, known=known
        )
        problems += row_problems
        seen.setdefault(values["study_id"], number)
        if filled is not None and not row_problems:
            found.append(filled)
        elif not row_problems:
            blank += 1
    if problems:
        more = len(problems) - _MAX_PROBLEMS
        shown = problems[:_MAX_PROBLEMS] + ([f"… and {more} more"] if more > 0 else [])
        raise ParseError(
            f"{path.name}: {len(problems)} problem(s), nothing imported:\n" + "\n".join(shown)
        )
    return FilledSheet(meta=meta, sheet_name=name, rows=tuple(found), blank=blank)


def _check_row(
    file: str,
    sheet: str,
    number: int,
    values: dict[str, str],
    meta: SheetMeta,
    exported: dict[str, list[str]],
    seen: dict[str, int],
    *,
    reasons: Sequence[str],
    known: Collection[str] | None,
) -> tuple[list[str], FilledRow | None]:
    def at(column: str) -> str:
        return where(file, sheet, number, column)

    study = values["study_id"]
    if known is not None and study not in known:
        return [f"{at('study_id')}: no study {study!r} in the review"], None
    if study not in exported:
        return [
            f"{at('study_id')}: study {study!r} was not on this sheet when it was "
            "exported (identity columns are locked: do not edit or add rows)"
        ], None
    if study in seen:
        return [
            f"{at('study_id')}: study {study!r} is already in row {seen[study]} (duplicate row)"
        ], None
    problems = [
        f"{at(column)}: edited identity column: the {column} of study {study!r} differs "
        "from the exported sheet"
        for column, expected in zip(IDENTITY_COLUMNS[1:], exported[study][2:], strict=True)
        if _digest(values[column])[:16] != expected
    ]
    choice, reason, note = values["decision"].lower(), values["reason"], values["note"]
    if not choice:
        if reason:
            problems.append(f"{at('reason')}: a reason without a decision")
        return problems, None
    allowed = _choices(meta.kind)
    if choice not in allowed:
        problems.append(
            f"{at('decision')}: expected one of {', '.join(allowed)} (the drop-down), "
            f"got {values['decision']!r}"
        )
        return problems, None
    decision = Decision(choice)
    problem = decision_problem(meta.stage, decision, reason or None, reasons=reasons)
    if problem is not None:
        problems.append(f"{at('reason')}: {problem}")
    record_ids = tuple(exported[study][1].split())
    return problems, FilledRow(
        row=number,
        study_id=study,
        record_ids=record_ids,
        decision=decision,
        reason=reason or None,
        note=note or None,
    )
