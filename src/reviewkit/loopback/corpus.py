"""The loopback server's PubMed: raw articles by PMID, searchable, thread-safe.

Each ``<PubmedArticle>`` is kept as the exact bytes it arrived as, so EFetch
can serve it verbatim; its searchable fields (:mod:`~reviewkit.loopback.article_fields`)
go into a :class:`~reviewkit.loopback.index.SearchIndex`. Replacing a record
(:meth:`Corpus.put`) adds a new document and retires the old one, keeping the
PMID's place in :attr:`Corpus.pmids`; :meth:`Corpus.delete` withdraws one, as
a ``DeleteCitation`` does. One lock guards the store and the index.
"""

from __future__ import annotations

import mmap
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from reviewkit.errors import ParseError
from reviewkit.loopback.article_fields import IndexedFields, index_fields
from reviewkit.loopback.article_set import split_article_set
from reviewkit.loopback.index import SearchIndex, SearchResult
from reviewkit.loopback.query_tree import Node

__all__ = ["Corpus"]


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
        self._index = SearchIndex()
        self._raw: list[bytes] = []  # by document number, parallel to the index
        self._live: dict[int, int] = {}  # pmid -> docnum, in first-insertion order
        self._deleted: set[int] = set()

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
            doc = self._index.add(fields)
            old = self._live.get(fields.pmid)
            if old is not None:
                self._retire(old)
            self._live[fields.pmid] = doc
            self._deleted.discard(fields.pmid)
            self._raw.append(raw)

    def _retire(self, doc: int) -> None:
        self._raw[doc] = b""
        self._index.retire(doc)

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

    def search(
        self,
        root: Node,
        *,
        history: Mapping[int, Sequence[int]] | None = None,
        within: Sequence[int] | None = None,
        date_filter: tuple[str, int, int] | None = None,
        sort: str = "",
    ) -> SearchResult:
        """Evaluate a parsed query over the live records.

        Args:
            root: the tree from :func:`~reviewkit.loopback.query.parse_query`.
            history: PMIDs stored under each query key the tree references as ``#n``.
            within: PMIDs the result is ANDed with (ESearch's ``query_key``).
            date_filter: ``(field, lo, hi)`` with YYYYMMDD bounds (ESearch's mindate/maxdate).
            sort: ``pub_date`` orders by publication date; anything else by PMID, newest first.
        """
        with self._lock:
            return self._index.search(
                root,
                live=self._live,
                history=history,
                within=within,
                date_filter=date_filter,
                sort=sort,
            )
