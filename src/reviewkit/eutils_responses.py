"""Pure parsing of the small E-utilities answers: ESearch, EPost, EInfo and error bodies.

Pure: bytes in, frozen values out; no network, no clock. XML is read with
``defusedxml``, so a body that declares entities is refused with
:class:`~reviewkit.errors.UnsafeXML`. Element names and the messages NCBI puts in
them are described in ``eutilities.md`` §4-§9 (real samples in
``tests/data/ncbi/Entrez/``).

What counts as a failure:

- a body that is not the expected XML raises :class:`~reviewkit.errors.ParseError`
  (the HTTP client treats it as transient and asks again);
- a body whose top-level ``<ERROR>`` says NCBI refused the request raises
  :class:`~reviewkit.errors.QueryRejected`;
- ``PhraseNotFound`` / "No items found." are *not* failures: they are returned in
  :attr:`SearchResult.errors` / :attr:`SearchResult.warnings` with ``count == 0``.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XMLSyntaxError

import defusedxml
import defusedxml.ElementTree as SafeET

from reviewkit.errors import ParseError, QueryRejected, UnsafeXML

__all__ = [
    "SOURCE",
    "DatabaseInfo",
    "FetchedPmids",
    "HistoryKey",
    "NcbiMessage",
    "NcbiMessages",
    "SearchResult",
    "count_efetch_items",
    "parse_efetch_error",
    "parse_efetch_pmids",
    "parse_einfo",
    "parse_epost",
    "parse_esearch",
    "parse_ncbi_errors",
]

SOURCE = "pubmed"

# "Search Backend failed: ... 'retstart' cannot be larger than 9998" or "Position 15000
# is out of acceptable range [9999,9998]": asking past ESearch's 9,999-record window.
_RETSTART_CAP = re.compile(
    r"retstart'? cannot be larger|out of acceptable range|can only retrieve the first", re.I
)
_BACKEND_FAILED = re.compile(r"Search Backend failed", re.I)
# A backend 502 that NCBI relays as HTTP 400 with an <ERROR> (eutilities.md §9).
_PROXY_FAILURE = re.compile(
    r"proxy_stream|PubOne|Bad Gateway|\b502\b|temporarily unavailable|try (it |the query )?again",
    re.I,
)
_ERROR_ELEMENT = re.compile(rb"<ERROR>(.*?)</ERROR>", re.S)
_ARTICLE_TAGS = (b"<PubmedArticle>", b"<PubmedBookArticle>")
_DELETE_CITATION = re.compile(rb"<DeleteCitation>(.*?)</DeleteCitation>", re.S)


@dataclass(frozen=True, slots=True, kw_only=True)
class NcbiMessage:
    """One entry of an ESearch ``ErrorList`` or ``WarningList``.

    >>> str(NcbiMessage(kind="PhraseNotFound", text="abcXYZ"))
    'PhraseNotFound: abcXYZ'
    """

    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


@dataclass(frozen=True, slots=True, kw_only=True)
class NcbiMessages:
    """The top-level ``<ERROR>`` texts of a body: NCBI saying the request itself failed."""

    errors: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.errors)

    @property
    def text(self) -> str:
        """All the errors, joined with ``"; "``."""
        return "; ".join(self.errors)

    @property
    def retstart_cap(self) -> bool:
        """Whether NCBI refused a ``retstart`` beyond ESearch's 9,999-record window."""
        return any(_RETSTART_CAP.search(e) for e in self.errors)

    @property
    def transient(self) -> bool:
        """Whether asking again may help (a backend or proxy failure, not the retstart cap).

        >>> NcbiMessages(errors=("Search Backend failed: timeout",)).transient
        True
        >>> NcbiMessages(errors=("Search Backend failed: Exception:\\n'retstart' cannot be "
        ...                      "larger than 9998.",)).transient
        False
        """
        if self.retstart_cap:
            return False
        return any(_BACKEND_FAILED.search(e) or _PROXY_FAILURE.search(e) for e in self.errors)


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryKey:
    """Where a result set lives on NCBI's history server."""

    webenv: str
    query_key: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResult:
    """One ESearch answer.

    ``count`` is the full number of hits even when ``ids`` is capped at 9,999.
    ``query_key``/``webenv`` are set only with ``usehistory=y``.
    """

    count: int
    retmax: int = 0
    retstart: int = 0
    ids: tuple[str, ...] = ()
    query_key: str | None = None
    webenv: str | None = None
    query_translation: str | None = None
    translation_set: tuple[tuple[str, str], ...] = ()
    errors: tuple[NcbiMessage, ...] = ()
    warnings: tuple[NcbiMessage, ...] = ()

    @property
    def history(self) -> HistoryKey | None:
        """The history-server key of this result, if it was stored there."""
        if self.webenv is None or self.query_key is None:
            return None
        return HistoryKey(webenv=self.webenv, query_key=self.query_key)


@dataclass(frozen=True, slots=True, kw_only=True)
class DatabaseInfo:
    """The provenance fields of an EInfo answer for one database."""

    name: str
    description: str | None = None
    build: str | None = None
    count: int | None = None
    last_update: str | None = None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedPmids:
    """The PMIDs in one complete EFetch ``PubmedArticleSet``."""

    pmids: tuple[str, ...] = ()  # PubmedArticle and PubmedBookArticle, in body order
    deleted: tuple[str, ...] = ()  # listed in a trailing DeleteCitation

    def __len__(self) -> int:
        return len(self.pmids) + len(self.deleted)


def _parse_root(body: bytes, *, origin: str, expected: str) -> Element:
    if not body.strip():
        raise ParseError(f"{origin}: empty body where {expected} XML was expected")
    try:
        root: Element = SafeET.fromstring(body)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeXML(f"{origin}: refused XML with entity declarations: {exc}") from exc
    except XMLSyntaxError as exc:
        raise ParseError(f"{origin}: expected {expected} XML, not well-formed: {exc}") from exc
    if root.tag != expected:
        raise ParseError(f"{origin}: expected root element <{expected}>, got <{root.tag}>")
    return root


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip()


def _int(root: Element, tag: str, *, origin: str, default: int | None = None) -> int:
    raw = _text(root.find(tag))
    if raw is None:
        if default is not None:
            return default
        raise ParseError(f"{origin}: <{root.tag}> has no <{tag}>")
    try:
        return int(raw)
    except ValueError as exc:
        raise ParseError(f"{origin}: <{tag}> should be an integer, got {raw!r}") from exc


def _top_errors(root: Element) -> NcbiMessages:
    texts = [_text(e) for e in root.findall("ERROR")]
    # espell.xml carries an empty <ERROR/>: nothing went wrong there.
    return NcbiMessages(errors=tuple(t for t in texts if t))


def _messages(root: Element, list_tag: str) -> tuple[NcbiMessage, ...]:
    found = root.find(list_tag)
    if found is None:
        return ()
    return tuple(NcbiMessage(kind=child.tag, text=(child.text or "").strip()) for child in found)


def parse_esearch(body: bytes, *, origin: str) -> SearchResult:
    """Parse an ESearch XML answer (full, ``usehistory=y`` or ``rettype=count``).

    Args:
        body: the raw response body.
        origin: names the request in error messages (utility and URL, or a file).

    Raises:
        QueryRejected: the body holds a top-level ``<ERROR>`` (NCBI's text is kept).
        ParseError: the body is not an ``eSearchResult``.
    """
    root = _parse_root(body, origin=origin, expected="eSearchResult")
    refused = _top_errors(root)
    if refused:
        raise QueryRejected(SOURCE, f"{origin}: {refused.text}")
    translations = tuple(
        ((_text(t.find("From")) or ""), (_text(t.find("To")) or ""))
        for t in root.iterfind("TranslationSet/Translation")
    )
    return SearchResult(
        count=_int(root, "Count", origin=origin),
        retmax=_int(root, "RetMax", origin=origin, default=0),
        retstart=_int(root, "RetStart", origin=origin, default=0),
        ids=tuple(t for t in (_text(i) for i in root.iterfind("IdList/Id")) if t),
        query_key=_text(root.find("QueryKey")),
        webenv=_text(root.find("WebEnv")),
        query_translation=_text(root.find("QueryTranslation")),
        translation_set=translations,
        errors=_messages(root, "ErrorList"),
        warnings=_messages(root, "WarningList"),
    )


def parse_epost(body: bytes, *, origin: str) -> HistoryKey:
    """Parse an EPost answer into the history key of the posted set.

    Raises:
        QueryRejected: NCBI reported invalid IDs or an ``<ERROR>``; IDs are never
            dropped silently, so a partly valid list is refused as a whole.
        ParseError: the body is not an ``ePostResult`` with ``QueryKey`` and ``WebEnv``.
    """
    root = _parse_root(body, origin=origin, expected="ePostResult")
    invalid = [t for t in (_text(i) for i in root.iterfind("InvalidIdList/Id")) if t]
    refused = _top_errors(root)
    if invalid or refused:
        parts = list(refused.errors)
        if invalid:
            shown = ", ".join(invalid[:10]) + (" …" if len(invalid) > 10 else "")
            parts.append(f"{len(invalid)} invalid IDs: {shown}")
        raise QueryRejected(SOURCE, f"{origin}: {'; '.join(parts)}")
    webenv, query_key = _text(root.find("WebEnv")), _text(root.find("QueryKey"))
    if not webenv or not query_key:
        raise ParseError(f"{origin}: <ePostResult> lacks <QueryKey> or <WebEnv>")
    return HistoryKey(webenv=webenv, query_key=query_key)


def parse_einfo(body: bytes, *, origin: str) -> DatabaseInfo:
    """Parse an EInfo answer for one database (``db=pubmed``).

    Raises:
        QueryRejected: the body holds an ``<ERROR>``.
        ParseError: the body is not an ``eInfoResult`` with a ``DbInfo``.
    """
    root = _parse_root(body, origin=origin, expected="eInfoResult")
    refused = _top_errors(root)
    if refused:
        raise QueryRejected(SOURCE, f"{origin}: {refused.text}")
    info = root.find("DbInfo")
    name = _text(info.find("DbName")) if info is not None else None
    if info is None or not name:
        raise ParseError(f"{origin}: <eInfoResult> has no <DbInfo> with a <DbName>")
    count = _text(info.find("Count"))
    return DatabaseInfo(
        name=name,
        description=_text(info.find("Description")),
        build=_text(info.find("DbBuild")),
        count=int(count) if count and count.isdigit() else None,
        last_update=_text(info.find("LastUpdate")),
        fields=tuple(t for t in (_text(f) for f in info.iterfind("FieldList/Field/Name")) if t),
    )


def parse_ncbi_errors(body: bytes, *, origin: str) -> NcbiMessages:
    """Find the top-level ``<ERROR>`` texts of any E-utilities body, leniently.

    Works on XML envelopes (``eSearchResult``, ``eFetchResult`` …), on JSON bodies
    with an ``"ERROR"`` key, and on truncated XML (by pattern). A body with no
    error, or one that is not XML or JSON at all, gives an empty result.

    >>> parse_ncbi_errors(b"<eFetchResult><ERROR>ID list is empty!</ERROR></eFetchResult>",
    ...                   origin="x").errors
    ('ID list is empty!',)
    """
    del origin  # lenient: nothing is raised, so there is no message to place
    stripped = body.lstrip()
    if stripped.startswith(b"{"):
        return _json_errors(stripped)
    try:
        root: Element = SafeET.fromstring(body)
    except (XMLSyntaxError, defusedxml.DefusedXmlException):
        texts = (m.decode("utf-8", "replace").strip() for m in _ERROR_ELEMENT.findall(body))
        return NcbiMessages(errors=tuple(t for t in texts if t))
    if root.tag == "ERROR":
        text = _text(root)
        return NcbiMessages(errors=(text,) if text else ())
    return _top_errors(root)


def _json_errors(body: bytes) -> NcbiMessages:
    try:
        data: Any = json.loads(body)
    except ValueError:
        return NcbiMessages()
    found: list[str] = []
    if isinstance(data, dict):
        for holder in (data, data.get("esearchresult")):
            if isinstance(holder, dict) and isinstance(holder.get("ERROR"), str):
                found.append(holder["ERROR"].strip())
    return NcbiMessages(errors=tuple(e for e in found if e))


def parse_efetch_error(body: bytes, *, origin: str) -> NcbiMessages:
    """Return the ``<ERROR>`` texts of an EFetch error envelope (``eFetchResult``).

    NCBI answers an all-invalid ID list with HTTP 400 and
    ``<eFetchResult><ERROR>ID list is empty! …</ERROR></eFetchResult>``, and relays a
    backend 502 as HTTP 400 with an ``<ERROR>`` naming ``proxy_stream()``. A normal
    ``PubmedArticleSet`` gives an empty result.
    """
    return parse_ncbi_errors(body, origin=origin)


def parse_efetch_pmids(body: bytes, *, origin: str) -> FetchedPmids:
    """Check that an EFetch body is one complete ``PubmedArticleSet`` and list its PMIDs.

    Streams the body, clearing each article once its PMID is read, so a batch of
    thousands of records does not build a full tree.

    Raises:
        ParseError: the body is empty, truncated, not well-formed or not a
            ``PubmedArticleSet`` (e.g. an HTML error page or a JSON 429 body).
        UnsafeXML: the body declares entities.
    """
    if not body.strip():
        raise ParseError(f"{origin}: empty body where a PubmedArticleSet was expected")
    try:
        pmids, deleted = _efetch_pmids(body, origin=origin)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeXML(f"{origin}: refused XML with entity declarations: {exc}") from exc
    except XMLSyntaxError as exc:
        raise ParseError(f"{origin}: incomplete or malformed PubmedArticleSet: {exc}") from exc
    if "" in pmids:
        raise ParseError(f"{origin}: article {pmids.index('') + 1} has no PMID")
    return FetchedPmids(pmids=tuple(pmids), deleted=tuple(d for d in deleted if d))


def _efetch_pmids(body: bytes, *, origin: str) -> tuple[list[str], list[str]]:
    """The PMIDs of the articles and books ("" when missing) and of the deleted citations.

    XML errors propagate for :func:`parse_efetch_pmids` to translate.
    """
    pmids: list[str] = []
    deleted: list[str] = []
    events = SafeET.iterparse(io.BytesIO(body), events=("start", "end"))
    _, root = next(events)
    if root.tag != "PubmedArticleSet":
        raise ParseError(f"{origin}: expected root <PubmedArticleSet>, got <{root.tag}>")
    for event, element in events:
        if event != "end":
            continue
        if element.tag == "PubmedArticle":
            pmids.append(element.findtext("MedlineCitation/PMID", "").strip())
            element.clear()
        elif element.tag == "PubmedBookArticle":
            pmids.append(element.findtext("BookDocument/PMID", "").strip())
            element.clear()
        elif element.tag == "DeleteCitation":
            deleted.extend((p.text or "").strip() for p in element.iterfind("PMID"))
    return pmids, deleted


def count_efetch_items(body: bytes) -> int:
    """Count the articles, books and deleted PMIDs in a well-formed ``PubmedArticleSet``.

    A byte scan, about a hundred times faster than parsing: run it only on a body
    already checked to be complete (``pubmed_xml_is_complete``), where ``<`` in
    text is always escaped, so every match is a real tag.

    >>> count_efetch_items(b"<PubmedArticleSet><PubmedArticle>...</PubmedArticle>"
    ...                    b"<DeleteCitation><PMID>1</PMID><PMID>2</PMID></DeleteCitation>"
    ...                    b"</PubmedArticleSet>")
    3
    """
    articles = sum(body.count(tag) for tag in _ARTICLE_TAGS)
    blocks: list[bytes] = _DELETE_CITATION.findall(body)
    deleted = sum(block.count(b"<PMID") for block in blocks)
    return articles + deleted
