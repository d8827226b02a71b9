"""Read table exports (Scopus CSV, Web of Science tab-delimited, generic CSV) into citations.

Pure; standard-library :mod:`csv` (each row becomes one citation, nothing needs a
DataFrame). Which layout a file has is told by its header. A row whose year cannot
be read is kept without a year and reported in ``warnings``: losing a record is
worse for a review than lacking its year.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence

from reviewkit.errors import ParseError
from reviewkit.formats.fields import (
    clean,
    doi_in,
    first,
    split_authors,
    wos_document_type,
    year_or_warning,
)
from reviewkit.formats.model import ParsedFile, Skipped
from reviewkit.records import Citation

__all__ = ["GENERIC_COLUMNS", "MAPPABLE_FIELDS", "parse_table"]

#: Columns a generic CSV must have (``pmid``, ``publication_type``, ``issn`` are optional).
GENERIC_COLUMNS: tuple[str, ...] = (
    "record_id",
    "title",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "abstract",
)
_GENERIC_OPTIONAL = ("pmid", "publication_type", "issn")
#: Citation fields a ``column_map`` may fill.
MAPPABLE_FIELDS: tuple[str, ...] = (
    "title",
    "authors",
    "year",
    "journal",
    "journal_abbrev",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "issn",
    "abstract",
    "publication_type",
    "language",
    "keywords",
)
# Placeholders Scopus writes into empty cells.
_PLACEHOLDERS = frozenset({"[No abstract available]", "[No author name available]"})
_SCOPUS_INITIALS_END = re.compile(r"(?<=\.),\s+")

_Row = Callable[[str], str | None]


def parse_table(
    text: str,
    *,
    file_name: str,
    source: str,
    column_map: Mapping[str, str] | None = None,
) -> ParsedFile:
    """Parse a decoded table export into citations.

    Raises:
        ParseError: the header matches no known layout, misses generic columns, or the
            ``column_map`` names fields or columns that do not exist.
    """
    delimiter = _delimiter(text)
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [c.strip() for c in next(rows, [])]
    while header and not header[-1]:
        header.pop()  # Web of Science ends every line with a tab
    if not header:
        raise ParseError(f"{file_name}: empty table; expected a header row")
    dialect, columns = _layout(header, file_name=file_name, column_map=column_map)
    build = _BUILDERS[dialect]
    citations: list[Citation] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []
    n = 0
    line = rows.line_num + 1
    for cells in rows:
        start, line = line, rows.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        n += 1
        extra = [c for c in cells[len(header) :] if c.strip()]
        if extra:
            skipped.append(
                Skipped(
                    where=f"{file_name} row {n}",
                    reason=f"{len(cells)} cells but the header has {len(header)} columns "
                    "(a stray delimiter or broken quoting?)",
                )
            )
            continue
        values = dict(zip(header, cells, strict=False))

        def get(column: str, values: dict[str, str] = values) -> str | None:
            value = clean(values.get(columns.get(column, column)))
            return None if value in _PLACEHOLDERS else value

        origin = f"{file_name}:{start}"
        citation, warning = build(get, f"{source}:{file_name}#{n}", source, origin)
        citations.append(citation)
        if warning:
            warnings.append(warning)
    return ParsedFile(
        dialect=dialect,
        records_in_file=_count_data_rows(text, delimiter),
        counted_as="non-empty data rows",
        citations=tuple(citations),
        skipped=tuple(skipped),
        warnings=tuple(warnings),
    )


def _delimiter(text: str) -> str:
    header = text.lstrip("\n").split("\n", 1)[0]
    if "\t" in header:
        return "\t"
    return "," if "," in header or ";" not in header else ";"


def _count_data_rows(text: str, delimiter: str) -> int:
    """Rows with any content after the header, counted in a separate plain pass."""
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return max(0, sum(1 for row in rows if any(c.strip() for c in row)) - 1)


def _layout(
    header: Sequence[str], *, file_name: str, column_map: Mapping[str, str] | None
) -> tuple[str, dict[str, str]]:
    """The dialect and the map from our names to the file's columns."""
    present = set(header)
    if column_map is not None:
        unknown = sorted(set(column_map) - set(MAPPABLE_FIELDS))
        if unknown:
            raise ParseError(
                f"{file_name}: column map names unknown fields {', '.join(unknown)}; "
                f"expected some of {', '.join(MAPPABLE_FIELDS)}"
            )
        missing = sorted(c for c in column_map.values() if c not in present)
        if missing:
            raise ParseError(f"{file_name}: the header has no column {', '.join(missing)}")
        return "mapped", dict(column_map)
    if "EID" in present or {"Title", "Source title"} <= present:
        return "scopus", {}
    if {"PT", "TI"} <= present or {"UT", "TI"} <= present:
        return "wos", {}
    lowered = {c.lower(): c for c in header}
    if "title" in lowered:
        missing = [c for c in GENERIC_COLUMNS if c not in lowered]
        if missing:
            raise ParseError(
                f"{file_name}: generic CSV header lacks columns {', '.join(missing)}; "
                f"expected {','.join(GENERIC_COLUMNS)} (or pass a column map)"
            )
        names = (*GENERIC_COLUMNS, *_GENERIC_OPTIONAL)
        return "generic", {c: lowered[c] for c in names if c in lowered}
    raise ParseError(
        f"{file_name}: the header matches no known layout (Scopus, Web of Science, generic "
        f"{','.join(GENERIC_COLUMNS)}); pass a column map"
    )


def _split(value: str | None, separator: str = ";") -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(p for p in (clean(part) for part in value.split(separator)) if p)


def _range(start: str | None, end: str | None, fallback: str | None) -> str | None:
    if start and end and end != start:
        return f"{start}-{end}"
    return start or fallback


def _scopus_authors(value: str | None) -> tuple[str, ...]:
    # Older Scopus exports write "Dhurat R., Mathapati S."; newer ones "Dhurat, R.; …".
    if value is None or ";" in value:
        return _split(value)
    return _split(_SCOPUS_INITIALS_END.sub(";", value))


def _scopus(get: _Row, record_id: str, source: str, origin: str) -> tuple[Citation, str | None]:
    year, warning = year_or_warning(get("Year"), where=origin)
    citation = Citation(
        record_id=record_id,
        source=source,
        title=get("Title"),
        authors=_scopus_authors(get("Authors")),
        year=year,
        journal=get("Source title"),
        journal_abbrev=get("Abbreviated Source Title"),
        volume=get("Volume"),
        issue=get("Issue"),
        pages=_range(get("Page start"), get("Page end"), get("Art. No.")),
        doi=first(get("DOI"), doi_in([get("Link")])),
        pmid=get("PubMed ID"),
        issn=get("ISSN"),
        abstract=get("Abstract"),
        publication_type=get("Document Type"),
        language=get("Language of Original Document"),
        keywords=_split(get("Author Keywords")),
        origin=origin,
    )
    return citation, warning


def _wos(get: _Row, record_id: str, source: str, origin: str) -> tuple[Citation, str | None]:
    # Early-access records have no PY yet; their EA date carries the year.
    year, warning = year_or_warning(first(get("PY"), get("EA")), where=origin)
    citation = Citation(
        record_id=record_id,
        source=source,
        title=get("TI"),
        authors=_split(get("AF")) or _split(get("AU")),
        year=year,
        journal=get("SO"),
        journal_abbrev=first(get("JI"), get("J9")),
        volume=get("VL"),
        issue=get("IS"),
        pages=_range(get("BP"), get("EP"), get("AR")),
        doi=get("DI"),
        pmid=get("PM"),
        issn=first(get("SN"), get("EI")),
        abstract=get("AB"),
        publication_type=wos_document_type(get("DT"), get("PT")),
        language=get("LA"),
        keywords=_split(get("DE")),
        origin=origin,
    )
    return citation, warning


def _generic(get: _Row, record_id: str, source: str, origin: str) -> tuple[Citation, str | None]:
    year, warning = year_or_warning(get("year"), where=origin)
    citation = Citation(
        record_id=record_id,
        source=source,
        title=get("title"),
        authors=split_authors(get("authors")),
        year=year,
        journal=get("journal"),
        journal_abbrev=get("journal_abbrev"),
        volume=get("volume"),
        issue=get("issue"),
        pages=get("pages"),
        doi=get("doi"),
        pmid=get("pmid"),
        pmcid=get("pmcid"),
        issn=get("issn"),
        abstract=get("abstract"),
        publication_type=get("publication_type"),
        language=get("language"),
        keywords=_split(get("keywords")),
        origin=origin,
    )
    return citation, warning


_BUILDERS: dict[str, Callable[[_Row, str, str, str], tuple[Citation, str | None]]] = {
    "scopus": _scopus,
    "wos": _wos,
    "generic": _generic,
    "mapped": _generic,
}
