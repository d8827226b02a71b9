"""The prolog guard: refuse entity declarations, check the root, check whole documents.

A small expat pass reads a document's prolog before anything else and refuses
any entity declaration (billion laughs, ``SYSTEM "file:///…"``) with
:class:`~reviewkit.errors.UnsafeXML`. NCBI's own ``<!DOCTYPE … PUBLIC …>``
line has no internal subset and passes; the DTD it names is never fetched.
Run over a whole body it builds no tree, which makes it the cheap check an
HTTP client runs for truncation (:func:`pubmed_xml_is_complete`).
"""

from __future__ import annotations

from typing import NoReturn
from xml.parsers import expat

from reviewkit.errors import ParseError, UnsafeXML

__all__ = ["ROOT", "PrologGuard", "pubmed_xml_is_complete", "raise_malformed"]

ROOT = "PubmedArticleSet"


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
    guard = PrologGuard(origin, stop_at_root=False)
    guard.feed(data)
    guard.close()


class _RootReached(Exception):
    """Internal signal: the guard has seen the root element and can stop."""


class PrologGuard:
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
            raise_malformed(self.origin, exc.lineno, exc.offset, reason, exc)

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
        if name != ROOT:
            raise ParseError(
                f"{self.origin}: expected root element <{ROOT}> (PubMed EFetch XML), "
                f"found <{name}> at {self._where()}"
            )
        self.root_index = self._parser.CurrentByteIndex
        # Past the root no declaration can appear, so the guard's work is done.
        self._parser.StartElementHandler = None
        if self._stop_at_root:
            raise _RootReached


def raise_malformed(
    origin: str, line: int | None, column: int | None, reason: str, exc: Exception | None
) -> NoReturn:
    raise ParseError(
        f"{origin}: XML ends early or is malformed at line {line}, column {column}: {reason}"
    ) from exc
