"""The streaming driver: EFetch XML bytes in, one typed item per citation out.

The :class:`~reviewkit.pubmed_xml.splitter.Splitter` cuts the document into
citations; runs of about 16 KB of them are parsed in one ElementTree call
(a run with a broken citation is parsed one by one, to yield every good
citation before the error and to name the broken one's position); each
element then becomes its record before the next run is read.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from reviewkit.errors import ParseError
from reviewkit.pubmed_xml.article import article
from reviewkit.pubmed_xml.book import book
from reviewkit.pubmed_xml.guard import raise_malformed
from reviewkit.pubmed_xml.splitter import ARTICLE, BOOK, DELETE, Entry, Splitter
from reviewkit.pubmed_xml.text import Element, text
from reviewkit.records import PMID, DeletedCitations, PubmedRecord, SkippedRecord

__all__ = ["ParsedItem", "parse_pubmed_file", "parse_pubmed_xml"]

ParsedItem = PubmedRecord | DeletedCitations | SkippedRecord

# Bytes of citations parsed per ElementTree call (a handful of citations);
# larger runs parse more slowly, as the tree outgrows the CPU caches.
_BATCH = 16 * 1024
_WRAPPER_END = b"</_>"
_ENTITY_REF = re.compile(rb"&([^;\s<&]*);?")
_UNDEFINED_ENTITY = expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]


def parse_pubmed_xml(source: bytes | BinaryIO, *, origin: str = "<bytes>") -> Iterator[ParsedItem]:
    """Yield one item per citation in a PubMed EFetch XML document, in file order.

    Args:
        source: The whole document, or a binary stream positioned at its start.
        origin: Where the document came from (file name, URL, batch); it starts
            every error message.

    Yields:
        A :class:`PubmedRecord` per article or book, a :class:`SkippedRecord`
        for a citation without PMID or title, and :class:`DeletedCitations` for
        a ``DeleteCitation`` block.

    Raises:
        UnsafeXML: The document declares entities or external references.
        ParseError: The document is not well-formed or not a ``PubmedArticleSet``;
            the message names ``origin``, line and column.

    >>> xml = b'''<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE">
    ... <PMID Version="1">1</PMID><Article><ArticleTitle>Hair <i>growth</i>.</ArticleTitle>
    ... </Article></MedlineCitation></PubmedArticle></PubmedArticleSet>'''
    >>> [(r.pmid, r.title) for r in parse_pubmed_xml(xml)]
    [('1', 'Hair growth.')]
    """
    stream: BinaryIO = (
        io.BytesIO(source) if isinstance(source, bytes | bytearray | memoryview) else source
    )
    splitter = Splitter(stream, origin)
    position = 0
    for batch in _batches(splitter.items()):
        parsed = _parse_batch(batch, splitter.wrapper)
        # If the run is broken, parse one by one to yield the good citations
        # before the error, and to name the broken one's position.
        elements: Iterable[Element] = (
            parsed
            if parsed is not None
            else (_parse_item(entry, splitter.wrapper, origin) for entry in batch)
        )
        for (tag, _, _, _), elem in zip(batch, elements, strict=True):
            if tag != DELETE:
                position += 1
            yield _convert(elem, tag, position)


def parse_pubmed_file(path: Path) -> Iterator[ParsedItem]:
    """Yield the items of a PubMed XML file; see :func:`parse_pubmed_xml`.

    Raises:
        ParseError: The file cannot be opened or read, or its XML is unusable.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ParseError(f"{path}: cannot open PubMed XML file: {exc.strerror}") from exc
    with handle:
        yield from parse_pubmed_xml(handle, origin=str(path))


def _batches(entries: Iterator[Entry]) -> Iterator[list[Entry]]:
    """Group citations into runs of about ``_BATCH`` bytes.

    One parser call per run instead of per citation saves about a tenth of
    the parse time. A run still pending when the splitter fails is handed on
    before the error, so every citation before it is yielded.
    """
    batch: list[Entry] = []
    size = 0
    try:
        for entry in entries:
            batch.append(entry)
            size += len(entry[1])
            if size >= _BATCH:
                yield batch
                batch, size = [], 0
    except ParseError:
        if batch:
            yield batch
        raise
    if batch:
        yield batch


def _parse_batch(batch: list[Entry], wrapper: bytes) -> list[Element] | None:
    """Parse a run of citations in one go; None if any is broken."""
    try:
        root = ET.fromstring(b"".join([wrapper, *(data for _, data, _, _ in batch), _WRAPPER_END]))
    except ET.ParseError:
        return None
    # Each entry starts with a start tag, so all are well-formed on their own
    # exactly when the run has one child per entry.
    if len(root) != len(batch):
        return None
    return list(root)


def _parse_item(entry: Entry, wrapper: bytes, origin: str) -> Element:
    """Parse one citation; errors name its position in the document."""
    _, data, line, column = entry
    try:
        root = ET.fromstring(b"".join((wrapper, data, _WRAPPER_END)))
    except ET.ParseError:
        pass
    else:
        if len(root) != 1:  # pragma: no cover - the splitter cuts at the first end tag
            raise ParseError(
                f"{origin}: cannot isolate the <{entry[0]}> at line {line}, column {column}"
            )
        return root[0]
    # Locate the error with one final expat pass (namespace-aware, as
    # ElementTree is) and without the stand-in end tag: a citation cut short
    # is then reported where the document ends, at the column a whole-document
    # parse gives, not as a mismatched tag.
    checker = expat.ParserCreate(namespace_separator="}")
    try:
        checker.Parse(wrapper + data, True)
    except expat.ExpatError as exc:
        item_line, item_column = exc.lineno, exc.offset
        reason = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
        if item_line == 1:
            item_column -= len(wrapper)
        if exc.code == _UNDEFINED_ENTITY:
            # Say which entity, as a whole-document parse does.
            offset = -1
            for _ in range(item_line - 1):
                offset = data.find(b"\n", offset + 1)
            found = _ENTITY_REF.match(data, offset + 1 + item_column)
            if found is not None:
                reason = f"undefined entity &{found.group(1).decode(errors='replace')};"
        if item_line == 1:
            item_column += column
        raise_malformed(origin, line + item_line - 1, item_column, reason, exc)
    raise AssertionError("unreachable: the stand-in root is never closed")  # pragma: no cover


def _convert(elem: Element, tag: str, position: int) -> ParsedItem:
    """Turn one parsed top-level element into its item."""
    if tag == ARTICLE:
        return article(elem, position)
    if tag == BOOK:
        return book(elem, position)
    return DeletedCitations(pmids=tuple(PMID(p) for e in elem.findall("PMID") if (p := text(e))))
