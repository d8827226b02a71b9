"""The standalone deduplication contract: a CSV of records in, a CSV of assignments out.

Input columns: ``record_id,title,authors,year,journal,volume,issue,pages,doi,abstract``
(other columns are ignored; empty cells mean absent; authors are separated by
``;``, BibTeX's ``and`` or commas between Vancouver-style names). Output columns:
``record_id,cluster_id,decision`` with one row per input record in input order,
where ``decision`` is ``keep`` (the record that stands for its study),
``duplicate`` (merged into its cluster's keep) or ``maybe`` (kept for now, but
part of an unresolved ``maybe`` pair).

:func:`parse_table` and :func:`format_assignments` are pure; :func:`read_table`
is the thin file reader.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from reviewkit.dedup.engine import DedupResult
from reviewkit.errors import ParseError
from reviewkit.formats.fields import split_authors
from reviewkit.records import Citation

__all__ = [
    "COLUMNS",
    "Assignment",
    "format_assignments",
    "header_warnings",
    "parse_table",
    "read_table",
]

COLUMNS = ("record_id", "title", "authors", "year", "journal", "volume", "issue", "pages", "doi",
           "abstract")  # fmt: skip
Assignment = Literal["keep", "duplicate", "maybe"]
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d|2100)\b")


# Names other tools export these columns under (ASySD, bib-dedupe, EndNote CSV).
_ALIASES = {
    "authors": ("author", "au", "creators"),
    "issue": ("number", "is"),
    "journal": ("source", "journal_title", "secondary_title", "container_title"),
    "year": ("date", "py", "publication_year"),
    "pages": ("page", "pg"),
}


def header_warnings(header: Sequence[str]) -> list[str]:
    """What a header lacks from the contract, with the likely misnamed column.

    Missing columns are not an error (empty means absent), but matching is
    weaker without them, so the user should know.

    >>> header_warnings(["record_id", "title", "author", "year"])[0]
    "no 'authors' column, so every record's authors are absent (is 'author' meant?)"
    """
    have = {name.strip().lower() for name in header}
    found: list[str] = []
    for column in COLUMNS[1:]:
        if column in have:
            continue
        alias = next((a for a in _ALIASES.get(column, ()) if a in have), None)
        hint = f" (is '{alias}' meant?)" if alias else ""
        verb = "are" if column.endswith("s") else "is"
        found.append(f"no '{column}' column, so every record's {column} {verb} absent{hint}")
    return found


def _cell(row: dict[str, str | None], name: str) -> str | None:
    value = row.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def parse_table(text: str, *, origin: str = "<table>") -> list[Citation]:
    """Citations from the CSV text of the standalone contract.

    Raises:
        ParseError: no ``record_id`` column, an empty or repeated record_id
            (the message names ``origin`` and the line).
    """
    reader = csv.DictReader(io.StringIO(text, newline=""))
    # "Title" or " doi " is still the column the contract names.
    header = [name.strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = header
    if "record_id" not in header:
        raise ParseError(
            f"{origin}: no 'record_id' column in the header "
            f"(found: {', '.join(header) or 'nothing'}); expected {','.join(COLUMNS)}"
        )
    seen: dict[str, int] = {}
    citations: list[Citation] = []
    try:
        for row in reader:
            line = reader.line_num
            record_id = _cell(row, "record_id")
            if record_id is None:
                raise ParseError(f"{origin}, line {line}: empty record_id")
            if record_id in seen:
                raise ParseError(
                    f"{origin}, line {line}: record_id {record_id!r} already used on "
                    f"line {seen[record_id]}; record ids must be unique"
                )
            seen[record_id] = line
            citations.append(_citation(row, record_id, f"{origin}:{line}"))
    except csv.Error as exc:
        raise ParseError(f"{origin}, line {reader.line_num}: {exc}") from exc
    return citations


def _citation(row: dict[str, str | None], record_id: str, origin: str) -> Citation:
    year_text = _cell(row, "year")
    found = _YEAR.search(year_text) if year_text else None
    authors = _cell(row, "authors") or ""
    return Citation(
        record_id=record_id,
        source="table",
        title=_cell(row, "title"),
        authors=split_authors(authors),
        year=int(found.group(1)) if found else None,
        journal=_cell(row, "journal"),
        volume=_cell(row, "volume"),
        issue=_cell(row, "issue"),
        pages=_cell(row, "pages"),
        doi=_cell(row, "doi"),
        abstract=_cell(row, "abstract"),
        origin=origin,
    )


def read_table(path: Path) -> list[Citation]:
    """Read a CSV file of the standalone contract (UTF-8, a BOM is accepted).

    Raises:
        ParseError: the file cannot be read or breaks the contract.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"{path}: cannot read the record table: {exc}") from exc
    return parse_table(text, origin=str(path))


def format_assignments(result: DedupResult, record_ids: Sequence[str]) -> str:
    """CSV ``record_id,cluster_id,decision``, one row per record in ``record_ids`` order."""
    representatives = {c.cluster_id: c.representative for c in result.clusters}
    in_maybe = {rid for v in result.maybe for rid in (v.a, v.b)}
    # A kept record is "maybe" when any member of its cluster is in an open maybe pair.
    maybe_clusters = {result.cluster_of(rid) for rid in in_maybe}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("record_id", "cluster_id", "decision"))
    for rid in record_ids:
        cluster_id = result.cluster_of(rid)
        decision: Assignment
        if representatives[cluster_id] != rid:
            decision = "duplicate"
        elif cluster_id in maybe_clusters:
            decision = "maybe"
        else:
            decision = "keep"
        writer.writerow((rid, cluster_id, decision))
    return out.getvalue()
