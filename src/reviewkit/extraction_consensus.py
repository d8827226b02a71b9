"""The discrepancy workbook of double extraction, and storing the agreed values.

:func:`export_discrepancies` writes one row per field the first two reviewers
disagree on (and nobody has settled): the study, the row keys (``outcome``,
``timepoint``, ``arm``), the field, both values and an empty ``agreed``
column; an ``agreement`` sheet gives the agreement per field. Everything but
``agreed`` is locked and checksummed. :func:`import_discrepancies` checks each
agreed value against the form and stores them as consensus entries, all or
nothing. A blank ``agreed`` cell is "not settled yet"; ``-`` settles the field
as empty.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from reviewkit.errors import ParseError
from reviewkit.extraction.discrepancy import agreement
from reviewkit.extraction.forms import Form
from reviewkit.extraction.values import coerce
from reviewkit.extraction.values import problems as value_problems
from reviewkit.extraction.workbook import (
    WorkbookMeta,
    cell_value,
    citation_text,
    open_workbook,
    read_meta,
    write_meta,
)
from reviewkit.extraction_stage import ImportResult, reject, store_for
from reviewkit.protocol import Protocol
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.extraction_entries import NewRow
from reviewkit.storage.screening import ScreeningStore
from reviewkit.storage.study_extractions import study_citation

__all__ = ["EMPTY", "SHEET", "export_discrepancies", "import_discrepancies"]

SHEET = "discrepancies"
#: Typed in ``agreed`` to settle a field as empty.
EMPTY = "-"
_KEYS = ("outcome", "timepoint", "arm")
_COLUMNS = ("study_id", "citation", "section", *_KEYS, "field", "label")


def export_discrepancies(
    db: ReviewDatabase, protocol: Protocol, path: Path, *, form: Form, now: datetime
) -> int:
    """Write the discrepancy workbook; return how many disagreements it lists."""
    store = store_for(db, protocol, form)
    first, second = store.reviewer_names()[:2]
    found = store.unresolved()
    studies = ScreeningStore(db).studies()
    book = Workbook()
    ws = book.active
    assert ws is not None  # a new Workbook always has one sheet
    ws.title = SHEET
    header = [*_COLUMNS, first, second, "agreed"]
    for c, key in enumerate(header, start=1):
        ws.cell(1, c, key).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = 40 if key == "citation" else 18
    locked: list[list[object]] = []
    grey = PatternFill("solid", fgColor="E7E6E6")
    for r, d in enumerate(found, start=2):
        view = studies.get(d.study_id)
        cite = citation_text(study_citation(d.study_id, view.fields, view.record_ids)) if view \
            else d.study_id  # fmt: skip
        keys = dict(d.keys)
        values = [d.study_id, cite, d.section or "study-level", *(keys.get(k) for k in _KEYS),
                  d.field, form.field(d.field).label, cell_value(d.first),
                  cell_value(d.second)]  # fmt: skip
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.fill = grey
            locked.append([cell.coordinate, value])
        ws.cell(r, len(header)).protection = Protection(locked=False)
    ws.protection.sheet = True
    ws.freeze_panes = "A2"
    stats = book.create_sheet("agreement")
    stats.append(["field", "compared", "agreed", "proportion"])
    a = [e.row() for e in store.reviewer_rows(first)]
    b = [e.row() for e in store.reviewer_rows(second)]
    for key, result in agreement(form, a, b).items():
        share = None if result.proportion is None else round(result.proportion, 3)
        stats.append([key, result.compared, result.agreed, share])
    meta = WorkbookMeta(kind="discrepancies", review_id=protocol.review.id, form_id=form.id,
                        form_version=form.version, reviewer="consensus",
                        created_at=now.isoformat())  # fmt: skip
    write_meta(book, meta, locked, {SHEET: header})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:
        raise ParseError(f"{path}: cannot write the workbook: {exc.strerror or exc}") from exc
    return len(found)


def import_discrepancies(
    db: ReviewDatabase, protocol: Protocol, path: Path, *, form: Form, now: datetime
) -> ImportResult:
    """Check the agreed values and store them as consensus entries, all or nothing."""
    book = open_workbook(path)
    meta, headers, problems = read_meta(book, path)
    if (meta.form_id, meta.form_version) != (form.id, form.version):
        problems.append(
            f"_meta!B2: made with form '{meta.form_id}' version {meta.form_version}; "
            f"export a new discrepancy workbook for version {form.version}"
        )
        raise reject(path, problems)
    if meta.review_id != protocol.review.id:
        problems.append(f"_meta!B2: made for review '{meta.review_id}'")
    header = headers.get(SHEET, [])
    ws = book[SHEET]
    settled: dict[tuple[str, str, tuple[tuple[str, str], ...]], dict[str, object]] = {}
    sections = {s.key: s for s in form.sections}
    for r, row in enumerate(ws.iter_rows(min_row=2, max_col=len(header), values_only=True), 2):
        cells = dict(zip(header, row, strict=False))
        raw = cells.get("agreed")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        ref = f"{SHEET}!{get_column_letter(len(header))}{r}"
        try:
            field = form.field(str(cells["field"]))
        except KeyError:
            problems.append(f"{ref}: unknown field {cells['field']!r}")
            continue
        section = "" if cells["section"] == "study-level" else str(cells["section"])
        names = sections[section].row_keys[1:] if section in sections else ()
        keys = tuple((k, str(cells[k])) for k in names)
        value: object = None
        if not (isinstance(raw, str) and raw.strip() == EMPTY):
            found = value_problems(field, raw)
            if found:
                problems += [f"{ref}: {field.key}: {m}" for m in found]
                continue
            value = coerce(field, raw)
        settled.setdefault((str(cells["study_id"]), section, keys), {})[field.key] = value
    if problems:
        raise reject(path, problems)
    rows = [NewRow(study_id=s, section=sec, keys=k, values=v) for (s, sec, k), v in settled.items()]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    store_for(db, protocol, form).add_import(
        rows, kind="consensus", reviewer="consensus", form=form, file=path.name, sha256=digest,
        studies={r.study_id for r in rows}, now=now,
    )  # fmt: skip
    return ImportResult(kind="consensus", reviewer="consensus",
                        studies=len({r.study_id for r in rows}),
                        rows=sum(len(r.values) for r in rows), form_version=form.version,
                        notes=())  # fmt: skip
