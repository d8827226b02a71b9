"""Stream PubMed EFetch XML (``PubmedArticleSet``) into typed records.

Pure: reads only the bytes or binary stream it is given and never touches the
network. Parsing is incremental and memory stays flat however large the file:
the stream is read in chunks, cut at the top-level ``PubmedArticle`` /
``PubmedBookArticle`` / ``DeleteCitation`` tags with ``bytes.find``, and each
citation is parsed on its own by ElementTree's C parser and turned into a
:class:`~reviewkit.records.PubmedRecord` before the next is read. Compared with
a pull parser this avoids ~100 Python-level events per citation.

Safety: a small expat "guard" reads the prolog before anything else and
refuses any entity declaration (billion laughs, ``SYSTEM "file:///…"``) with
:class:`~reviewkit.errors.UnsafeXML`. NCBI's own ``<!DOCTYPE … PUBLIC …>``
line has no internal subset and passes; the DTD it names is never fetched.
Citations are parsed without the prolog, so an entity reference in one is
undefined and rejected.

Because parsing streams, a truncated document yields its complete records
before :class:`~reviewkit.errors.ParseError` is raised; callers that must not
act on a partial batch check the body first with :func:`pubmed_xml_is_complete`.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO, NoReturn
from xml.parsers import expat

from reviewkit.errors import ParseError, UnsafeXML
from reviewkit.records import (
    PMID,
    AbstractSection,
    Author,
    DeletedCitations,
    Journal,
    Link,
    MeshHeading,
    MeshQualifier,
    PubDate,
    PubmedRecord,
    SkippedRecord,
    normalise_doi,
)

__all__ = ["ParsedItem", "parse_pubmed_file", "parse_pubmed_xml", "pubmed_xml_is_complete"]

ParsedItem = PubmedRecord | DeletedCitations | SkippedRecord

Element = ET.Element

_ROOT = "PubmedArticleSet"
_ARTICLE = "PubmedArticle"
_BOOK = "PubmedBookArticle"
_DELETE = "DeleteCitation"
# 64 KiB holds a dozen citations: few refills, and memory still flat.
_CHUNK = 64 * 1024
# Bytes of citations parsed per ElementTree call (a handful of citations).
_BATCH = 16 * 1024

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
# Month and day spellings PubMed uses, with their two-digit ISO form; anything
# else ("Sept", " 6 ") takes the general path in _ymd.
_MONTH_FAST = {
    spelling: (number, f"{number:02d}")
    for number in range(1, 13)
    for spelling in (str(number), f"{number:02d}", _MONTH_NAMES[number - 1].title())
}
_DAY_FAST = {
    spelling: (number, f"{number:02d}")
    for number in range(1, 32)
    for spelling in (str(number), f"{number:02d}")
}
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])", re.IGNORECASE)

# Top-level splitting. XML whitespace is exactly these four bytes.
_WHITESPACE = b" \t\r\n"
_SKIP_WHITESPACE = re.compile(rb"[ \t\r\n]*")
_ITEM_START = re.compile(rb"<(PubmedArticle|PubmedBookArticle|DeleteCitation)[ \t\r\n/>]")
_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")
_ROOT_CLOSE = b"</PubmedArticleSet"
_ROOT_END = re.compile(rb"</PubmedArticleSet[ \t\r\n]*>")
_XMLNS = re.compile(rb"""\sxmlns:[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*')""")
_WRAPPER_END = b"</_>"
_TAG_NAME = re.compile(rb"<(/?[^\s/>]*)")
_ENTITY_REF = re.compile(rb"&([^;\s<&]*);?")
# Longest lookahead the dispatch needs: "</PubmedArticleSet" plus one byte.
_LOOKAHEAD = 20
_ASCII_COMPATIBLE = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
_UNDEFINED_ENTITY = expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]


# --------------------------------------------------------------------------- entry points


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
    splitter = _Splitter(stream, origin)
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
            if tag != _DELETE:
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


def pubmed_xml_is_complete(data: bytes, *, origin: str = "<bytes>") -> None:
    """Check that ``data`` is one whole, safe ``PubmedArticleSet`` document.

    Runs expat without building a tree (a few hundred MB/s), so an HTTP client
    can cheaply decide whether a body was truncated and the request should be
    retried.

    Raises:
        UnsafeXML: The document declares entities or external references.
        ParseError: The document is empty, truncated, not well-formed, or its
            root element is not ``PubmedArticleSet``.

    >>> pubmed_xml_is_complete(b"<PubmedArticleSet></PubmedArticleSet>")
    >>> pubmed_xml_is_complete(b"<PubmedArticleSet><PubmedArticle>", origin="batch 3")
    Traceback (most recent call last):
    ...
    reviewkit.errors.ParseError: batch 3: XML ends early or is malformed at line 1, column 33: \
no element found
    """
    guard = _PrologGuard(origin, stop_at_root=False)
    guard.feed(data)
    guard.close()


# --------------------------------------------------------------------------- XML plumbing


class _RootReached(Exception):
    """Internal signal: the guard has seen the root element and can stop."""


class _PrologGuard:
    """An expat pass over the prolog that refuses entities and checks the root.

    No tree is built, so it also serves as the fast whole-document check.
    """

    def __init__(self, origin: str, *, stop_at_root: bool) -> None:
        self.origin = origin
        self.active = True
        self.root_index = -1  # byte offset of "<PubmedArticleSet", once seen
        self.encoding: str | None = None
        self._stop_at_root = stop_at_root
        self._parser = expat.ParserCreate()
        # Never read the external DTD subset or parameter entities.
        self._parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self._parser.EntityDeclHandler = self._refuse_entity
        self._parser.UnparsedEntityDeclHandler = self._refuse_unparsed
        self._parser.ExternalEntityRefHandler = self._refuse_external
        self._parser.StartElementHandler = self._on_root
        # With an external DTD declared, expat skips undefined entities instead
        # of failing; the tree builder rejects them, so this check must too.
        self._parser.SkippedEntityHandler = self._refuse_undefined
        if stop_at_root:
            # Citations are parsed without the prolog, so declarations that
            # would change their content cannot be honoured.
            self._parser.XmlDeclHandler = self._on_xml_declaration
            self._parser.AttlistDeclHandler = self._refuse_attribute_default

    def feed(self, data: bytes) -> None:
        self._parse(data, final=False)

    def close(self) -> None:
        self._parse(b"", final=True)

    def _parse(self, data: bytes, *, final: bool) -> None:
        try:
            self._parser.Parse(data, final)
        except _RootReached:
            self.active = False
        except expat.ExpatError as exc:
            reason = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
            _raise_malformed(self.origin, exc.lineno, exc.offset, reason, exc)

    def _where(self) -> str:
        return f"line {self._parser.CurrentLineNumber}, column {self._parser.CurrentColumnNumber}"

    def _refuse_entity(self, name: str, is_parameter: int, *_rest: object) -> None:
        kind = "parameter entity" if is_parameter else "entity"
        raise UnsafeXML(
            f"{self.origin}: the DOCTYPE declares {kind} {name!r} at {self._where()}; "
            "PubMed XML declares no entities, and entity declarations are refused "
            "(entity-expansion and external-entity attacks)"
        )

    def _refuse_unparsed(self, name: str, *_rest: object) -> None:
        self._refuse_entity(name, 0)

    def _refuse_external(
        self, context: str | None, base: str | None, system_id: str | None, public_id: str | None
    ) -> int:
        raise UnsafeXML(
            f"{self.origin}: external reference {system_id!r} at {self._where()} refused"
        )

    def _refuse_undefined(self, name: str, _is_parameter: int) -> None:
        raise ParseError(
            f"{self.origin}: XML ends early or is malformed at {self._where()}: "
            f"undefined entity &{name};"
        )

    def _on_xml_declaration(self, _version: str, encoding: str | None, _standalone: int) -> None:
        self.encoding = encoding

    def _refuse_attribute_default(
        self, element: str, attribute: str, _type: str, default: str | None, _required: int
    ) -> None:
        if default is not None:
            raise ParseError(
                f"{self.origin}: the DOCTYPE gives <{element}> a default {attribute!r} at "
                f"{self._where()}; PubMed XML declares no attribute defaults, and they "
                "are not supported"
            )

    def _on_root(self, name: str, _attributes: object) -> None:
        if name != _ROOT:
            raise ParseError(
                f"{self.origin}: expected root element <{_ROOT}> (PubMed EFetch XML), "
                f"found <{name}> at {self._where()}"
            )
        self.root_index = self._parser.CurrentByteIndex
        # Past the root no declaration can appear, so the guard's work is done.
        self._parser.StartElementHandler = None
        if self._stop_at_root:
            raise _RootReached


def _raise_malformed(
    origin: str, line: int | None, column: int | None, reason: str, exc: Exception | None
) -> NoReturn:
    raise ParseError(
        f"{origin}: XML ends early or is malformed at line {line}, column {column}: {reason}"
    ) from exc


class _Splitter:
    """Cut a ``PubmedArticleSet`` byte stream into its top-level elements.

    Positions are tracked as absolute line numbers and byte columns (expat's
    convention), so an error found while parsing one citation on its own is
    reported where it is in the document.
    """

    def __init__(self, stream: BinaryIO, origin: str) -> None:
        self._stream = stream
        self._origin = origin
        self._data = b""
        self._base = 0  # absolute offset of _data[0]
        self._eof = False
        # Line accounting: newlines before _data[_mark] are counted.
        self._mark = 0
        self._line = 1
        self._line_start = 0  # absolute offset of the current line's first byte
        self._multibyte = 0  # bytes beyond one per character on this line, up to _mark
        # The XML declaration, when the document is not UTF-8, so that
        # ElementTree decodes citations as it would the whole document.
        self._declaration = b""
        self.wrapper = b"<_>"

    # ----------------------------------------------------------------- buffer

    def _read(self) -> bytes:
        try:
            return self._stream.read(_CHUNK)
        except OSError as exc:
            raise ParseError(f"{self._origin}: cannot read PubMed XML: {exc}") from exc

    def _more(self, keep: int) -> int:
        """Append a chunk, dropping the bytes before ``keep``; return how many were dropped.

        At the end of the stream, sets ``_eof`` and changes nothing.
        """
        chunk = self._read()
        if not chunk:
            self._eof = True
            return 0
        self._locate(keep)  # count the newlines about to be dropped
        self._data = self._data[keep:] + chunk
        self._base += keep
        self._mark = 0
        return keep

    def _locate(self, pos: int) -> tuple[int, int]:
        """Line and column of ``_data[pos]`` (``pos`` never moves backwards).

        Columns count characters, as expat's do, not bytes.
        """
        data = self._data
        start = self._mark
        count = data.count(b"\n", start, pos)
        if count:
            self._line += count
            start = data.rfind(b"\n", start, pos) + 1
            self._line_start = self._base + start
            self._multibyte = 0
        segment = data[start:pos]
        if not segment.isascii():
            self._multibyte += len(segment) - len(segment.decode("utf-8", "replace"))
        self._mark = pos
        return self._line, self._base + pos - self._line_start - self._multibyte

    def _fail(self, pos: int, message: str) -> NoReturn:
        line, column = self._locate(pos)
        raise ParseError(f"{self._origin}: {message} at line {line}, column {column}")

    def _malformed(self, pos: int, reason: str) -> NoReturn:
        line, column = self._locate(pos)
        _raise_malformed(self._origin, line, column, reason, None)

    def _find(self, pos: int, start: int, marker: bytes) -> tuple[int, int]:
        """Find ``marker`` at or after ``start``, reading on; keep bytes from ``pos``.

        Returns the (possibly shifted) ``pos`` and the marker's offset, or -1
        at the end of the stream.
        """
        while True:
            found = self._data.find(marker, start)
            if found >= 0 or self._eof:
                return pos, found
            # Rescan only the tail that could hold a marker cut by the chunk edge.
            start = max(pos, len(self._data) - len(marker) + 1)
            shift = self._more(pos)
            pos, start = pos - shift, start - shift

    # ----------------------------------------------------------------- document

    def _prolog(self) -> int:
        """Run the guard up to the root element; return the root's offset in ``_data``."""
        guard = _PrologGuard(self._origin, stop_at_root=True)
        while guard.active:
            size = len(self._data)
            self._more(0)
            if self._eof:
                guard.close()  # raises: there is no root element
            guard.feed(self._data[size:])
        encoding = (guard.encoding or "utf-8").lower()
        if self._data.startswith((b"\xff\xfe", b"\xfe\xff")) or encoding.startswith(
            ("utf-16", "utf-32")
        ):
            raise ParseError(
                f"{self._origin}: PubMed XML in UTF-16 or UTF-32 is not supported; "
                "expected UTF-8, which is what NCBI sends"
            )
        if encoding not in _ASCII_COMPATIBLE:
            self._declaration = f'<?xml version="1.0" encoding="{encoding}"?>'.encode()
        return guard.root_index

    def items(self) -> Iterator[tuple[str, bytes, int, int]]:
        """Yield ``(tag, element bytes, line, column)`` per top-level element, in order."""
        pos = self._prolog()
        pos, _ = self._find(pos, pos, b">")  # the guard has seen the whole start tag
        root = _START_TAG.match(self._data, pos)
        if root is None:  # pragma: no cover - expat accepted this start tag
            self._malformed(pos, f"unreadable <{_ROOT}> start tag")
        # Citations are parsed inside a stand-in root that carries the real
        # root's namespace prefixes (and the document's encoding).
        self.wrapper = b"".join(
            [self._declaration, b"<_", *_XMLNS.findall(self._data, pos, root.end()), b">"]
        )
        pos = root.end()
        if root.group(1):  # <PubmedArticleSet/>
            self._check_tail(pos)
            return
        while True:
            data = self._data
            pos = _SKIP_WHITESPACE.match(data, pos).end()  # type: ignore[union-attr]
            if pos + _LOOKAHEAD > len(data) and not self._eof:
                pos -= self._more(pos)
                continue
            item = _ITEM_START.match(data, pos)
            if item is not None:
                line, column = self._locate(pos)
                name = item.group(1)
                pos, element = self._cut(pos, name)
                yield name.decode(), element, line, column
            elif pos == len(data):
                self._malformed(pos, "no element found")
            elif data[pos] != 0x3C:  # "<"
                self._fail(
                    pos,
                    f"expected only whitespace between the citations of <{_ROOT}>, found text",
                )
            elif data.startswith(b"<!--", pos):
                pos = self._skip(pos, b"<!--", b"-->")[1]
            elif data.startswith(b"<?", pos):
                pos = self._skip(pos, b"<?", b"?>")[1]
            elif data.startswith(_ROOT_CLOSE, pos):
                pos, end = self._skip(pos, b"", b">")
                if _ROOT_END.fullmatch(self._data, pos, end) is None:
                    self._fail(pos, f"expected </{_ROOT}>, found a longer end tag")
                self._check_tail(end)
                return
            else:
                found = _TAG_NAME.match(data, pos)
                name = found.group(1).decode(errors="replace") if found else ""
                self._fail(
                    pos,
                    f"expected <{_ARTICLE}>, <{_BOOK}> or <{_DELETE}> in <{_ROOT}>, found <{name}>",
                )

    def _skip(self, pos: int, opening: bytes, marker: bytes) -> tuple[int, int]:
        """Return ``pos`` (shifted if more was read) and the offset just past ``marker``.

        ``opening`` is the construct's start (``<!--``), which ``marker`` may not overlap.
        """
        pos, found = self._find(pos, pos + len(opening), marker)
        if found < 0:
            self._malformed(len(self._data), "unclosed token")
        return pos, found + len(marker)

    def _cut(self, pos: int, name: bytes) -> tuple[int, bytes]:
        """Return the end offset and bytes of the element whose start tag is at ``pos``.

        An element left open at the end of the stream runs to it; the parser
        then reports where it breaks off.
        """
        while (tag := _START_TAG.match(self._data, pos)) is None:
            if self._eof:
                return len(self._data), self._data[pos:]
            pos -= self._more(pos)
        if tag.group(1):  # <PubmedArticle/>
            return tag.end(), self._data[pos : tag.end()]
        close = b"</" + name
        start = tag.end()
        while True:
            pos, found = self._find(pos, start, close)
            after = found + len(close)
            if found >= 0 and after >= len(self._data) and not self._eof:
                shift = self._more(pos)  # need the byte after "</PubmedArticle"
                pos, start = pos - shift, found - shift
                continue
            data = self._data
            if found < 0 or after >= len(data):
                return len(data), data[pos:]
            if data[after] == 0x3E:  # ">"
                return after + 1, data[pos : after + 1]
            if data[after] in _WHITESPACE:  # "</PubmedArticle >"
                pos, end = self._find(pos, after, b">")
                if end < 0:
                    return len(self._data), self._data[pos:]
                return end + 1, self._data[pos : end + 1]
            start = found + 1  # "</PubmedArticleSet", not this element's end tag

    def _check_tail(self, pos: int) -> None:
        """Check that only comments, PIs and whitespace follow the root element."""
        line, column = self._locate(pos)
        prefix = self._declaration + b"<_/>"
        parser = expat.ParserCreate()
        try:
            parser.Parse(prefix, False)
            parser.Parse(self._data[pos:], False)
            while chunk := self._read():
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            if exc.lineno == 1:
                column += exc.offset - len(prefix)
            else:
                column = exc.offset
            reason = expat.ErrorString(exc.code)
            _raise_malformed(self._origin, line + exc.lineno - 1, column, reason, exc)


_Entry = tuple[str, bytes, int, int]  # tag, element bytes, line, column


def _batches(entries: Iterator[_Entry]) -> Iterator[list[_Entry]]:
    """Group citations into runs of about ``_BATCH`` bytes.

    One parser call per run instead of per citation saves about a tenth of
    the parse time. A run still pending when the splitter fails is handed on
    before the error, so every citation before it is yielded.
    """
    batch: list[_Entry] = []
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


def _parse_batch(batch: list[_Entry], wrapper: bytes) -> list[Element] | None:
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


def _parse_item(entry: _Entry, wrapper: bytes, origin: str) -> Element:
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
        _raise_malformed(origin, line + item_line - 1, item_column, reason, exc)
    raise AssertionError("unreachable: the stand-in root is never closed")  # pragma: no cover


def _convert(elem: Element, tag: str, position: int) -> ParsedItem:
    """Turn one parsed top-level element into its item."""
    if tag == _ARTICLE:
        return _article(elem, position)
    if tag == _BOOK:
        return _book(elem, position)
    return DeletedCitations(pmids=tuple(PMID(p) for e in elem.findall("PMID") if (p := _text(e))))


# --------------------------------------------------------------------------- text


def _text(elem: Element | None) -> str:
    """Return the element's text with inline markup flattened, whitespace collapsed."""
    if elem is None:
        return ""
    if len(elem):
        parts: list[str] = []
        _gather(elem, parts)
        return " ".join("".join(parts).split())
    text = elem.text
    return " ".join(text.split()) if text else ""


def _opt(elem: Element | None) -> str | None:
    """Like :func:`_text` but None for empty text."""
    if elem is None:
        return None
    if len(elem):
        return _text(elem) or None
    text = elem.text
    return (" ".join(text.split()) or None) if text else None


def _gather(elem: Element, parts: list[str]) -> None:
    if elem.text:
        parts.append(elem.text)
    for child in elem:
        if child.tag.rpartition("}")[2] == "math":
            parts.append(_math_text(child))
        else:
            _gather(child, parts)
        if child.tail:
            parts.append(child.tail)


def _math_text(math: Element) -> str:
    """Reduce MathML to its tokens: ``<mi>V</mi><mo>.</mo>…`` becomes ``V.O2max``.

    Whitespace containing a newline is pretty-printing between MathML tags and
    is dropped; other whitespace (an ``<mtext>`` space) is kept.
    """
    return "".join(t for t in math.itertext() if t.strip() or "\n" not in t)


# --------------------------------------------------------------------------- small values


def _int(raw: str | None) -> int | None:
    if raw is None:
        return None
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _ymd(elem: Element) -> tuple[int | None, int | None, int | None]:
    """Year, month and day of a date element; each None when absent or impossible.

    Months come as names ("Sep") or numbers ("06"); a day must exist in its
    month (PubMed has printed 31 February).
    """
    year = _int(elem.findtext("Year"))
    raw_month = elem.findtext("Month")
    if year is None or raw_month is None:
        return year, None, None
    month = _int(raw_month)
    if month is None:
        month = _MONTHS.get(raw_month.strip()[:3].lower())
    elif not 1 <= month <= 12:
        month = None
    day = _int(elem.findtext("Day"))
    if month is None or day is None:
        return year, month, None
    if day > 28 and not _valid_day(year, month, day):
        return year, month, None
    return year, month, day


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _pub_date(elem: Element | None) -> PubDate:
    if elem is None:
        return PubDate()
    medline_date = _opt(elem.find("MedlineDate"))
    if medline_date is not None:
        # Free text such as "1998 Dec-1999 Jan": only the first year is reliable.
        found = _YEAR.search(medline_date)
        return PubDate(year=int(found.group()) if found else None, medline_date=medline_date)
    year, month, day = _ymd(elem)
    return PubDate(year=year, month=month, day=day, season=_opt(elem.find("Season")))


def _iso_date(elem: Element | None) -> str | None:
    """``2016-11-01`` from Year/Month/Day children (shorter when parts are missing)."""
    if elem is None:
        return None
    # Fast path for the spellings PubMed uses (a record has about six dates):
    # build the string from the text itself instead of parsing and formatting.
    year = elem.findtext("Year")
    if year is not None and len(year) == 4 and year.isdigit() and year.isascii() and year[0] != "0":
        raw_month = elem.findtext("Month")
        if raw_month is None:
            return year
        month = _MONTH_FAST.get(raw_month)
        if month is not None:
            raw_day = elem.findtext("Day")
            if raw_day is None:
                return f"{year}-{month[1]}"
            day = _DAY_FAST.get(raw_day)
            if day is not None:
                if day[0] > 28 and not _valid_day(int(year), month[0], day[0]):
                    return f"{year}-{month[1]}"
                return f"{year}-{month[1]}-{day[1]}"
    return _iso_from_parts(*_ymd(elem))


def _iso_from_parts(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def _orcid(raw: str | None) -> str | None:
    """Bare ``0000-0002-4590-7461`` from a URL, a bare or an unhyphenated ORCID."""
    found = _ORCID.search(raw or "")
    return "-".join(found.groups()).upper() if found else None


def _children_text(parent: Element | None, tag: str) -> tuple[str, ...]:
    if parent is None:
        return ()
    texts = []
    for e in parent.findall(tag):
        # Inlined leaf case of _text: keywords and types are plain text.
        text = _text(e) if len(e) else " ".join(e.text.split()) if e.text else ""
        if text:
            texts.append(text)
    return tuple(texts)


# --------------------------------------------------------------------------- record parts


def _abstract(parent: Element | None) -> tuple[AbstractSection, ...]:
    abstract = parent.find("Abstract") if parent is not None else None
    if abstract is None:
        return ()
    return tuple(
        AbstractSection(text=text, label=e.get("Label") or None, category=e.get("NlmCategory"))
        for e in abstract.findall("AbstractText")
        if (text := _text(e))
    )


def _author(elem: Element) -> Author:
    # One pass over the children: authors are the most numerous part of a record.
    family = given = initials = suffix = collective = orcid = None
    affiliations = []
    for child in elem:
        tag = child.tag
        if tag == "AffiliationInfo":
            if affiliation := _opt(child.find("Affiliation")):
                affiliations.append(affiliation)
            continue
        if tag == "Identifier":
            if orcid is None and child.get("Source", "").upper() == "ORCID":
                orcid = _orcid(child.text)
            continue
        if len(child):
            value = _text(child) or None
        else:  # inlined _opt: names are most of an author
            text = child.text
            value = (" ".join(text.split()) or None) if text else None
        if tag == "LastName":
            family = value
        elif tag == "ForeName":
            given = value
        elif tag == "Initials":
            initials = value
        elif tag == "Suffix":
            suffix = value
        elif tag == "CollectiveName":
            collective = value
    return Author(
        family=family,
        given=given,
        initials=initials,
        suffix=suffix,
        collective=collective,
        orcid=orcid,
        affiliations=tuple(affiliations),
    )


def _authors(author_lists: Iterable[Element]) -> tuple[Author, ...]:
    # ValidYN="N" marks a name NLM recorded as wrong (e.g. corrected by an
    # erratum); the valid spelling is listed too, so only valid names are kept.
    return tuple(
        _author(a)
        for author_list in author_lists
        if author_list.get("Type", "authors") == "authors"
        for a in author_list.findall("Author")
        if a.get("ValidYN") != "N"
    )


def _journal(article: Element) -> Journal:
    pages = None
    pagination = article.find("Pagination")
    if pagination is not None:
        start, end = _opt(pagination.find("StartPage")), _opt(pagination.find("EndPage"))
        pages = _opt(pagination.find("MedlinePgn")) or (
            f"{start}-{end}" if start and end else start
        )
    journal = article.find("Journal")
    if journal is None:
        return Journal(pages=pages)
    issn = journal.find("ISSN")
    issue = journal.find("JournalIssue")
    return Journal(
        title=_opt(journal.find("Title")),
        iso_abbreviation=_opt(journal.find("ISOAbbreviation")),
        issn=_opt(issn),
        issn_type=issn.get("IssnType") if issn is not None else None,
        volume=_opt(issue.find("Volume")) if issue is not None else None,
        issue=_opt(issue.find("Issue")) if issue is not None else None,
        pages=pages,
    )


def _article_ids(*id_lists: Element | None) -> tuple[tuple[str, str], ...]:
    pairs: dict[tuple[str, str], None] = {}  # ordered and de-duplicated
    for id_list in id_lists:
        if id_list is not None:
            for e in id_list.findall("ArticleId"):
                if value := _text(e):
                    pairs[(e.get("IdType", "pubmed"), value)] = None
    return tuple(pairs)


def _identifiers(
    elocations: Iterable[Element], ids: tuple[tuple[str, str], ...]
) -> tuple[str | None, str | None, str | None]:
    """Return (doi, pmcid, pii); a valid ``ELocationID`` wins over ``ArticleIdList``."""
    located = {
        kind: _text(e)
        for e in reversed(list(elocations))  # reversed: the first of each kind wins
        if (kind := e.get("EIdType")) and e.get("ValidYN", "Y") == "Y"
    }
    listed: dict[str, str] = {}
    for kind, value in ids:
        listed.setdefault(kind, value)
    doi = normalise_doi(located.get("doi")) or normalise_doi(listed.get("doi"))
    return doi, listed.get("pmc"), listed.get("pii") or located.get("pii") or None


def _mesh(citation: Element) -> tuple[MeshHeading, ...]:
    mesh_list = citation.find("MeshHeadingList")
    if mesh_list is None:
        return ()
    headings = []
    for heading in mesh_list.findall("MeshHeading"):
        descriptor = heading.find("DescriptorName")
        if descriptor is None:
            continue
        # Most headings have no qualifier: the descriptor is their only child.
        qualifiers = (
            tuple(
                MeshQualifier(name=_text(q), ui=q.get("UI"), major=q.get("MajorTopicYN") == "Y")
                for q in heading.findall("QualifierName")
            )
            if len(heading) > 1
            else ()
        )
        headings.append(
            MeshHeading(
                descriptor=(
                    _text(descriptor)
                    if len(descriptor) or not descriptor.text
                    else " ".join(descriptor.text.split())
                ),
                ui=descriptor.get("UI"),
                major=descriptor.get("MajorTopicYN") == "Y",
                qualifiers=qualifiers,
            )
        )
    return tuple(headings)


def _keywords(parent: Element) -> tuple[str, ...]:
    return tuple(kw for kl in parent.findall("KeywordList") for kw in _children_text(kl, "Keyword"))


def _links(citation: Element) -> tuple[Link, ...]:
    corrections = citation.find("CommentsCorrectionsList")
    if corrections is None:
        return ()
    # "Cites" entries are the reference list, not comments or corrections.
    return tuple(
        Link(ref_type=ref_type, ref_source=_opt(c.find("RefSource")), pmid=_opt(c.find("PMID")))
        for c in corrections.findall("CommentsCorrections")
        if (ref_type := c.get("RefType", "")) and ref_type != "Cites"
    )


def _dates(
    pubmed_data: Element | None, dated: Element, electronic: Iterable[Element] = ()
) -> tuple[tuple[str, str], ...]:
    """History statuses, then NLM's DateRevised/DateCompleted, then ArticleDate."""
    pairs: list[tuple[str, str]] = []
    history = pubmed_data.find("History") if pubmed_data is not None else None
    if history is not None:
        for d in history.findall("PubMedPubDate"):
            status, iso = d.get("PubStatus"), _iso_date(d)
            if status and iso:
                pairs.append((status, iso))
    for label, tag in (("revised", "DateRevised"), ("completed", "DateCompleted")):
        if iso := _iso_date(dated.find(tag)):
            pairs.append((label, iso))
    for d in electronic:
        if d.get("DateType", "Electronic").lower() == "electronic" and (iso := _iso_date(d)):
            pairs.append(("electronic", iso))
    return tuple(pairs)


def _pmid(parent: Element) -> tuple[str, int]:
    elem = parent.find("PMID")
    if elem is None:
        return "", 1
    return _text(elem), _int(elem.get("Version")) or 1


# --------------------------------------------------------------------------- records


def _article(elem: Element, position: int) -> PubmedRecord | SkippedRecord:
    citation = elem.find("MedlineCitation")
    if citation is None:
        return SkippedRecord(position=position, reason="PubmedArticle without MedlineCitation")
    pmid, version = _pmid(citation)
    if not pmid:
        return SkippedRecord(position=position, reason="MedlineCitation without PMID")
    article = citation.find("Article")
    if article is None:
        article = Element("Article")
    title = _text(article.find("ArticleTitle")) or _text(article.find("VernacularTitle"))
    if not title:
        return SkippedRecord(position=position, reason="empty ArticleTitle", pmid=pmid)
    pubmed_data = elem.find("PubmedData")
    ids = _article_ids(pubmed_data.find("ArticleIdList") if pubmed_data is not None else None)
    doi, pmcid, pii = _identifiers(article.findall("ELocationID"), ids)
    # Plain find()s run in C; a path such as "Journal/JournalIssue" runs in Python.
    journal = article.find("Journal")
    journal_issue = journal.find("JournalIssue") if journal is not None else None
    return PubmedRecord(
        pmid=PMID(pmid),
        title=title,
        version=version,
        doi=doi,
        pmcid=pmcid,
        pii=pii,
        abstract=_abstract(article),
        authors=_authors(article.findall("AuthorList")),
        journal=_journal(article),
        pub_date=_pub_date(journal_issue.find("PubDate") if journal_issue is not None else None),
        languages=_children_text(article, "Language"),
        publication_types=_children_text(article.find("PublicationTypeList"), "PublicationType"),
        mesh=_mesh(citation),
        keywords=_keywords(citation),
        status=citation.get("Status"),
        publication_status=_opt(pubmed_data.find("PublicationStatus"))
        if pubmed_data is not None
        else None,
        links=_links(citation),
        article_ids=ids,
        dates=_dates(pubmed_data, citation, article.findall("ArticleDate")),
    )


def _book(elem: Element, position: int) -> PubmedRecord | SkippedRecord:
    document = elem.find("BookDocument")
    if document is None:
        return SkippedRecord(position=position, reason="PubmedBookArticle without BookDocument")
    pmid, version = _pmid(document)
    if not pmid:
        return SkippedRecord(position=position, reason="BookDocument without PMID")
    book = document.find("Book")
    if book is None:
        book = Element("Book")
    book_title = _opt(book.find("BookTitle"))
    # A chapter has its own ArticleTitle; a whole book is cited by BookTitle.
    title = (
        _text(document.find("ArticleTitle"))
        or book_title
        or _text(document.find("VernacularTitle"))
    )
    if not title:
        return SkippedRecord(
            position=position, reason="empty ArticleTitle and BookTitle", pmid=pmid
        )
    book_data = elem.find("PubmedBookData")
    ids = _article_ids(
        document.find("ArticleIdList"),
        book_data.find("ArticleIdList") if book_data is not None else None,
    )
    doi, pmcid, pii = _identifiers(book.findall("ELocationID"), ids)
    return PubmedRecord(
        pmid=PMID(pmid),
        title=title,
        kind="book",
        version=version,
        doi=doi,
        pmcid=pmcid,
        pii=pii,
        abstract=_abstract(document),
        # Chapter authors; a whole book may list its authors only under Book.
        authors=_authors(document.findall("AuthorList")) or _authors(book.findall("AuthorList")),
        journal=Journal(volume=_opt(book.find("Volume"))),
        pub_date=_pub_date(book.find("PubDate")),
        languages=_children_text(document, "Language"),
        publication_types=_children_text(document, "PublicationType"),
        keywords=_keywords(document),
        publication_status=_opt(book_data.find("PublicationStatus"))
        if book_data is not None
        else None,
        article_ids=ids,
        dates=_dates(book_data, document),
        book_title=book_title,
        publisher=_opt(book.find("Publisher/PublisherName")),
    )
