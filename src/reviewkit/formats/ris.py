"""Read RIS exports (Embase/Ovid, Scopus, Web of Science, CENTRAL, EndNote) into citations.

Pure. A structural check with line numbers runs first, because rispy skips text it
does not understand: a tag outside a record, a record with no ``ER  -`` or a
malformed tag line refuses the whole file. rispy then reads the tags; this module
maps them to :class:`~reviewkit.records.Citation` fields, the same way for every
database, with the identifiers some databases hide in URLs and notes recovered.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import rispy

from reviewkit.errors import ParseError
from reviewkit.formats.fields import clean, doi_in, first, pmcid_in, pmid_in, year_or_warning
from reviewkit.formats.model import ParsedFile
from reviewkit.records import Citation

__all__ = ["parse_ris"]

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
# Almost a tag line: wrong spacing around the dash ("TI - x", "TI-  x").
_BAD_TAG_LINE = re.compile(r"^[A-Z][A-Z0-9] ?-{1,2} ?\S")
_NUMERIC = re.compile(r"^\d{1,9}$")


@dataclass(frozen=True, slots=True)
class _Scan:
    starts: tuple[int, ...]  # 1-based line of each "TY  -"
    text: str  # one line per tag: continuation lines joined, blank lines dropped
    tags: frozenset[str]


def parse_ris(text: str, *, file_name: str, source: str) -> ParsedFile:
    """Parse decoded RIS text into citations.

    Raises:
        ParseError: the file is not well-formed RIS; the message names ``file:line``.
    """
    scan = _scan(text, file_name=file_name)
    identity = {tag: tag for tag in scan.tags}
    raw_records = rispy.loads(
        scan.text,
        mapping=identity,
        list_tags=sorted(scan.tags),
        delimiter_tags_mapping={},
        skip_unknown_tags=False,
    )
    records = [_Tags(raw) for raw in raw_records]
    dialects = Counter(d for d in (_dialect_of(r) for r in records) if d)
    dialect = dialects.most_common(1)[0][0] if dialects else "generic"
    citations: list[Citation] = []
    warnings: list[str] = []
    for n, (record, line) in enumerate(zip(records, scan.starts, strict=False), start=1):
        citation, warning = _citation(
            record,
            record_id=f"{source}:{file_name}#{n}",
            source=source,
            origin=f"{file_name}:{line}",
        )
        citations.append(citation)
        if warning:
            warnings.append(warning)
    return ParsedFile(
        dialect=dialect,
        records_in_file=len(scan.starts),
        counted_as='"TY  -" lines',
        citations=tuple(citations),
        warnings=tuple(warnings),
    )


def _scan(text: str, *, file_name: str) -> _Scan:
    """Check the record structure line by line and flatten continuation lines."""
    out: list[str] = []
    starts: list[int] = []
    tags: set[str] = set()
    start = 0  # line of the open record's TY, 0 when outside a record
    for number, line in enumerate(text.split("\n"), start=1):
        match = _TAG_LINE.match(line)
        if match is None:
            if line.strip():
                _check_continuation(line, number=number, in_record=bool(start), file_name=file_name)
                out[-1] = f"{out[-1]} {line.strip()}"  # a wrapped value continues the last tag
            continue
        tag = match.group(1)
        if tag == "TY":
            if start:
                raise ParseError(
                    f"{file_name}:{number}: 'TY  -' starts a record, but the record that "
                    f"started on line {start} has no 'ER  -'"
                )
            start = number
            starts.append(number)
        elif not start:
            raise ParseError(
                f"{file_name}:{number}: tag {tag} outside a record; "
                "every record must start with 'TY  - '"
            )
        elif tag == "ER":
            start = 0
        tags.add(tag)
        out.append(line.rstrip())
    _check_end(start, found=bool(starts), file_name=file_name)
    return _Scan(starts=tuple(starts), text="\n".join(out) + "\n", tags=frozenset(tags))


def _check_continuation(line: str, *, number: int, in_record: bool, file_name: str) -> None:
    """A non-blank line that is not a tag line must continue a value inside a record."""
    if _BAD_TAG_LINE.match(line):
        raise ParseError(
            f"{file_name}:{number}: malformed tag line {line[:40]!r}; "
            "expected two characters, two spaces, a dash and a space ('TI  - …')"
        )
    if not in_record:
        raise ParseError(
            f"{file_name}:{number}: text outside a record {line[:40]!r}; "
            "expected 'TY  - ' to start a record"
        )


def _check_end(start: int, *, found: bool, file_name: str) -> None:
    """At the end of the file no record may be open (``start``), and one must have been seen."""
    if start:
        raise ParseError(
            f"{file_name}:{start}: the record starting here has no 'ER  -' before the end of "
            "the file (truncated export?)"
        )
    if not found:
        raise ParseError(f"{file_name}: no RIS record found; expected lines such as 'TY  - JOUR'")


class _Tags:
    """One rispy record (tag → list of values) with cleaned access."""

    __slots__ = ("_raw",)

    def __init__(self, raw: dict[str, object]) -> None:
        self._raw = raw

    def all(self, *tags: str) -> list[str]:
        """Every non-empty value of the tags, in tag order."""
        values: list[str] = []
        for tag in tags:
            raw = self._raw.get(tag)
            items = raw if isinstance(raw, list) else [raw]
            values.extend(v for v in (clean(item) for item in items) if v)
        return values

    def one(self, *tags: str) -> str | None:
        """The first non-empty value among the tags."""
        values = self.all(*tags)
        return values[0] if values else None


def _dialect_of(record: _Tags) -> str | None:
    """Which database wrote the record, from the marks each one leaves."""
    db = " ".join(record.all("DB", "DP")).lower()
    ids = record.all("AN", "ID", "U2")
    urls = " ".join(record.all("UR", "L2", "LK")).lower()
    if "embase" in db or "ovid" in db or "embase.com" in urls or "ovid.com" in urls:
        return "ovid-embase"
    if "scopus" in db or "scopus.com" in urls or any(i.startswith("2-s2.0-") for i in ids):
        return "scopus"
    if "web of science" in db or any(i.upper().startswith("WOS:") for i in ids):
        return "wos"
    if "cochrane" in db or "cochranelibrary" in urls or any(i.startswith("CN-") for i in ids):
        return "central"
    return None


def _pages(record: _Tags) -> str | None:
    start, end = record.one("SP"), record.one("EP")
    if start and end and end != start:
        return f"{start}-{end}"
    # Scopus gives e-only articles an article number (C7) instead of pages.
    return start or record.one("C7")


def _pmid(record: _Tags) -> str | None:
    db = " ".join(record.all("DB", "DP")).lower()
    accession = record.one("AN")
    # Ovid MEDLINE's accession number is the PMID; Embase's is its own number.
    medline = "medline" in db or "pubmed" in db
    if accession and _NUMERIC.match(accession) and medline and "embase" not in db:
        return accession
    # Embase.com exports put the MEDLINE PMID of an Embase record in C5.
    embase_pmid = record.one("C5")
    if embase_pmid and _NUMERIC.match(embase_pmid) and _dialect_of(record) == "ovid-embase":
        return embase_pmid
    return pmid_in(record.all("AN", "C3", "M1", "C1", "N1", "UR", "L2", "LK"))


def _citation(
    record: _Tags, *, record_id: str, source: str, origin: str
) -> tuple[Citation, str | None]:
    year, warning = year_or_warning(record.one("PY", "Y1", "DA"), where=origin)
    journal = record.one("JF", "T2", "JO")
    abbrev = record.one("JA", "J2", "J1", "J9", "JI")
    if abbrev is None and record.one("JF", "T2") and record.one("JO") != journal:
        abbrev = record.one("JO")
    issn = record.one("SN")
    citation = Citation(
        record_id=record_id,
        source=source,
        title=record.one("TI", "T1", "CT", "BT"),
        authors=tuple(record.all("AU", "A1")),
        year=year,
        journal=journal,
        journal_abbrev=abbrev,
        volume=record.one("VL"),
        issue=record.one("IS"),
        pages=_pages(record),
        doi=first(record.one("DO"), doi_in(record.all("L2", "UR", "LK", "M1", "N1", "C1"))),
        pmid=_pmid(record),
        pmcid=pmcid_in(record.all("C2", "M1", "N1")),
        issn=issn,
        abstract=record.one("AB", "N2"),
        # Embase's M3 ("Conference Abstract", "Erratum") is finer than TY; keep it verbatim.
        publication_type=record.one("M3", "TY"),
        language=record.one("LA"),
        keywords=tuple(record.all("KW")),
        origin=origin,
    )
    return citation, warning
