"""Cut a ``PubmedArticleSet`` byte stream into its top-level elements.

The stream is read in chunks and cut at the top-level ``PubmedArticle`` /
``PubmedBookArticle`` / ``DeleteCitation`` tags with ``bytes.find``, so that
each citation can be parsed on its own by ElementTree's C parser; compared
with a pull parser this avoids ~100 Python-level events per citation, and
memory stays flat however large the file. Between citations only whitespace,
comments and processing instructions are allowed, as in the whole document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO, NoReturn
from xml.parsers import expat

from reviewkit.errors import ParseError
from reviewkit.pubmed_xml.guard import ROOT, PrologGuard, raise_malformed

__all__ = ["ARTICLE", "BOOK", "DELETE", "Entry", "Splitter"]

ARTICLE = "PubmedArticle"
BOOK = "PubmedBookArticle"
DELETE = "DeleteCitation"
# 64 KiB holds a dozen citations: few refills, and memory still flat.
_CHUNK = 64 * 1024

# Top-level splitting. XML whitespace is exactly these four bytes.
_WHITESPACE = b" \t\r\n"
_SKIP_WHITESPACE = re.compile(rb"[ \t\r\n]*")
_ITEM_START = re.compile(rb"<(PubmedArticle|PubmedBookArticle|DeleteCitation)[ \t\r\n/>]")
_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")
_ROOT_CLOSE = b"</PubmedArticleSet"
_ROOT_END = re.compile(rb"</PubmedArticleSet[ \t\r\n]*>")
_XMLNS = re.compile(rb"""\sxmlns:[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*')""")
_TAG_NAME = re.compile(rb"<(/?[^\s/>]*)")
# Longest lookahead the dispatch needs: "</PubmedArticleSet" plus one byte.
_LOOKAHEAD = 20
_ASCII_COMPATIBLE = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})

Entry = tuple[str, bytes, int, int]  # tag, element bytes, line, column


class Splitter:
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
        raise_malformed(self._origin, line, column, reason, None)

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
        guard = PrologGuard(self._origin, stop_at_root=True)
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
            self._malformed(pos, f"unreadable <{ROOT}> start tag")
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
            else:  # rare: a comment, a PI, the root's end tag or an error
                pos = self._between(pos)
                if pos < 0:
                    return

    def _between(self, pos: int) -> int:
        """Pass what is not a citation at ``pos``; return the offset after it.

        Returns -1 once the root's end tag and what follows it have been checked.
        """
        data = self._data
        if pos == len(data):
            self._malformed(pos, "no element found")
        if data[pos] != 0x3C:  # "<"
            self._fail(
                pos,
                f"expected only whitespace between the citations of <{ROOT}>, found text",
            )
        if data.startswith(b"<!--", pos):
            return self._skip(pos, b"<!--", b"-->")[1]
        if data.startswith(b"<?", pos):
            return self._skip(pos, b"<?", b"?>")[1]
        if data.startswith(_ROOT_CLOSE, pos):
            pos, end = self._skip(pos, b"", b">")
            if _ROOT_END.fullmatch(self._data, pos, end) is None:
                self._fail(pos, f"expected </{ROOT}>, found a longer end tag")
            self._check_tail(end)
            return -1
        found = _TAG_NAME.match(data, pos)
        name = found.group(1).decode(errors="replace") if found else ""
        self._fail(
            pos,
            f"expected <{ARTICLE}>, <{BOOK}> or <{DELETE}> in <{ROOT}>, found <{name}>",
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
            raise_malformed(self._origin, line + exc.lineno - 1, column, reason, exc)
