"""Read EndNote XML exports (``<xml><records><record>``) into citations.

Pure; parsed with defusedxml, so entity tricks are refused as
:class:`~reviewkit.errors.UnsafeXML`. EndNote splits text into ``<style>`` runs,
which are joined. The ``caption`` and ``label`` fields are never read: libraries
use them for reviewer notes (in the copper and tafenoquine benchmark sets they hold
the gold duplicate labels).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from reviewkit.errors import ParseError, UnsafeXML
from reviewkit.formats.fields import (
    clean,
    doi_in,
    first,
    pmcid_in,
    pmid_in,
    split_lines,
    year_or_warning,
)
from reviewkit.formats.model import ParsedFile
from reviewkit.records import Citation

__all__ = ["parse_endnote_xml"]

_RECORD_TAG = re.compile(r"<record[\s>]")
_NUMERIC = re.compile(r"^\d{1,9}$")


def parse_endnote_xml(text: str, *, file_name: str, source: str) -> ParsedFile:
    """Parse a decoded EndNote XML export into citations.

    Raises:
        UnsafeXML: the file declares entities or external references.
        ParseError: the XML is malformed (the message names the line) or is not an
            EndNote ``<xml><records>`` export.
    """
    try:
        root = SafeET.fromstring(text)
    except DefusedXmlException as exc:
        raise UnsafeXML(f"{file_name}: refused unsafe XML ({exc})") from exc
    except ET.ParseError as exc:
        line, column = exc.position
        raise ParseError(f"{file_name}:{line}: malformed XML at column {column}: {exc}") from exc
    records = root.find("records")
    if root.tag != "xml" or records is None:
        raise ParseError(
            f"{file_name}: root element <{root.tag}> is not an EndNote export; "
            "expected <xml><records><record>…"
        )
    citations: list[Citation] = []
    warnings: list[str] = []
    for n, record in enumerate(records.findall("record"), start=1):
        citation, warning = _citation(
            record,
            record_id=f"{source}:{file_name}#{n}",
            source=source,
            origin=f"{file_name} record {n}",
        )
        citations.append(citation)
        if warning:
            warnings.append(warning)
    return ParsedFile(
        dialect="endnote",
        records_in_file=len(_RECORD_TAG.findall(text)),
        counted_as="<record> elements",
        citations=tuple(citations),
        warnings=tuple(warnings),
    )


def _text(record: ET.Element, path: str) -> str | None:
    """The element's text with all ``<style>`` runs joined, or None."""
    element = record.find(path)
    return None if element is None else clean("".join(element.itertext()))


def _texts(record: ET.Element, path: str) -> tuple[str, ...]:
    values = (clean("".join(e.itertext())) for e in record.findall(path))
    return tuple(v for v in values if v)


def _first_line(value: str | None) -> str | None:
    lines = split_lines(value)
    return lines[0] if lines else None


def _pmid(record: ET.Element) -> str | None:
    accession = _text(record, "accession-num")
    database = _text(record, "remote-database-name")
    # A bare number is a PMID in PubMed exports; Embase numbers its own records.
    if accession and _NUMERIC.match(accession) and not database:
        return accession
    # Embase exports put the MEDLINE PMID of a record in custom5.
    custom5 = _text(record, "custom5")
    if custom5 and _NUMERIC.match(custom5) and database and "embase" in database.lower():
        return custom5
    return pmid_in([_text(record, "custom3"), *_texts(record, "urls/related-urls/url")])


def _citation(
    record: ET.Element, *, record_id: str, source: str, origin: str
) -> tuple[Citation, str | None]:
    year, warning = year_or_warning(_text(record, "dates/year"), where=origin)
    ref_type = record.find("ref-type")
    issn = _first_line(_text(record, "isbn"))
    urls = _texts(record, "urls/related-urls/url")
    citation = Citation(
        record_id=record_id,
        source=source,
        title=_text(record, "titles/title"),
        authors=_texts(record, "contributors/authors/author"),
        year=year,
        journal=first(
            _text(record, "titles/secondary-title"), _text(record, "periodical/full-title")
        ),
        journal_abbrev=first(
            _text(record, "periodical/abbr-1"), _text(record, "alt-periodical/abbr-1")
        ),
        volume=_text(record, "volume"),
        issue=_text(record, "number"),
        pages=_text(record, "pages"),
        doi=first(_first_line(_text(record, "electronic-resource-num")), doi_in(urls)),
        pmid=_pmid(record),
        pmcid=pmcid_in([_text(record, "custom2")]),
        issn=issn.split(" (", 1)[0] if issn else None,
        abstract=_text(record, "abstract"),
        # Embase's work-type ("Conference Abstract", "Erratum") is finer than ref-type.
        publication_type=first(
            _text(record, "work-type"), ref_type.get("name") if ref_type is not None else None
        ),
        language=_text(record, "language"),
        keywords=_texts(record, "keywords/keyword"),
        origin=origin,
    )
    return citation, warning
