"""Read other databases' exports (RIS, MEDLINE, BibTeX, CSV, EndNote XML, WoS) into citations.

:func:`parse_export` is pure: bytes in, :class:`ImportResult` out. :func:`read_export`
is the only function here that touches the disk. Storage, the import ledger and the
CLI are the caller's business.

Every record in a file ends up either in ``citations`` or in ``skipped`` (with where
and why); a malformed file raises :class:`~reviewkit.errors.ParseError` naming the
place, and nothing from it is imported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from reviewkit.errors import ParseError
from reviewkit.formats import bibtex, endnote_xml, medline, ris, tabular, wos
from reviewkit.formats.detect import FORMATS, decode, detect_format
from reviewkit.formats.model import ImportResult, ParsedFile, Skipped

__all__ = ["FORMATS", "ImportResult", "Skipped", "parse_export", "read_export"]


def read_export(
    path: Path,
    *,
    source: str,
    fmt: str | None = None,
    column_map: Mapping[str, str] | None = None,
) -> ImportResult:
    """Read an exported file and parse it with :func:`parse_export`.

    Raises:
        ParseError: the file cannot be read or is not a well-formed export.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"{path}: cannot read the export: {exc.strerror or exc}") from exc
    return parse_export(data, file_name=path.name, source=source, fmt=fmt, column_map=column_map)


def parse_export(
    data: bytes,
    *,
    file_name: str,
    source: str,
    fmt: str | None = None,
    column_map: Mapping[str, str] | None = None,
) -> ImportResult:
    """Parse an exported file's bytes into citations.

    Args:
        data: the file as it was exported.
        file_name: its name, used in record ids, origins and error messages.
        source: the database it came from (``embase``, ``scopus`` …); the record ids
            are ``f"{source}:{file_name}#{n}"`` with ``n`` the record's number in the file.
        fmt: one of :data:`FORMATS`; detected from content and extension when None.
        column_map: for CSV only, ``{our_field: their_column}``.

    Raises:
        ParseError: unknown format, undecodable or malformed file; the message names
            ``file:line`` where known.
    """
    text, encoding = decode(data, file_name=file_name)
    if fmt is None:
        fmt = detect_format(text, file_name=file_name)
    if fmt not in FORMATS:
        raise ParseError(
            f"{file_name}: unknown format {fmt!r}; expected one of {', '.join(FORMATS)}"
        )
    if column_map is not None and fmt != "csv":
        raise ParseError(f"{file_name}: a column map applies to CSV only, not to {fmt}")
    parsed = _parse(text, fmt=fmt, file_name=file_name, source=source, column_map=column_map)
    warnings = list(parsed.warnings)
    accounted = len(parsed.citations) + len(parsed.skipped)
    if accounted != parsed.records_in_file:
        warnings.append(
            f"{file_name}: the file holds {parsed.records_in_file} records by its "
            f"{parsed.counted_as}, but {len(parsed.citations)} were read and "
            f"{len(parsed.skipped)} skipped ({accounted - parsed.records_in_file:+d})"
        )
    return ImportResult(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        dialect=parsed.dialect,
        encoding=encoding,
        records_in_file=parsed.records_in_file,
        citations=parsed.citations,
        skipped=parsed.skipped,
        warnings=tuple(warnings),
    )


def _parse(
    text: str,
    *,
    fmt: str,
    file_name: str,
    source: str,
    column_map: Mapping[str, str] | None,
) -> ParsedFile:
    if fmt == "ris":
        return ris.parse_ris(text, file_name=file_name, source=source)
    if fmt == "medline":
        return medline.parse_medline(text, file_name=file_name, source=source)
    if fmt == "bibtex":
        return bibtex.parse_bibtex(text, file_name=file_name, source=source)
    if fmt == "csv":
        return tabular.parse_table(text, file_name=file_name, source=source, column_map=column_map)
    if fmt == "wos":
        return wos.parse_wos(text, file_name=file_name, source=source)
    return endnote_xml.parse_endnote_xml(text, file_name=file_name, source=source)
