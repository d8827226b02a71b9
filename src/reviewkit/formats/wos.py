"""Read Web of Science plain-text ("Full Record") exports into citations.

Pure. The format is a tagged text: an optional ``FN``/``VR`` header, then records
that start with ``PT`` and end with ``ER``, and ``EF`` at the end of the file. Each
line is a two-character tag, a space and a value; a line indented by three spaces
continues the tag above it. Author and address tags (``AU``, ``AF``, ``C1`` …) put
one value on each line; every other tag wraps one long value over several lines.

No maintained Python library reads this with line numbers (``wosfile`` reads
files by name and reports no lines), and the grammar is small, so the scan here
both checks the structure and collects the tags. A stray line, a tag outside a
record or a record with no ``ER`` refuses the whole file with ``file:line``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from reviewkit.errors import ParseError
from reviewkit.formats.fields import clean, first, wos_document_type, year_in, year_or_warning
from reviewkit.formats.model import ParsedFile
from reviewkit.records import Citation

__all__ = ["parse_wos"]

# "TI Title", "ER", "EF": a tag of a capital and a capital or digit, then a space.
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
_CONTINUATION = "   "
_ER_LINE = re.compile(r"^ER(?: |$)", re.MULTILINE)
# Tags whose continuation lines are further values, not a wrapped value.
_ONE_VALUE_PER_LINE = frozenset({"AU", "AF", "BA", "BF", "BE", "CA", "GP", "C1", "C3", "CR", "RP"})
_HEADER_TAGS = frozenset({"FN", "VR", "EF"})


@dataclass(frozen=True, slots=True)
class _Record:
    """One record's tags in file order, each with its values."""

    line: int  # 1-based line of its "PT"
    tags: Mapping[str, tuple[str, ...]]

    def all(self, *tags: str) -> list[str]:
        """Every non-empty value of the tags, in tag order."""
        return [v for tag in tags for v in (clean(x) for x in self.tags.get(tag, ())) if v]

    def one(self, *tags: str) -> str | None:
        """The first non-empty value among the tags."""
        values = self.all(*tags)
        return values[0] if values else None


def parse_wos(text: str, *, file_name: str, source: str) -> ParsedFile:
    """Parse decoded Web of Science plain text into citations.

    Raises:
        ParseError: the text is not well-formed Web of Science plain text; the
            message names ``file:line`` and what was expected there.

    >>> parsed = parse_wos("PT J\\nTI Microneedling\\n   for hair loss\\nPY 2021\\nER\\nEF\\n",
    ...                    file_name="savedrecs.txt", source="wos")
    >>> (parsed.records_in_file, parsed.citations[0].title, parsed.citations[0].year)
    (1, 'Microneedling for hair loss', 2021)
    """
    records = _Scanner(file_name).scan(text)
    citations: list[Citation] = []
    warnings: list[str] = []
    for n, record in enumerate(records, start=1):
        citation, warning = _citation(
            record,
            record_id=f"{source}:{file_name}#{n}",
            source=source,
            origin=f"{file_name}:{record.line}",
        )
        citations.append(citation)
        if warning:
            warnings.append(warning)
    return ParsedFile(
        dialect="wos",
        records_in_file=len(_ER_LINE.findall(text)),
        counted_as='"ER" lines',
        citations=tuple(citations),
        warnings=tuple(warnings),
    )


class _Scanner:
    """Checks the line structure and collects each record's tags."""

    def __init__(self, file_name: str) -> None:
        self._file = file_name
        self._records: list[_Record] = []
        self._tags: dict[str, list[str]] | None = None  # the open record, if any
        self._start = 0  # line of the open record's PT
        self._last: str | None = None  # the tag a continuation line would extend

    def scan(self, text: str) -> list[_Record]:
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue  # Web of Science writes a blank line after every ER
            if line.startswith(_CONTINUATION):
                self._continue(number, line.strip())
                continue
            match = _TAG_LINE.match(line.rstrip())
            if match is None:
                raise ParseError(
                    f"{self._file}:{number}: malformed line {line[:40]!r}; expected a "
                    "two-character tag and a space ('TI …') or a continuation indented "
                    "by three spaces"
                )
            self._tag(number, match.group(1), (match.group(2) or "").strip())
        if self._tags is not None:
            raise ParseError(
                f"{self._file}:{self._start}: the record starting here has no 'ER' before "
                "the end of the file (truncated export?)"
            )
        if not self._records:
            raise ParseError(
                f"{self._file}: no Web of Science record found; expected records that "
                "start with 'PT J' and end with 'ER'"
            )
        return self._records

    def _continue(self, number: int, value: str) -> None:
        if self._tags is None or self._last is None:
            raise ParseError(
                f"{self._file}:{number}: continuation line outside a record {value[:40]!r}; "
                "expected it to follow a tag line between 'PT' and 'ER'"
            )
        values = self._tags[self._last]
        if self._last in _ONE_VALUE_PER_LINE:
            values.append(value)
        else:
            values[-1] = f"{values[-1]} {value}".strip()

    def _tag(self, number: int, tag: str, value: str) -> None:
        if self._tags is None:
            if tag == "PT":
                self._tags, self._start, self._last = {"PT": [value]}, number, "PT"
            elif tag not in _HEADER_TAGS:
                raise ParseError(
                    f"{self._file}:{number}: tag {tag} outside a record; expected 'PT' "
                    "to start a record (or the 'FN'/'VR' header)"
                )
            return
        if tag == "ER":
            self._records.append(
                _Record(line=self._start, tags={k: tuple(v) for k, v in self._tags.items()})
            )
            self._tags, self._last = None, None
        elif tag in ("PT", "EF"):
            does = "starts a record" if tag == "PT" else "ends the file"
            raise ParseError(
                f"{self._file}:{number}: '{tag}' {does}, but the record that started on "
                f"line {self._start} has no 'ER'"
            )
        else:
            self._tags.setdefault(tag, []).append(value)
            self._last = tag


def _split(value: str | None) -> list[str]:
    if value is None:
        return []
    return [part for part in (clean(p) for p in value.split(";")) if part]


def _year(record: _Record, *, where: str) -> tuple[int | None, str | None]:
    # Early-access records have no PY yet; the EA date ("DEC 2021") carries the year.
    year, warning = year_or_warning(first(record.one("PY"), record.one("EA")), where=where)
    if year is None and (from_date := year_in(record.one("PD"))) is not None:
        return from_date, None
    return year, warning


def _pages(record: _Record) -> str | None:
    start, end = record.one("BP"), record.one("EP")
    if start and end and end != start:
        return f"{start}-{end}"
    # Online-only journals number articles (AR) instead of paging them.
    return start or record.one("AR")


def _publication_type(record: _Record) -> str | None:
    return wos_document_type(record.one("DT"), record.one("PT"))


def _citation(
    record: _Record, *, record_id: str, source: str, origin: str
) -> tuple[Citation, str | None]:
    year, warning = _year(record, where=origin)
    # AF holds full names ("Dhurat, Rachita"); records from before 2006 have AU only.
    authors = record.all("AF") or record.all("AU")
    citation = Citation(
        record_id=record_id,
        source=source,
        title=record.one("TI"),
        authors=tuple(authors + record.all("CA", "GP")),
        year=year,
        journal=record.one("SO", "SE"),
        journal_abbrev=record.one("JI", "J9"),
        volume=record.one("VL"),
        issue=record.one("IS"),
        pages=_pages(record),
        # Not D2: that is the book's DOI, shared by every chapter in it.
        doi=record.one("DI"),
        pmid=record.one("PM"),
        issn=record.one("SN", "EI"),
        abstract=record.one("AB"),
        publication_type=_publication_type(record),
        language=record.one("LA"),
        keywords=tuple(_split(record.one("DE")) + _split(record.one("ID"))),
        origin=origin,
    )
    return citation, warning
