"""The corpus's search index, and evaluating a parsed query against it.

Documents are numbered in the order they were added. Per *zone* (title,
abstract, keywords, MeSH words, journal, authors; see
:mod:`~reviewkit.loopback.index_terms`) the index keeps:

* a posting list of document numbers per word, in ``array('I')``;
* each document's word sequence as a short byte string, so phrases are
  checked with one C-speed substring search instead of re-parsing XML.

It also keeps exact-value postings for fields matched as a whole (MeSH
heading, publication type, author, journal, language) and three date columns
(pdat, edat, mdat). Postings are append-only: a replaced or withdrawn
document is *retired*, not removed. Which PMID is current for which document
is the corpus's business (:class:`~reviewkit.loopback.corpus.Corpus`), which
also holds the lock: the index itself is not thread-safe.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from reviewkit.loopback.article_fields import IndexedFields
from reviewkit.loopback.index_terms import KEY_FIELDS, ZONES, IndexTerms
from reviewkit.loopback.query_tree import BoolOp, DateRange, HistoryRef, Node, Term, UidRange
from reviewkit.loopback.words import tokenise

__all__ = ["SearchIndex", "SearchResult"]

# The zones each text field searches.
_FIELD_ZONES: dict[str, tuple[str, ...]] = {
    "all": ZONES,
    "tiab": ("ti", "ab", "kw"),  # PubMed's [tiab] includes author keywords
    "tw": ("ti", "ab", "kw", "mh"),
    "ti": ("ti",),
    "ab": ("ab",),
    "kw": ("kw",),
}
_TRUNCATION_LIMIT = 600  # PubMed historically expanded a truncated phrase to 600 variants

_SEP = b"\x00"  # between words in a zone sequence
_BREAK = b"\x01"  # between entries (two keywords), so phrases never span them


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResult:
    """Matching PMIDs in result order, and the terms that matched nothing at all."""

    pmids: array[int]
    phrases_not_found: tuple[str, ...] = ()


class SearchIndex:
    """Postings, word sequences, exact keys and dates for documents 0, 1, 2, …

    >>> index = SearchIndex()
    >>> index.add(IndexedFields(pmid=7, titles=("Hair loss",), pdat=20200105))
    0
    >>> from reviewkit.loopback.query import parse_query
    >>> list(index.search(parse_query('"hair loss"[ti]').root, live={7: 0}).pmids)
    [7]
    """

    def __init__(self) -> None:
        self._terms = IndexTerms()
        self._codes: dict[str, bytes] = {}
        self._post: dict[str, dict[str, array[int]]] = {z: {} for z in ZONES}
        self._seq: dict[str, list[bytes]] = {z: [] for z in ZONES}
        self._keys: dict[str, dict[str, array[int]]] = {f: {} for f in KEY_FIELDS}
        self._doc_pmid: array[int] = array("Q")
        self._dates: dict[str, array[int]] = {f: array("I") for f in ("pdat", "edat", "mdat")}
        self._dead: set[int] = set()

    def add(self, fields: IndexedFields) -> int:
        """Index one article as a new document; return its document number."""
        # Everything that can fail runs before the first append, so a failure
        # leaves the index as it was.
        zones, keys = self._terms.of(fields)
        doc = len(self._doc_pmid)
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
        return doc

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

    def retire(self, doc: int) -> None:
        """Drop a replaced or withdrawn document from every future result."""
        self._dead.add(doc)
        for seqs in self._seq.values():
            seqs[doc] = b""

    def search(
        self,
        root: Node,
        *,
        live: Mapping[int, int],
        history: Mapping[int, Sequence[int]] | None = None,
        within: Sequence[int] | None = None,
        date_filter: tuple[str, int, int] | None = None,
        sort: str = "",
    ) -> SearchResult:
        """Evaluate a parsed query.

        Args:
            root: the tree from :func:`~reviewkit.loopback.query.parse_query`.
            live: the current document of each PMID; resolves ``#n``, ``within``
                and UID ranges.
            history: PMIDs stored under each query key the tree references as ``#n``.
            within: PMIDs the result is ANDed with (ESearch's ``query_key``).
            date_filter: ``(field, lo, hi)`` with YYYYMMDD bounds (ESearch's mindate/maxdate).
            sort: ``pub_date`` orders by publication date; anything else by PMID, newest first.
        """
        not_found: list[str] = []
        docs = self._eval(root, live, history or {}, not_found) - self._dead
        if within is not None:
            docs &= _docs_of(live, within)
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

    def _eval(
        self,
        node: Node,
        live: Mapping[int, int],
        history: Mapping[int, Sequence[int]],
        not_found: list[str],
    ) -> set[int]:
        if isinstance(node, BoolOp):
            left = self._eval(node.left, live, history, not_found)
            right = self._eval(node.right, live, history, not_found)
            if node.op == "AND":
                return left & right
            return left | right if node.op == "OR" else left - right
        if isinstance(node, HistoryRef):
            return _docs_of(live, history.get(node.key, ()))
        if isinstance(node, DateRange):
            column = self._dates[node.field]
            lo, hi = node.lo, node.hi
            return {d for d, value in enumerate(column) if lo <= value <= hi}
        if isinstance(node, UidRange):
            return {d for p, d in live.items() if node.lo <= p <= node.hi}
        found = self._term(node)
        if not (found - self._dead):
            not_found.append(node.text)
        return found

    def _term(self, term: Term) -> set[int]:
        if term.field in KEY_FIELDS:
            table = self._keys[term.field]
            if term.truncated:
                return _union(v for k, v in table.items() if k.startswith(term.key))
            return set(table.get(term.key, ()))
        found: set[int] = set()
        for zone in _FIELD_ZONES.get(term.field, ZONES):
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


def _docs_of(live: Mapping[int, int], pmids: Iterable[int]) -> set[int]:
    return {live[p] for p in pmids if p in live}


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
