"""Read PubMed MEDLINE text (``.nbib`` from "Send to: Citation manager", ``rettype=medline``).

Pure. ``Bio.Medline`` reads the tags; a line check runs first because it files any
stray text under a made-up tag instead of refusing it.
"""

from __future__ import annotations

import io
import re

from Bio import Medline

from reviewkit.errors import ParseError
from reviewkit.formats.fields import clean, first, year_or_warning
from reviewkit.formats.model import ParsedFile
from reviewkit.records import Citation

__all__ = ["parse_medline"]

# "PMID- 1", "TI  - x", "STAT- MEDLINE": a tag of 2-4 characters padded to 4, then "- ".
_TAG_LINE = re.compile(r"^[A-Z][A-Z0-9]{1,3} {0,2}-( |$)")
_CONTINUATION = "      "
_MARKED_ID = re.compile(r"^(\S+)\s+\[(\w+)\]$")


def parse_medline(text: str, *, file_name: str, source: str) -> ParsedFile:
    """Parse decoded MEDLINE text into citations.

    Raises:
        ParseError: a line is neither a tag line nor a continuation, or there is no
            ``PMID-`` line at all; the message names ``file:line``.
    """
    starts = _record_starts(text, file_name=file_name)
    pmid_lines = sum(1 for line in text.split("\n") if line.startswith("PMID-"))
    if not pmid_lines:
        raise ParseError(f"{file_name}: no 'PMID- ' line; expected PubMed MEDLINE text")
    records = list(Medline.parse(io.StringIO(text)))  # type: ignore[no-untyped-call]
    citations: list[Citation] = []
    warnings: list[str] = []
    for n, (record, line) in enumerate(zip(records, starts, strict=False), start=1):
        origin = f"{file_name}:{line}"
        citation, warning = _citation(
            record, record_id=f"{source}:{file_name}#{n}", source=source, origin=origin
        )
        citations.append(citation)
        if warning:
            warnings.append(warning)
    return ParsedFile(
        dialect="pubmed",
        records_in_file=pmid_lines,
        counted_as='"PMID-" lines',
        citations=tuple(citations),
        warnings=tuple(warnings),
    )


def _record_starts(text: str, *, file_name: str) -> list[int]:
    """Check every line and return the line on which each record (block) starts."""
    starts: list[int] = []
    in_block = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            in_block = False
            continue
        if line.startswith(_CONTINUATION) and in_block:
            continue
        if not _TAG_LINE.match(line):
            raise ParseError(
                f"{file_name}:{number}: not a MEDLINE line {line[:40]!r}; expected "
                "'TAG - value' or a continuation indented by six spaces"
            )
        if not in_block:
            starts.append(number)
            in_block = True
    return starts


def _values(record: dict[str, object], tag: str) -> list[str]:
    raw = record.get(tag)
    items = raw if isinstance(raw, list) else [raw]
    return [v for v in (clean(item) for item in items) if v]


def _marked(record: dict[str, object], kind: str) -> str | None:
    """An id from LID/AID lines such as ``10.4103/x [doi]``."""
    for value in _values(record, "LID") + _values(record, "AID"):
        match = _MARKED_ID.match(value)
        if match and match.group(2) == kind:
            return match.group(1)
    return None


def _citation(
    record: dict[str, object], *, record_id: str, source: str, origin: str
) -> tuple[Citation, str | None]:
    def one(*tags: str) -> str | None:
        return first(*(v for tag in tags for v in _values(record, tag)))

    year, warning = year_or_warning(one("DP"), where=origin)
    # AU ("Dhurat R") is the form PubMed citations use; FAU only when AU is absent.
    authors = _values(record, "AU") or _values(record, "FAU")
    issn = one("IS")
    citation = Citation(
        record_id=record_id,
        source=source,
        title=one("TI", "BTI"),
        authors=tuple(authors + _values(record, "CN")),
        year=year,
        journal=one("JT"),
        journal_abbrev=one("TA"),
        volume=one("VI"),
        issue=one("IP"),
        pages=one("PG"),
        doi=_marked(record, "doi"),
        pmid=one("PMID"),
        pmcid=one("PMC"),
        issn=issn.split(" (", 1)[0] if issn else None,
        abstract=one("AB"),
        publication_type="; ".join(_values(record, "PT")) or None,
        language=one("LA"),
        keywords=tuple(_values(record, "OT") + _values(record, "MH")),
        origin=origin,
    )
    return citation, warning
