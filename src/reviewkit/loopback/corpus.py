"""The loopback server's PubMed: raw articles plus a compact search index.

Each ``<PubmedArticle>`` is kept as the exact bytes it arrived as, so EFetch
can serve it verbatim. Searching uses an inverted index built once per record:

* per *zone* (title, abstract, keywords, MeSH words, journal, authors) a
  posting list of document numbers per word, in ``array('I')``;
* per zone, each document's word sequence as a short byte string, so phrases
  are checked with one C-speed substring search instead of re-parsing XML;
* exact-value indexes for fields matched as a whole (MeSH heading, publication
  type, author, journal, language) and three date columns (pdat, edat, mdat).

Replacing a record (:meth:`Corpus.put`) appends a new document and marks the
old one dead, so postings stay append-only. Thread-safe: one lock guards it all.
"""

from __future__ import annotations

import mmap
import os
import re
import threading
import xml.etree.ElementTree as ET
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewkit.errors import ParseError
from reviewkit.loopback.query import (
    BoolOp,
    DateRange,
    HistoryRef,
    Node,
    Term,
    UidRange,
    normalise_key,
    tokenise,
)
from reviewkit.records import Author, MeshHeading, MeshQualifier

__all__ = [
    "PUBMED_XML_HEADER",
    "Corpus",
    "IndexedFields",
    "SearchResult",
    "index_fields",
    "split_article_set",
]

# EFetch's prolog and DOCTYPE exactly as NCBI sends them (pubmed1.xml, Nov 2025).
PUBMED_XML_HEADER = (
    b'<?xml version="1.0" ?>\n'
    b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)

# Zones searched word by word, and which of them each text field covers.
_ZONES = ("ti", "ab", "kw", "mh", "jt", "au")
_FIELD_ZONES: dict[str, tuple[str, ...]] = {
    "all": _ZONES,
    "tiab": ("ti", "ab", "kw"),  # PubMed's [tiab] includes author keywords
    "tw": ("ti", "ab", "kw", "mh"),
    "ti": ("ti",),
    "ab": ("ab",),
    "kw": ("kw",),
}
_KEY_FIELDS = ("mh", "majr", "pt", "au", "ta", "la")
_TRUNCATION_LIMIT = 600  # PubMed historically expanded a truncated phrase to 600 variants

_LANGUAGES = {
    "eng": "english",
    "fre": "french",
    "ger": "german",
    "spa": "spanish",
    "ita": "italian",
    "jpn": "japanese",
    "chi": "chinese",
    "rus": "russian",
    "por": "portuguese",
    "kor": "korean",
    "pol": "polish",
    "dut": "dutch",
    "tur": "turkish",
    "per": "persian",
}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

_SEP = b"\x00"  # between words in a zone sequence
_BREAK = b"\x01"  # between entries (two keywords), so phrases never span them


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexedFields:
    """What the index needs from one article; dates are YYYYMMDD integers (0 = unknown)."""

    pmid: int
    titles: tuple[str, ...] = ()
    abstracts: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    mesh: tuple[MeshHeading, ...] = ()
    publication_types: tuple[str, ...] = ()
    authors: tuple[Author, ...] = ()
    journal_names: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    pdat: int = 0
    edat: int = 0
    mdat: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResult:
    """Matching PMIDs in result order, and the terms that matched nothing at all."""

    pmids: array[int]
    phrases_not_found: tuple[str, ...] = ()


# --- reading PubmedArticleSet files ------------------------------------------

_ARTICLE_RE = re.compile(rb"<(PubmedArticle|PubmedBookArticle)(?:\s[^>]*)?>.*?</\1>", re.DOTALL)
_DELETE_RE = re.compile(rb"<DeleteCitation>(.*?)</DeleteCitation>", re.DOTALL)
_PMID_RE = re.compile(rb"<PMID[^>]*>\s*(\d+)\s*</PMID>")


def split_article_set(
    data: bytes | mmap.mmap, *, origin: str = "<bytes>"
) -> tuple[Iterator[bytes], list[int]]:
    """Cut a ``PubmedArticleSet`` into its articles' raw bytes (lazily) and deleted PMIDs.

    Raises:
        ParseError: the data holds no ``PubmedArticleSet``.
    """
    if data.find(b"<PubmedArticleSet") < 0:
        raise ParseError(f"{origin}: expected a <PubmedArticleSet> document")
    articles = (m.group(0) for m in _ARTICLE_RE.finditer(data))
    deleted = [int(p) for block in _DELETE_RE.findall(data) for p in _PMID_RE.findall(block)]
    return articles, deleted


def _text(elem: ET.Element | None) -> str:
    # itertext keeps the words inside inline markup such as <i>…</i> and MathML.
    return "".join(elem.itertext()).strip() if elem is not None else ""


def _texts(root: ET.Element, *paths: str) -> tuple[str, ...]:
    return tuple(t for p in paths for e in root.iterfind(p) if (t := _text(e)))


def _date(elem: ET.Element | None) -> int:
    """YYYYMMDD from a PubDate/History/DateRevised element; 0 when absent."""
    if elem is None:
        return 0
    year_text = elem.findtext("Year") or ""
    if not year_text.strip().isdigit():
        medline = re.search(r"\d{4}", elem.findtext("MedlineDate") or "")
        return int(medline.group(0)) * 10000 + 101 if medline else 0
    month_text = (elem.findtext("Month") or "").strip().lower()
    season = (elem.findtext("Season") or "").strip().lower()
    if month_text.isdigit():
        month = int(month_text)
    else:
        month = _MONTHS.get(month_text[:3], _SEASONS.get(season, 1))
    day_text = (elem.findtext("Day") or "").strip()
    day = int(day_text) if day_text.isdigit() else 1
    return int(year_text) * 10000 + max(1, min(month, 12)) * 100 + max(1, min(day, 31))


def _history(data: ET.Element | None, status: str) -> int:
    if data is not None:
        for elem in data.iterfind("History/PubMedPubDate"):
            if elem.get("PubStatus") == status:
                return _date(elem)
    return 0


def _mesh(citation: ET.Element) -> tuple[MeshHeading, ...]:
    headings = []
    for heading in citation.iterfind("MeshHeadingList/MeshHeading"):
        descriptor = heading.find("DescriptorName")
        if descriptor is None:
            continue
        qualifiers = tuple(
            MeshQualifier(name=_text(q), major=q.get("MajorTopicYN") == "Y")
            for q in heading.iterfind("QualifierName")
        )
        headings.append(
            MeshHeading(
                descriptor=_text(descriptor),
                major=descriptor.get("MajorTopicYN") == "Y",
                qualifiers=qualifiers,
            )
        )
    return tuple(headings)


def _authors(parent: ET.Element) -> tuple[Author, ...]:
    return tuple(
        Author(
            family=elem.findtext("LastName"),
            given=elem.findtext("ForeName"),
            initials=elem.findtext("Initials"),
            collective=elem.findtext("CollectiveName"),
        )
        for elem in parent.iterfind("AuthorList/Author")
    )


_EMPTY = ET.Element("empty")


def index_fields(article_xml: bytes, *, origin: str = "<bytes>") -> IndexedFields:
    """Extract the searchable fields of one ``<PubmedArticle>`` (or book article).

    Raises:
        ParseError: the bytes are not well-formed XML or carry no PMID.
    """
    try:
        # A fragment that starts with <PubmedArticle> cannot carry a DTD, so no
        # entity declarations can reach expat: plain ElementTree is safe here.
        root = ET.fromstring(article_xml)
    except ET.ParseError as exc:
        raise ParseError(f"{origin}: malformed article XML: {exc}") from exc
    citation = root.find("MedlineCitation")
    if citation is None:
        return _book_fields(root, origin)
    pmid = _pmid(citation, origin)
    art = citation.find("Article")
    if art is None:
        art = _EMPTY
    journal = art.find("Journal")
    if journal is None:
        journal = _EMPTY
    info = citation.find("MedlineJournalInfo")
    if info is None:
        info = _EMPTY
    pdat = _date(journal.find("JournalIssue/PubDate"))
    data = root.find("PubmedData")
    edat = _history(data, "entrez") or _history(data, "pubmed") or pdat
    return IndexedFields(
        pmid=pmid,
        titles=_texts(art, "ArticleTitle"),
        abstracts=_texts(art, "Abstract/AbstractText"),
        keywords=_texts(citation, "KeywordList/Keyword"),
        mesh=_mesh(citation),
        publication_types=_texts(art, "PublicationTypeList/PublicationType"),
        authors=_authors(art),
        journal_names=_texts(journal, "Title", "ISOAbbreviation", "ISSN")
        + _texts(info, "MedlineTA", "ISSNLinking"),
        languages=_texts(art, "Language"),
        pdat=pdat,
        edat=edat,
        mdat=_date(citation.find("DateRevised")) or edat,
    )


def _pmid(parent: ET.Element, origin: str) -> int:
    text = (parent.findtext("PMID") or "").strip()
    if not text.isdigit():
        raise ParseError(f"{origin}: article without a numeric <PMID>")
    return int(text)


def _book_fields(root: ET.Element, origin: str) -> IndexedFields:
    """The same fields from a ``PubmedBookArticle``'s ``BookDocument``."""
    book = root.find("BookDocument")
    if book is None:
        book = _EMPTY
    pdat = _date(book.find("Book/PubDate"))
    data = root.find("PubmedBookData")
    edat = _history(data, "entrez") or _history(data, "pubmed") or pdat
    return IndexedFields(
        pmid=_pmid(book, origin),
        titles=_texts(book, "ArticleTitle", "Book/BookTitle"),
        abstracts=_texts(book, "Abstract/AbstractText"),
        keywords=_texts(book, "KeywordList/Keyword"),
        publication_types=_texts(book, "PublicationType"),
        authors=_authors(book),
        languages=_texts(book, "Language"),
        pdat=pdat,
        edat=edat,
        mdat=_date(book.find("DateRevised")) or edat,
    )


# --- the index ---------------------------------------------------------------


def _author_entries(author: Author) -> tuple[str, list[str]]:
    """The author's All Fields text and the keys ``[au]`` matches."""
    if author.collective:
        return author.collective, [normalise_key(author.collective)]
    family = normalise_key(author.family or "")
    initials = "".join(tokenise(author.initials or ""))
    keys = [family]
    # "smith j"[au] finds Smith JA, as PubMed's author search does.
    keys += [f"{family} {initials[:i]}" for i in range(1, len(initials) + 1)]
    if author.given:
        keys.append(f"{family} {normalise_key(author.given)}")
    return f"{author.family or ''} {author.initials or ''}", keys


class _Memo:
    """Caches for values that repeat across records (authors, MeSH, journals).

    Bounded: cleared when large, so a corpus of unique names cannot grow it forever.
    """

    limit = 200_000

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self.authors: dict[Author, tuple[str, list[str]]] = {}

    def key(self, text: str) -> str:
        found = self.keys.get(text)
        if found is None:
            if len(self.keys) > self.limit:
                self.keys.clear()
            found = self.keys[text] = normalise_key(text)
        return found

    def author(self, author: Author) -> tuple[str, list[str]]:
        found = self.authors.get(author)
        if found is None:
            if len(self.authors) > self.limit:
                self.authors.clear()
            found = self.authors[author] = _author_entries(author)
        return found

    def fields(self, fields: IndexedFields) -> tuple[dict[str, Sequence[str]], dict[str, set[str]]]:
        """The record's zone texts and its exact-match keys per field."""
        key = self.key
        keys: dict[str, set[str]] = {f: set() for f in _KEY_FIELDS}
        mesh_words: list[str] = []
        for heading in fields.mesh:
            name = key(heading.descriptor)
            mesh_words.append(heading.descriptor)
            keys["mh"].add(name)
            if heading.major or any(q.major for q in heading.qualifiers):
                keys["majr"].add(name)
            for qualifier in heading.qualifiers:
                mesh_words.append(qualifier.name)
                combined = f"{name}/{key(qualifier.name)}"
                keys["mh"].add(combined)
                if heading.major or qualifier.major:
                    keys["majr"].add(combined)
        keys["pt"].update(map(key, fields.publication_types))
        author_texts = []
        for author in fields.authors:
            text, author_keys = self.author(author)
            author_texts.append(text)
            keys["au"].update(author_keys)
        keys["ta"].update(map(key, fields.journal_names))
        for code in fields.languages:
            keys["la"].add(key(code))
            if (language := _LANGUAGES.get(code.lower())) is not None:
                keys["la"].add(language)
        zones: dict[str, Sequence[str]] = {
            "ti": fields.titles,
            "ab": fields.abstracts,
            "kw": fields.keywords,
            "mh": mesh_words,
            "jt": fields.journal_names,
            "au": author_texts,
        }
        return zones, keys


class Corpus:
    """The articles a loopback server serves, with a search index over them.

    >>> corpus = Corpus()
    >>> corpus.put(b'<PubmedArticle><MedlineCitation Status="MEDLINE"><PMID Version="1">7'
    ...            b'</PMID><Article><ArticleTitle>Hair loss</ArticleTitle></Article>'
    ...            b'</MedlineCitation></PubmedArticle>')
    >>> len(corpus), corpus.pmids
    (1, ['7'])
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._codes: dict[str, bytes] = {}
        self._post: dict[str, dict[str, array[int]]] = {z: {} for z in _ZONES}
        self._seq: dict[str, list[bytes]] = {z: [] for z in _ZONES}
        self._keys: dict[str, dict[str, array[int]]] = {f: {} for f in _KEY_FIELDS}
        self._raw: list[bytes] = []
        self._doc_pmid: array[int] = array("Q")
        self._dates: dict[str, array[int]] = {f: array("I") for f in ("pdat", "edat", "mdat")}
        self._live: dict[int, int] = {}  # pmid -> docnum, in first-insertion order
        self._dead: set[int] = set()
        self._deleted: set[int] = set()
        self._memo = _Memo()

    @classmethod
    def from_xml(cls, *sources: bytes | Path) -> Corpus:
        """Load ``PubmedArticleSet`` documents (file paths or bytes).

        Raises:
            ParseError: a file cannot be read or an article is malformed.
        """
        corpus = cls()
        for number, source in enumerate(sources, start=1):
            corpus.load(
                source, origin=str(source) if isinstance(source, Path) else f"source #{number}"
            )
        return corpus

    def load(self, source: bytes | Path, *, origin: str = "<bytes>") -> None:
        """Add every article of one ``PubmedArticleSet`` and apply its ``DeleteCitation``."""
        if not isinstance(source, Path):
            self._load_buffer(source, origin)
            return
        try:
            handle = source.open("rb")
        except OSError as exc:
            raise ParseError(f"{source}: cannot read PubMed XML: {exc}") from exc
        with handle:
            if os.fstat(handle.fileno()).st_size == 0:
                raise ParseError(f"{source}: empty file; expected a <PubmedArticleSet> document")
            try:
                # Mapped, not read: a 400 MB snapshot is not copied onto the heap twice.
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except OSError as exc:
                raise ParseError(f"{source}: cannot map PubMed XML: {exc}") from exc
            with mapped:
                self._load_buffer(mapped, origin)

    def _load_buffer(self, data: bytes | mmap.mmap, origin: str) -> None:
        articles, deleted = split_article_set(data, origin=origin)
        for position, raw in enumerate(articles, start=1):
            self.put_indexed(raw, index_fields(raw, origin=f"{origin}, article {position}"))
        for pmid in deleted:
            self.delete(str(pmid))

    def __len__(self) -> int:
        with self._lock:
            return len(self._live)

    @property
    def pmids(self) -> list[str]:
        """Live PMIDs in the order they were first added (stable across replacements)."""
        with self._lock:
            return [str(p) for p in self._live]

    def put(self, article_xml: bytes) -> None:
        """Add one ``<PubmedArticle>``, or replace the stored one with the same PMID.

        Raises:
            ParseError: the article is malformed or has no PMID.
        """
        raw = article_xml.strip()
        self.put_indexed(raw, index_fields(raw, origin="Corpus.put"))

    def put_indexed(self, raw: bytes, fields: IndexedFields) -> None:
        """Add an article whose searchable fields are already extracted (fast path)."""
        with self._lock:
            zones, keys = self._memo.fields(fields)
            doc = len(self._raw)
            old = self._live.get(fields.pmid)
            if old is not None:
                self._retire(old)
            self._live[fields.pmid] = doc
            self._deleted.discard(fields.pmid)
            self._raw.append(raw)
            self._doc_pmid.append(fields.pmid)
            self._dates["pdat"].append(fields.pdat)
            self._dates["edat"].append(fields.edat)
            self._dates["mdat"].append(fields.mdat)
            for zone, entries in zones.items():
                self._index_zone(zone, doc, entries)
            for name, values in keys.items():
                table = self._keys[name]
                for key in values:
                    if (posting := table.get(key)) is None:
                        table[key] = posting = array("I")
                    posting.append(doc)

    def _index_zone(self, zone: str, doc: int, entries: Sequence[str]) -> None:
        encoded: list[bytes] = []
        seen: set[str] = set()
        for entry in entries:
            words = tokenise(entry)
            if words:
                encoded.append(self._encode_words(words))
                seen.update(words)
        postings = self._post[zone]
        for word in seen:
            if (posting := postings.get(word)) is None:
                postings[word] = posting = array("I")
            posting.append(doc)
        # Entries are joined by a break code so that a phrase never spans two of them.
        self._seq[zone].append(
            _SEP + (_SEP + _BREAK + _SEP).join(encoded) + _SEP if encoded else b""
        )

    def _encode_words(self, words: list[str]) -> bytes:
        codes = self._codes
        try:
            return _SEP.join(map(codes.__getitem__, words))
        except KeyError:
            for word in words:
                if word not in codes:
                    codes[word] = _encode(len(codes))
            return _SEP.join(map(codes.__getitem__, words))

    def _retire(self, doc: int) -> None:
        self._dead.add(doc)
        self._raw[doc] = b""
        for seqs in self._seq.values():
            seqs[doc] = b""

    def delete(self, pmid: str) -> None:
        """Withdraw a record: EFetch omits it and reports it in ``DeleteCitation``."""
        number = int(pmid)
        with self._lock:
            doc = self._live.pop(number, None)
            if doc is not None:
                self._retire(doc)
            self._deleted.add(number)

    def raw(self, pmid: int) -> bytes | None:
        """The stored article bytes, or None for an unknown or deleted PMID."""
        with self._lock:
            doc = self._live.get(pmid)
            return None if doc is None else self._raw[doc]

    def is_deleted(self, pmid: int) -> bool:
        """Whether :meth:`delete` withdrew this PMID (and it was not put back)."""
        with self._lock:
            return pmid in self._deleted

    # --- searching ---------------------------------------------------------

    def search(
        self,
        root: Node,
        *,
        history: Mapping[int, Sequence[int]] | None = None,
        within: Sequence[int] | None = None,
        date_filter: tuple[str, int, int] | None = None,
        sort: str = "",
    ) -> SearchResult:
        """Evaluate a parsed query.

        Args:
            root: the tree from :func:`~reviewkit.loopback.query.parse_query`.
            history: PMIDs stored under each query key the tree references as ``#n``.
            within: PMIDs the result is ANDed with (ESearch's ``query_key``).
            date_filter: ``(field, lo, hi)`` with YYYYMMDD bounds (ESearch's mindate/maxdate).
            sort: ``pub_date`` orders by publication date; anything else by PMID, newest first.
        """
        not_found: list[str] = []
        with self._lock:
            docs = self._eval(root, history or {}, not_found) - self._dead
            if within is not None:
                docs &= self._docs_of(within)
            if date_filter is not None:
                field, lo, hi = date_filter
                column = self._dates[field]
                docs = {d for d in docs if lo <= column[d] <= hi}
            pmid_of = self._doc_pmid
            if sort == "pub_date":
                pdat = self._dates["pdat"]
                ordered = sorted(docs, key=lambda d: (pdat[d], pmid_of[d]), reverse=True)
            else:
                ordered = sorted(docs, key=pmid_of.__getitem__, reverse=True)
            pmids = array("Q", (pmid_of[d] for d in ordered))
        return SearchResult(pmids=pmids, phrases_not_found=tuple(not_found))

    def _docs_of(self, pmids: Iterable[int]) -> set[int]:
        live = self._live
        return {live[p] for p in pmids if p in live}

    def _eval(
        self, node: Node, history: Mapping[int, Sequence[int]], not_found: list[str]
    ) -> set[int]:
        if isinstance(node, BoolOp):
            left = self._eval(node.left, history, not_found)
            right = self._eval(node.right, history, not_found)
            if node.op == "AND":
                return left & right
            return left | right if node.op == "OR" else left - right
        if isinstance(node, HistoryRef):
            return self._docs_of(history.get(node.key, ()))
        if isinstance(node, DateRange):
            column = self._dates[node.field]
            lo, hi = node.lo, node.hi
            return {d for d, value in enumerate(column) if lo <= value <= hi}
        if isinstance(node, UidRange):
            return {d for p, d in self._live.items() if node.lo <= p <= node.hi}
        found = self._term(node)
        if not (found - self._dead):
            not_found.append(node.text)
        return found

    def _term(self, term: Term) -> set[int]:
        if term.field in _KEY_FIELDS:
            table = self._keys[term.field]
            if term.truncated:
                return _union(v for k, v in table.items() if k.startswith(term.key))
            return set(table.get(term.key, ()))
        found: set[int] = set()
        for zone in _FIELD_ZONES.get(term.field, _ZONES):
            found |= self._zone_term(zone, term.tokens, truncated=term.truncated)
        return found

    def _zone_term(self, zone: str, tokens: tuple[str, ...], *, truncated: bool) -> set[int]:
        if not tokens:
            return set()
        postings = self._post[zone]
        if truncated:
            stem = tokens[-1]
            variants = [w for w in postings if w.startswith(stem)]
            if len(tokens) == 1:
                return _union(postings[w] for w in variants)
            return _union(
                self._phrase(zone, (*tokens[:-1], w)) for w in variants[:_TRUNCATION_LIMIT]
            )
        if len(tokens) == 1:
            return set(postings.get(tokens[0], ()))
        return self._phrase(zone, tokens)

    def _phrase(self, zone: str, tokens: tuple[str, ...]) -> set[int]:
        postings = self._post[zone]
        lists = [postings.get(t) for t in tokens]
        present = [p for p in lists if p is not None]
        if len(present) < len(lists):
            return set()
        present.sort(key=len)
        candidates = set(present[0]).intersection(*present[1:])
        pattern = _SEP + _SEP.join(self._codes[t] for t in tokens) + _SEP
        seqs = self._seq[zone]
        return {d for d in candidates if pattern in seqs[d]}


def _union(postings: Iterator[Iterable[int]] | Iterable[Iterable[int]]) -> set[int]:
    result: set[int] = set()
    for posting in postings:
        result.update(posting)
    return result


def _encode(number: int) -> bytes:
    """A word's code: base-254 digits in bytes 2..255, so 0 and 1 stay separators."""
    digits = bytearray()
    while True:
        number, digit = divmod(number, 254)
        digits.append(digit + 2)
        if number == 0:
            return bytes(digits)
