"""Stream PubMed EFetch XML (``PubmedArticleSet``) into typed records.

Pure: reads only the bytes or binary stream it is given and never touches the
network. Parsing is incremental: each ``PubmedArticle`` / ``PubmedBookArticle``
is turned into a :class:`~reviewkit.records.PubmedRecord` and then dropped
from the tree, so memory stays flat however large the file.

Safety: a small expat "guard" reads the prolog before the tree builder sees it
and refuses any entity declaration (billion laughs, ``SYSTEM "file:///…"``)
with :class:`~reviewkit.errors.UnsafeXML`. NCBI's own ``<!DOCTYPE … PUBLIC …>``
line has no internal subset and passes; the DTD it names is never fetched.

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
_ITEM_TAGS = frozenset({_ARTICLE, _BOOK, _DELETE})
# 16 KiB measured fastest: larger chunks keep more unfinished elements alive
# between read_events() calls, which costs garbage-collector time.
_CHUNK = 16 * 1024

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])", re.IGNORECASE)


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
    guard = _PrologGuard(origin, stop_at_root=True)
    # Only "start" events: the first is the root (needed to detach finished
    # records), and a record is known to be complete when its next sibling starts.
    parser: ET.XMLPullParser[Element] = ET.XMLPullParser(events=("start",))
    root: Element | None = None
    pending: Element | None = None
    position = 0
    finished = False
    while not finished:
        try:
            chunk = stream.read(_CHUNK)
        except OSError as exc:
            raise ParseError(f"{origin}: cannot read PubMed XML: {exc}") from exc
        if chunk:
            if guard.active:
                guard.feed(chunk)
            _feed(parser, chunk, origin)
        else:
            _close(parser, origin)
            finished = True
        for event in _read_events(parser, origin):
            elem = event[-1]
            if not isinstance(elem, Element):
                continue
            if root is None:
                root = elem
            elif elem.tag in _ITEM_TAGS:
                if pending is not None:
                    yield _finish(root, pending, position)
                if elem.tag != _DELETE:
                    position += 1
                pending = elem
    if root is not None and pending is not None:
        yield _finish(root, pending, position)


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

    def _on_root(self, name: str, _attributes: object) -> None:
        if name != _ROOT:
            raise ParseError(
                f"{self.origin}: expected root element <{_ROOT}> (PubMed EFetch XML), "
                f"found <{name}> at {self._where()}"
            )
        # Past the root no declaration can appear, so the guard's work is done.
        self._parser.StartElementHandler = None
        if self._stop_at_root:
            raise _RootReached


def _raise_malformed(
    origin: str, line: int | None, column: int | None, reason: str, exc: Exception
) -> NoReturn:
    raise ParseError(
        f"{origin}: XML ends early or is malformed at line {line}, column {column}: {reason}"
    ) from exc


def _feed(parser: ET.XMLPullParser[Element], chunk: bytes, origin: str) -> None:
    try:
        parser.feed(chunk)
    except ET.ParseError as exc:
        _raise_from_etree(origin, exc)


def _close(parser: ET.XMLPullParser[Element], origin: str) -> None:
    try:
        parser.close()
    except ET.ParseError as exc:
        _raise_from_etree(origin, exc)


def _read_events(
    parser: ET.XMLPullParser[Element], origin: str
) -> list[tuple[str, Element | tuple[str, str] | None] | tuple[str]]:
    # XMLPullParser.feed() queues some errors (an undefined entity) as events
    # and read_events() raises them, so the whole batch is read here.
    try:
        return list(parser.read_events())
    except ET.ParseError as exc:
        _raise_from_etree(origin, exc)


def _raise_from_etree(origin: str, exc: ET.ParseError) -> NoReturn:
    line, column = exc.position
    # str(exc) is "reason: line L, column C"; keep the reason (it names an
    # undefined entity, for instance) and report the position our way.
    reason = str(exc).rsplit(": line ", 1)[0]
    _raise_malformed(origin, line, column, reason, exc)


def _finish(root: Element, elem: Element, position: int) -> ParsedItem:
    """Convert one finished top-level element, then free it."""
    if elem.tag == _DELETE:
        item: ParsedItem = DeletedCitations(
            pmids=tuple(PMID(p) for e in elem.findall("PMID") if (p := _text(e)))
        )
    elif elem.tag == _BOOK:
        item = _book(elem, position)
    else:
        item = _article(elem, position)
    elem.clear()
    if len(root) and root[0] is elem:
        del root[0]
    return item


# --------------------------------------------------------------------------- text


def _text(elem: Element | None) -> str:
    """Return the element's text with inline markup flattened, whitespace collapsed."""
    if elem is None:
        return ""
    if not len(elem):
        return " ".join((elem.text or "").split())
    parts: list[str] = []
    _gather(elem, parts)
    return " ".join("".join(parts).split())


def _opt(elem: Element | None) -> str | None:
    """Like :func:`_text` but None for empty text; inlines the leaf case (hot path)."""
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
    try:
        date(year, month, day)
    except ValueError:
        return year, month, None
    return year, month, day


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
    year, month, day = _ymd(elem)
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
    return tuple(t for e in parent.findall(tag) if (t := _text(e)))


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
    names: dict[str, str | None] = {}
    orcid = None
    affiliations = []
    for child in elem:
        tag = child.tag
        if tag == "AffiliationInfo":
            if affiliation := _opt(child.find("Affiliation")):
                affiliations.append(affiliation)
        elif tag == "Identifier":
            if orcid is None and child.get("Source", "").upper() == "ORCID":
                orcid = _orcid(child.text)
        else:
            names[tag] = _opt(child)
    return Author(
        family=names.get("LastName"),
        given=names.get("ForeName"),
        initials=names.get("Initials"),
        suffix=names.get("Suffix"),
        collective=names.get("CollectiveName"),
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
        if a.get("ValidYN", "Y") != "N"
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
        qualifiers = tuple(
            MeshQualifier(name=_text(q), ui=q.get("UI"), major=q.get("MajorTopicYN") == "Y")
            for q in heading.findall("QualifierName")
        )
        headings.append(
            MeshHeading(
                descriptor=_text(descriptor),
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
    journal_issue = article.find("Journal/JournalIssue")
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
