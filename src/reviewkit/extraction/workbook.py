"""Reviewer extraction workbooks (XLSX): writing them, and reading them back raw.

A workbook made for one reviewer and one form version has an instructions
sheet, a ``study-level`` sheet with one row per study (the study-level
sections' fields), and one sheet per repeating group named by its section key.
In every data sheet row 1 holds the column keys exactly as the form names them
and row 2 their labels; data start at row 3. Study id, citation, PMID and DOI
are prefilled in locked cells. Choices get drop-downs (lists on a hidden
``_lists`` sheet, so long choices and commas are safe), numbers and dates get
Excel validation. A hidden ``_meta`` sheet records the review, the form id and
version, the reviewer, every locked cell's value and a SHA-256 checksum over
all of it, so a tampered locked cell is found and named.

Reading returns raw cell values with their ``sheet!cell`` names; checking them
against the form is :mod:`reviewkit.extraction_stage`'s job.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reviewkit.errors import ParseError
from reviewkit.extraction.data import StudyCitation
from reviewkit.extraction.forms import ROW_KEYS, Field, Form, Section

__all__ = [
    "CITATION_COLUMNS",
    "FIRST_DATA_ROW",
    "META_SHEET",
    "STUDY_SHEET",
    "RawRow",
    "RawWorkbook",
    "WorkbookMeta",
    "cell_value",
    "citation_text",
    "input_fields",
    "read_workbook",
    "write_workbook",
]

STUDY_SHEET = "study-level"  # a dash: no section key can take this name
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
FIRST_DATA_ROW = 3
#: Locked, prefilled columns of the study-level sheet after ``study_id``.
CITATION_COLUMNS: tuple[str, ...] = ("citation", "pmid", "doi")
_CITATION_LABELS = {"study_id": "Study id", "citation": "Citation", "pmid": "PMID", "doi": "DOI"}
_KEY_LABELS = {"arm": "Arm", "outcome": "Outcome", "timepoint": "Timepoint"}
_GROUP_ROWS = 200  # blank rows with validation in each group sheet
_LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")
_HEADER_FONT = Font(bold=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkbookMeta:
    """What the hidden ``_meta`` sheet says about a workbook."""

    kind: str  # "reviewer" or "discrepancies"
    review_id: str
    form_id: str
    form_version: int
    reviewer: str
    created_at: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RawRow:
    """One filled data row as typed: column key → raw value and its ``sheet!cell``."""

    sheet: str
    section: str  # "" for the study-level sheet
    row: int
    values: Mapping[str, object]
    refs: Mapping[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class RawWorkbook:
    """A workbook read back: its metadata, its rows, and structural problems found."""

    meta: WorkbookMeta
    headers: Mapping[str, tuple[str, ...]]
    rows: tuple[RawRow, ...]
    problems: tuple[str, ...]


def input_fields(section: Section) -> tuple[Field, ...]:
    """The fields a reviewer types (derived fields are computed, never typed)."""
    return tuple(f for f in section.fields if f.derived is None)


def citation_text(citation: StudyCitation) -> str:
    """``First author YEAR. Title`` (what reviewers recognise a study by)."""
    head = " ".join(p for p in (citation.first_author, str(citation.year or "")) if p)
    return ". ".join(p for p in (head, citation.title or "") if p) or citation.study_id


def cell_value(value: object) -> Any:
    """A stored value as a spreadsheet cell holds it (choices joined by ``; ``)."""
    if isinstance(value, tuple | list):
        return "; ".join(str(v) for v in value)
    return value


def _columns(form: Form, section: Section | None) -> list[tuple[str, str, Field | None]]:
    """(key, label, field) for every column of one data sheet."""
    if section is None:
        cols: list[tuple[str, str, Field | None]] = [
            (k, _CITATION_LABELS[k], None) for k in ("study_id", *CITATION_COLUMNS)
        ]
        fields = [f for s in form.sections if s.repeat is None for f in input_fields(s)]
    else:
        cols = [(k, _CITATION_LABELS.get(k, _KEY_LABELS.get(k, k)), None) for k in section.row_keys]
        fields = list(input_fields(section))
    label = {True: " *", False: ""}
    cols += [(f.key, f.label + (f" ({f.unit})" if f.unit else "") + label[f.required], f)
             for f in fields]  # fmt: skip
    return cols


def _checksum(meta: Mapping[str, object], locked: Sequence[Sequence[object]]) -> str:
    payload = json.dumps({"meta": meta, "locked": locked}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class _Lists:
    """Choice lists on the hidden ``_lists`` sheet, one column per list."""

    def __init__(self, book: Workbook) -> None:
        self.sheet = book.create_sheet(LISTS_SHEET)
        self.sheet.sheet_state = "hidden"
        self.known: dict[tuple[str, ...], str] = {}

    def ref(self, choices: Sequence[str]) -> str:
        key = tuple(choices)
        if key not in self.known:
            col = get_column_letter(len(self.known) + 1)
            for i, choice in enumerate(key, start=1):
                self.sheet[f"{col}{i}"] = choice
            self.known[key] = f"{quote_sheetname(LISTS_SHEET)}!${col}$1:${col}${len(key)}"
        return self.known[key]


def _validation(field: Field | None, key: str, form: Form, lists: _Lists) -> DataValidation | None:
    choices: Sequence[str] = ()
    strict = True
    if field is None:
        if key == "outcome" and form.outcomes:
            choices = [o.key for o in form.outcomes]
        elif key == "timepoint" and form.timepoints:
            choices, strict = form.timepoints, False  # other timepoints may be typed
    elif field.type in ("single_choice", "yes_no_unclear"):
        choices = field.choices or ("yes", "no", "unclear")
    if choices:
        dv = DataValidation(type="list", formula1=lists.ref(choices), allow_blank=True)
        dv.errorStyle = "stop" if strict else "information"
    elif field is not None and field.type in ("integer", "number_with_unit"):
        low = -1e15 if field.minimum is None else field.minimum
        high = 1e15 if field.maximum is None else field.maximum
        kind: Literal["whole", "decimal"] = "whole" if field.type == "integer" else "decimal"
        dv = DataValidation(type=kind, operator="between", formula1=f"{low:g}",
                            formula2=f"{high:g}", allow_blank=True)  # fmt: skip
        dv.error = f"Enter a number between {low:g} and {high:g}"
    elif field is not None and field.type == "date":
        dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
        dv.error = "Enter a date (YYYY-MM-DD)"
    else:
        return None
    dv.showErrorMessage = True
    if field is not None and field.help:
        dv.prompt, dv.showInputMessage = field.help[:250], True
    return dv


def _sheet(
    book: Workbook,
    title: str,
    cols: Sequence[tuple[str, str, Field | None]],
    *,
    form: Form,
    lists: _Lists,
    last_row: int,
) -> Worksheet:
    ws: Worksheet = book.create_sheet(title)
    for c, (key, label, field) in enumerate(cols, start=1):
        ws.cell(1, c, key).font = _HEADER_FONT
        ws.cell(2, c, label).alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = 40 if key == "citation" else 18
        dv = _validation(field, key, form, lists)
        if dv is not None and last_row >= FIRST_DATA_ROW:
            ws.add_data_validation(dv)
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
    ws.freeze_panes = f"B{FIRST_DATA_ROW}"
    return ws


def write_workbook(
    path: Path,
    form: Form,
    studies: Sequence[StudyCitation],
    *,
    review_id: str,
    reviewer: str,
    now: datetime,
    rows: Mapping[str, Sequence[Mapping[str, object]]] | None = None,
) -> WorkbookMeta:
    """Write one reviewer's extraction workbook for ``studies``.

    ``rows`` prefills values: section key (``""`` for study-level) → rows of
    column key → value; study-level rows are matched to studies by ``study_id``.
    """
    rows = rows or {}
    book = Workbook()
    intro = book.active
    assert intro is not None  # a new Workbook always has one sheet
    intro.title = "instructions"
    lists = _Lists(book)
    locked: list[list[object]] = []
    cols = _columns(form, None)
    study = _sheet(book, STUDY_SHEET, cols, form=form, lists=lists,
                   last_row=FIRST_DATA_ROW + len(studies) - 1)  # fmt: skip
    prefill = {str(r.get("study_id")): r for r in rows.get("", ())}
    for r, cite in enumerate(studies, start=FIRST_DATA_ROW):
        fixed = {"study_id": cite.study_id, "citation": citation_text(cite),
                 "pmid": cite.pmid, "doi": cite.doi}  # fmt: skip
        for c, (key, _label, _field) in enumerate(cols, start=1):
            cell = study.cell(r, c)
            if key in fixed:
                cell.value, cell.fill = fixed[key], _LOCKED_FILL
                locked.append([cell.coordinate, fixed[key]])
            else:
                cell.value = cell_value(prefill.get(cite.study_id, {}).get(key))
                cell.protection = Protection(locked=False)
    study.protection.sheet = True  # locks citations; field cells above are unlocked
    headers = {STUDY_SHEET: [k for k, _l, _f in cols]}
    for section in form.groups:
        gcols = _columns(form, section)
        ws = _sheet(book, section.key, gcols, form=form, lists=lists,
                    last_row=FIRST_DATA_ROW + _GROUP_ROWS)  # fmt: skip
        headers[section.key] = [k for k, _l, _f in gcols]
        for r, values in enumerate(rows.get(section.key, ()), start=FIRST_DATA_ROW):
            for c, (key, _label, _field) in enumerate(gcols, start=1):
                ws.cell(r, c, cell_value(values.get(key)))
    meta = WorkbookMeta(kind="reviewer", review_id=review_id, form_id=form.id,
                        form_version=form.version, reviewer=reviewer,
                        created_at=now.isoformat())  # fmt: skip
    _instructions(intro, form, meta, len(studies))
    write_meta(book, meta, locked, headers)
    _save(book, path)
    return meta


def _instructions(ws: Worksheet, form: Form, meta: WorkbookMeta, n: int) -> None:
    lines = [
        f"{form.title} (form {form.id}, version {form.version})",
        f"Reviewer: {meta.reviewer}. Review: {meta.review_id}. Studies: {n}.",
        "",
        form.help,
        f"Sheet '{STUDY_SHEET}': one row per study; grey cells are locked.",
        "Other sheets: one row per arm / outcome x timepoint / result; type the study_id.",
        "Row 1 holds the field keys, row 2 the labels (* = required); do not change them.",
        "Multiple choices: separate with '; '. Dates: YYYY-MM-DD. Leave unknowns empty.",
        "Then run: reviewkit forms import THIS-FILE.xlsx",
        "",
    ]
    for section in form.sections:
        lines.append(f"{section.title}: {section.help}".rstrip(": "))
        lines += [f"  {f.key}: {f.label}. {f.help}".rstrip(". ") for f in input_fields(section)]
    for i, line in enumerate(lines, start=1):
        ws.cell(i, 1, line)
    ws.column_dimensions["A"].width = 120


def write_meta(
    book: Workbook,
    meta: WorkbookMeta,
    locked: Sequence[Sequence[object]],
    headers: Mapping[str, Sequence[str]],
) -> None:
    """Add the hidden ``_meta`` sheet: metadata, locked cells, headers and the checksum."""
    ws = book.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    fields = _meta_fields(meta)
    body = {"fields": fields, "headers": {k: list(v) for k, v in headers.items()}}
    ws.append(["checksum", _checksum(body, locked)])
    ws.append(["meta", json.dumps(body, sort_keys=True)])
    for ref, value in locked:
        ws.append([str(ref), json.dumps(value, default=str)])


def _meta_fields(meta: WorkbookMeta) -> dict[str, object]:
    return {"kind": meta.kind, "review_id": meta.review_id, "form_id": meta.form_id,
            "form_version": meta.form_version, "reviewer": meta.reviewer,
            "created_at": meta.created_at}  # fmt: skip


def _save(book: Workbook, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:
        raise ParseError(f"{path}: cannot write the workbook: {exc.strerror or exc}") from exc


def open_workbook(path: Path) -> Any:
    """Open an XLSX for reading; ``ParseError`` naming the file if it is not one."""
    try:
        return load_workbook(path, data_only=True)
    except Exception as exc:  # zipfile/openpyxl raise many kinds for a corrupt file
        raise ParseError(f"{path}: not a readable XLSX workbook: {exc}") from exc


def read_meta(book: Any, path: Path) -> tuple[WorkbookMeta, dict[str, list[str]], list[str]]:
    """The metadata and expected headers; problems for tampered locked cells."""
    if META_SHEET not in book.sheetnames:
        raise ParseError(f"{path}: no {META_SHEET} sheet: not a reviewkit extraction workbook")
    rows = list(book[META_SHEET].iter_rows(values_only=True))
    try:
        checksum, body = str(rows[0][1]), json.loads(str(rows[1][1]))
        locked = [[str(r[0]), json.loads(str(r[1]))] for r in rows[2:]]
        meta = WorkbookMeta(**body["fields"])
        headers = {str(k): [str(c) for c in v] for k, v in body["headers"].items()}
    except (IndexError, TypeError, ValueError, KeyError) as exc:
        raise ParseError(f"{path}!{META_SHEET}: the metadata sheet is damaged: {exc}") from exc
    problems: list[str] = []
    if _checksum(body, locked) != checksum:
        problems.append(f"{META_SHEET}!B1: the checksum of the locked cells does not match; "
                        "export a fresh workbook")  # fmt: skip
    sheet = STUDY_SHEET if meta.kind == "reviewer" else "discrepancies"
    if sheet in book.sheetnames:
        ws = book[sheet]
        for ref, want in locked:
            got = ws[ref].value
            if _same(got, want):
                continue
            problems.append(f"{sheet}!{ref}: locked cell changed from {want!r} to {got!r}")
    return meta, headers, problems


def _same(got: object, want: object) -> bool:
    if isinstance(got, datetime | date):
        got = got.isoformat()
    if got in (None, "") and want in (None, ""):
        return True
    return str(got) == str(want)


def read_workbook(path: Path) -> RawWorkbook:
    """Read a reviewer workbook's metadata and filled rows (no checking of values)."""
    book = open_workbook(path)
    meta, headers, problems = read_meta(book, path)
    if meta.kind != "reviewer":
        raise ParseError(f"{path}: a {meta.kind} workbook, not a reviewer's extraction workbook")
    rows: list[RawRow] = []
    for sheet, expected in headers.items():
        if sheet not in book.sheetnames:
            problems.append(f"{sheet}!A1: the sheet is missing")
            continue
        ws = book[sheet]
        found = [c.value for c in ws[1]][: len(expected)]
        for c, key in enumerate(expected, start=1):
            got = found[c - 1] if c <= len(found) else None
            if got != key:
                ref = f"{get_column_letter(c)}1"
                problems.append(f"{sheet}!{ref}: expected the column key {key!r}, got {got!r}")
        section = "" if sheet == STUDY_SHEET else sheet
        for r, values in enumerate(
            ws.iter_rows(min_row=FIRST_DATA_ROW, max_col=len(expected), values_only=True),
            start=FIRST_DATA_ROW,
        ):
            cells = {k: _clean(v) for k, v in zip(expected, values, strict=False)}
            typed = [k for k, v in cells.items() if v is not None and k not in CITATION_COLUMNS]
            if (section and not typed) or (not section and not cells.get("study_id")):
                continue  # a blank row
            refs = {k: f"{sheet}!{get_column_letter(c)}{r}" for c, k in enumerate(expected, 1)}
            rows.append(RawRow(sheet=sheet, section=section, row=r, values=cells, refs=refs))
    return RawWorkbook(meta=meta, headers={k: tuple(v) for k, v in headers.items()},
                       rows=tuple(rows), problems=tuple(problems))  # fmt: skip


def _clean(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def row_keys(section: Section | None) -> tuple[str, ...]:
    """The key columns of a section's rows (``study_id`` first)."""
    return ROW_KEYS[section.repeat if section is not None else None]
