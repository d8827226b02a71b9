"""Write the evidence tables as CSV, XLSX, DOCX, Markdown and HTML.

Everything is rendered in memory by ``format_*`` functions, then each file is
replaced atomically, so a failure leaves the previous files intact. Rebuilding
from unchanged data gives byte-identical files: XLSX and DOCX are zip packages
whose entry dates and document properties would otherwise record the clock, so
both are stamped with the newest entry time behind the data instead.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reviewkit.errors import StorageError
from reviewkit.evidence import Cell, Column, EvidenceTables, Table, build_tables
from reviewkit.extraction.forms import load_form

if TYPE_CHECKING:
    from docx.table import _Row

    from reviewkit.protocol import Protocol
    from reviewkit.storage.database import ReviewDatabase

__all__ = [
    "OUTPUT_FILES",
    "extraction_started",
    "format_csv",
    "format_docx",
    "format_html",
    "format_markdown",
    "format_xlsx",
    "latest_entry",
    "provenance_table",
    "write_evidence_tables",
    "write_review_tables",
]

#: The files :func:`write_evidence_tables` writes (CSV: one per table).
OUTPUT_FILES = (
    "evidence_characteristics.csv",
    "evidence_outcomes.csv",
    "evidence_summary.csv",
    "evidence_provenance.csv",
    "evidence_tables.xlsx",
    "evidence_tables.docx",
    "evidence_tables.md",
    "evidence_tables.html",
)
# Used when no value has an entry time (no data yet): any fixed instant will do.
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def latest_entry(tables: Iterable[Table]) -> datetime | None:
    """The newest entry time behind any cell (a stable stand-in for "last changed")."""
    return max((t.entered_at for table in tables for t in table.traces), default=None)


def provenance_table(tables: Iterable[Table]) -> Table:
    """One row per traced value: table, row, column → study, reviewer, form version, records."""
    columns = tuple(
        Column(key=k, label=label)
        for k, label in (
            ("table", "Table"), ("row", "Row"), ("column", "Column"), ("study_id", "Study id"),
            ("field", "Field"), ("row_keys", "Row keys"), ("reviewer", "Reviewer"),
            ("form_id", "Form"), ("form_version", "Form version"),
            ("entered_at", "Entered at"), ("record_ids", "Records"),
        )
    )  # fmt: skip
    rows = tuple(
        (
            table.key,
            t.row + 1,
            t.column,
            t.study_id,
            t.field,
            "; ".join(f"{k}={v}" for k, v in t.keys) or None,
            t.reviewer,
            t.form_id,
            t.form_version,
            t.entered_at.isoformat(),
            " ".join(t.record_ids) or None,
        )
        for table in tables
        for t in table.traces
    )
    return Table(
        key="provenance", title="Provenance of every value in the evidence tables",
        footnote="Row numbers count data rows from 1; reviewer 'consensus' marks agreed values.",
        columns=columns, rows=rows,
    )  # fmt: skip


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return f"{cell:.10g}"
    return str(cell)


def format_csv(table: Table) -> str:
    """One table as CSV: column keys as the header, then the rows (UTF-8, ``\\r\\n``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.key for c in table.columns])
    writer.writerows([_text(v) for v in row] for row in table.rows)
    return out.getvalue()


def _md_cell(cell: Cell) -> str:
    return _text(cell).replace("|", "\\|").replace("\n", "<br>")


def format_markdown(tables: Sequence[Table], *, title: str) -> str:
    """The tables as one Markdown document (GitHub tables, footnotes in italics)."""
    parts = [f"# {title}\n"]
    for number, table in enumerate(tables, start=1):
        parts.append(f"## Table {number}. {table.title}\n")
        parts.append("| " + " | ".join(_md_cell(c.label) for c in table.columns) + " |")
        parts.append("|" + "|".join(" --- " for _ in table.columns) + "|")
        parts.extend("| " + " | ".join(_md_cell(v) for v in row) + " |" for row in table.rows)
        parts.append(f"\n*{table.footnote}*\n")
    return "\n".join(parts)


_CSS = """
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.4rem; }
th, td { border: 1px solid #bbb; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #e8eef4; position: sticky; top: 0; }
tbody tr:nth-child(even) { background: #f7f7f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
p.note { font-size: 0.8rem; font-style: italic; color: #555; max-width: 60rem; }
"""


def format_html(tables: Sequence[Table], *, title: str) -> str:
    """The tables as one self-contained HTML page (inline CSS, no scripts)."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
    ]
    for number, table in enumerate(tables, start=1):
        parts.append(f'<table id="{esc(table.key)}">')
        parts.append(f"<caption>Table {number}. {esc(table.title)}</caption>")
        parts.append("<thead><tr>" + "".join(f"<th>{esc(c.label)}</th>" for c in table.columns))
        parts.append("</tr></thead><tbody>")
        for row in table.rows:
            cells = "".join(
                f'<td class="num">{esc(_text(v))}</td>'
                if isinstance(v, int | float)
                else f"<td>{esc(_text(v)).replace(chr(10), '<br>')}</td>"
                for v in row
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append(f'</tbody></table><p class="note">{esc(table.footnote)}</p>')
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _width(table: Table, index: int) -> float:
    """A column width in characters: room for the longest line, capped so long text wraps.

    The header may wrap between words but never inside one.
    """
    lines = [line for r in table.rows for line in _text(r[index]).split("\n")]
    longest = min(max((len(line) for line in lines), default=0), 45)
    word = max(len(w) for w in table.columns[index].label.split() or [""])
    return float(max(longest, word, 4) + 2)


def format_xlsx(tables: Sequence[Table], *, stamp: datetime) -> bytes:
    """The tables as one workbook, a sheet per table (labels as a bold, frozen header)."""
    book = Workbook()
    book.remove(book.worksheets[0])
    header_fill = PatternFill("solid", fgColor="E8EEF4")
    wrap = Alignment(wrap_text=True, vertical="top")
    for table in tables:
        sheet = book.create_sheet(table.key[:31])
        sheet.append([c.label for c in table.columns])
        for row in table.rows:
            sheet.append(list(row))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = wrap
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                cell.alignment = wrap
        for index in range(len(table.columns)):
            sheet.column_dimensions[get_column_letter(index + 1)].width = _width(table, index)
        sheet.freeze_panes = "A2"
        note = sheet.cell(len(table.rows) + 3, 1, table.footnote)
        note.font = Font(italic=True)
    book.properties.creator = "reviewkit"
    out = io.BytesIO()
    book.save(out)
    return _stable_zip(out.getvalue(), stamp)


# Arm-level result fields the DOCX outcomes table folds into one cell per arm.
_ARM_SIDES = (("int", "Intervention arm"), ("comp", "Comparator arm"))
_ARM_KEYS = ("n", "mean", "sd", "events", "total", "median", "iqr_low", "iqr_high")


def _arm_cell(values: dict[str, Cell], labels: dict[str, str]) -> str | None:
    """One arm's results as a manuscript reads them.

    ``mean ± SD (n = N)``, ``median [Q1–Q3] (n = N)`` or ``events/total``; fields
    outside those patterns follow as ``Label value``.
    """
    get = {k: _text(v) for k, v in values.items() if v is not None}
    n = f"n = {get['n']}" if "n" in get else ""
    parts: list[str] = []
    if "mean" in get:
        parts.append(get["mean"] + (f" ± {get['sd']}" if "sd" in get else ""))
    elif "sd" in get:
        parts.append(f"SD {get['sd']}")
    if "median" in get:
        iqr = [get[k] for k in ("iqr_low", "iqr_high") if k in get]
        parts.append(get["median"] + (f" [{'–'.join(iqr)}]" if len(iqr) == 2 else ""))
    if n and parts:
        parts[-1] += f" ({n})"
    if "events" in get:
        # The denominator is the reported total, else the number analysed in the arm.
        total = get.get("total") or get.get("n")
        parts.append(get["events"] + (f"/{total}" if total else " events"))
    elif "total" in get:
        parts.append(f"total {get['total']}")
    if n and not any(f"({n})" in p or "/" in p for p in parts):
        parts.append(n)
    parts += [f"{labels[k]} {v}" for k, v in get.items() if k not in _ARM_KEYS]
    return "; ".join(parts) or None


def _manuscript_outcomes(table: Table) -> Table:
    """The outcomes table reshaped for reading: one cell per arm, identifiers in the study cell.

    The data formats keep a column per value; on a page seventeen narrow
    columns break words, so the DOCX folds them and drops what stays empty.
    """
    index = {c.key: i for i, c in enumerate(table.columns)}
    arm_cols = {
        side: {c.key[len(side) + 1 :]: c for c in table.columns if c.key.startswith(f"{side}_")}
        for side, _ in _ARM_SIDES
    }
    prefixes = tuple(f"{side}_" for side, _ in _ARM_SIDES)
    plain = [
        c for c in table.columns if c.key not in ("pmid", "doi") and not c.key.startswith(prefixes)
    ]
    columns = [*plain, *(Column(key=side, label=label) for side, label in _ARM_SIDES)]
    rows: list[tuple[Cell, ...]] = []
    for row in table.rows:
        cells: list[Cell] = []
        for column in plain:
            value = row[index[column.key]]
            if column.key == "study":
                # PMID identifies the record; the DOI only when there is no PMID
                # (Table 1 lists both).
                pmid = row[index["pmid"]] if "pmid" in index else None
                doi = row[index["doi"]] if "doi" in index else None
                ident = f"PMID {_text(pmid)}" if pmid else f"doi:{_text(doi)}" if doi else ""
                value = "\n".join(t for t in (_text(value), ident) if t) or None
            cells.append(value)
        for side, _ in _ARM_SIDES:
            fields = arm_cols[side]
            values = {k: row[index[c.key]] for k, c in fields.items()}
            labels = {k: c.label.split(" ", 1)[-1] for k, c in fields.items()}
            cells.append(_arm_cell(values, labels))
        rows.append(tuple(cells))
    keep = [i for i in range(len(columns)) if any(r[i] is not None for r in rows) or not rows]
    return Table(
        key=table.key,
        title=table.title,
        footnote=(
            "One row per outcome, timepoint and comparison (each intervention arm against the "
            "comparator arm of the same study). Arm results in the outcome's unit: "
            "mean ± SD, median [interquartile range] or events/total; n: participants "
            "analysed in the arm. Study identifiers: PMID (PubMed), or DOI where there is "
            "no PMID; Table 1 lists both. Empty cells: not reported or not extracted."
        ),
        columns=tuple(columns[i] for i in keep),
        rows=tuple(tuple(r[i] for i in keep) for r in rows),
        traces=table.traces,
    )


def _docx_view(table: Table) -> Table:
    """The table as the DOCX shows it (only the outcomes table is reshaped)."""
    sides = {c.key.split("_", 1)[0] for c in table.columns if "_" in c.key}
    if table.key == "outcomes" and sides & {side for side, _ in _ARM_SIDES}:
        return _manuscript_outcomes(table)
    return table


def _repeat_header(row: _Row) -> None:
    """Mark a table's first row to repeat at the top of every page it spans."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _fit(chars: Sequence[float], usable: int) -> list[int]:
    """Column widths (EMU) sharing the page in proportion to content, long text capped."""
    weights = [min(c, 24.0) + 4 for c in chars]  # + 4: the cell padding, in characters
    return [int(usable * w / sum(weights)) for w in weights]


def format_docx(tables: Sequence[Table], *, title: str, stamp: datetime) -> bytes:
    """The tables as a landscape Word document: a numbered title, the table, a footnote each."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.add_heading(title, level=1)
    usable = Cm(29.7 - 2 * 1.5)  # A4 landscape inside the margins set above
    for number, table in enumerate(map(_docx_view, tables), start=1):
        document.add_paragraph().add_run(f"Table {number}. {table.title}").bold = True
        grid = document.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        grid.autofit = False
        size = Pt(8 if len(table.columns) <= 12 else 7)  # wide tables still fit the page
        widths = _fit([_width(table, i) for i in range(len(table.columns))], usable)
        for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(column.label).bold = True
        _repeat_header(grid.rows[0])
        for row in table.rows:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.text = _text(value)
        for line in grid.rows:
            for cell, width in zip(line.cells, widths, strict=True):
                cell.width = width  # Word reads cell widths, LibreOffice the grid
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = size
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width
        note = document.add_paragraph().add_run(table.footnote)
        note.italic, note.font.size = True, Pt(8)
    props = document.core_properties
    props.author = props.last_modified_by = "reviewkit"
    props.title = title
    props.revision = 1
    props.created = props.modified = stamp
    out = io.BytesIO()
    document.save(out)
    return _stable_zip(out.getvalue(), stamp)


_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _stable_zip(data: bytes, stamp: datetime) -> bytes:
    """Rewrite a zip package with fixed entry dates and the core properties dated ``stamp``."""
    when = stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the clock while saving.
                content = _CORE_DATES.sub(lambda m: m.group(1) + when + m.group(3), content)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def _replace(target: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)  # mkstemp's 0600 would hide the tables from collaborators
        os.replace(temp, target)
    except OSError:
        Path(temp).unlink(missing_ok=True)
        raise


def write_evidence_tables(
    tables: Sequence[Table], provenance: Table, out_dir: Path, *, title: str
) -> tuple[Path, ...]:
    """Write ``tables`` (CSV each, plus XLSX, DOCX, Markdown, HTML) and the provenance CSV.

    The workbook also gets the provenance as its last sheet. Returns the paths
    written, in :data:`OUTPUT_FILES` order when given the three evidence tables.

    Raises:
        StorageError: ``out_dir`` could not be written.
    """
    stamp = latest_entry(tables) or _EPOCH
    files: dict[str, bytes] = {
        f"evidence_{t.key}.csv": format_csv(t).encode("utf-8") for t in (*tables, provenance)
    }
    files["evidence_tables.xlsx"] = format_xlsx([*tables, provenance], stamp=stamp)
    files["evidence_tables.docx"] = format_docx(tables, title=title, stamp=stamp)
    files["evidence_tables.md"] = format_markdown(tables, title=title).encode("utf-8")
    files["evidence_tables.html"] = format_html(tables, title=title).encode("utf-8")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            _replace(out_dir / name, content)
    except OSError as exc:
        raise StorageError(
            f"{out_dir}: cannot write the evidence tables: {exc.strerror or exc}"
        ) from exc
    return tuple(out_dir / name for name in files)


def write_review_tables(
    db: ReviewDatabase,
    protocol: Protocol,
    review_dir: Path,
    out_dir: Path | None = None,
    *,
    include_unverified: bool = False,
) -> tuple[EvidenceTables, tuple[Path, ...]]:
    """Build the evidence tables from a review's stored extractions and write them.

    Double extraction reads the consensus values. Single extraction with
    verification reads the verified values; studies not verified yet are left
    out (``include_unverified``: shown with the extractor's values) and named in
    the footnotes either way. ``out_dir`` defaults to the protocol's outputs folder.

    Raises:
        FormError: the protocol's extraction form cannot be read.
        StorageError: the database cannot be read or ``out_dir`` not written.
    """
    from reviewkit.storage.extraction import ExtractionStore

    settings = protocol.extraction
    form = load_form(protocol.form_path(review_dir))
    store = ExtractionStore(db, form=form, mode=settings.mode, reviewers=settings.reviewers)
    studies = store.extractions(unverified=include_unverified)
    pending = []
    if settings.mode == "single-verified":
        pending = [s.citation for s in store.statuses() if not s.verified]
    tables = build_tables(studies, form, unverified=pending, unverified_shown=include_unverified)
    target = out_dir if out_dir is not None else protocol.outputs_dir(review_dir)
    title = f"{protocol.review.title}: evidence tables"
    written = write_evidence_tables(
        tables.tables, provenance_table(tables.tables), target, title=title
    )
    return tables, written


def extraction_started(db: ReviewDatabase) -> bool:
    """Whether any extraction workbook was imported yet (before that, tables say nothing)."""
    from reviewkit.storage.extraction import ExtractionStore

    return bool(ExtractionStore(db).imports())
