"""What an import produces: the citations, the records left out, and why.

Pure values, shared by every format parser; :mod:`reviewkit.formats` re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewkit.records import Citation

__all__ = ["ImportResult", "ParsedFile", "Skipped"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Skipped:
    """A record in the file that was not imported.

    ``where`` is ``"file.ris:120"`` or ``"file.csv row 7"``; ``reason`` says why.
    """

    where: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedFile:
    """What one format parser found in a decoded file, before the file facts are added.

    ``records_in_file`` is counted without the parser (``counted_as`` names what was
    counted, e.g. ``'"TY  -" lines'``), so a parser that loses records shows up as a
    count mismatch rather than silently.
    """

    dialect: str | None
    records_in_file: int
    counted_as: str
    citations: tuple[Citation, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportResult:
    """Everything read from one exported file.

    Every record in the file is either in ``citations`` or in ``skipped``; when the
    independent count ``records_in_file`` disagrees, ``warnings`` says by how much.
    """

    file_name: str
    sha256: str
    format: str
    dialect: str | None
    encoding: str
    records_in_file: int
    citations: tuple[Citation, ...]
    skipped: tuple[Skipped, ...]
    warnings: tuple[str, ...]
