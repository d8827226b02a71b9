"""``PubmedArticleSet`` documents: EFetch's prolog, and cutting a set into its articles.

Articles are located by pattern, not parsed, so each keeps the exact bytes it
arrived as: the server sends them back verbatim. Works on bytes or an ``mmap``
of a large file alike. Pure.
"""

from __future__ import annotations

import mmap
import re
from collections.abc import Iterator

from reviewkit.errors import ParseError

__all__ = ["PUBMED_XML_HEADER", "split_article_set"]

# EFetch's prolog and DOCTYPE exactly as NCBI sends them (pubmed1.xml, Nov 2025).
PUBMED_XML_HEADER = (
    b'<?xml version="1.0" ?>\n'
    b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)

_ARTICLE_RE = re.compile(rb"<(PubmedArticle|PubmedBookArticle)(?:\s[^>]*)?>.*?</\1>", re.DOTALL)
_DELETE_RE = re.compile(rb"<DeleteCitation>(.*?)</DeleteCitation>", re.DOTALL)
_PMID_RE = re.compile(rb"<PMID[^>]*>\s*(\d+)\s*</PMID>")


def split_article_set(
    data: bytes | mmap.mmap, *, origin: str = "<bytes>"
) -> tuple[Iterator[bytes], list[int]]:
    """Cut a ``PubmedArticleSet`` into its articles' raw bytes (lazily) and deleted PMIDs.

    >>> articles, deleted = split_article_set(
    ...     b"<PubmedArticleSet><PubmedArticle>A</PubmedArticle><DeleteCitation>"
    ...     b'<PMID Version="1">6</PMID></DeleteCitation></PubmedArticleSet>'
    ... )
    >>> list(articles), deleted
    ([b'<PubmedArticle>A</PubmedArticle>'], [6])

    Raises:
        ParseError: the data holds no ``PubmedArticleSet``.
    """
    if data.find(b"<PubmedArticleSet") < 0:
        raise ParseError(f"{origin}: expected a <PubmedArticleSet> document")
    articles = (m.group(0) for m in _ARTICLE_RE.finditer(data))
    deleted = [int(p) for block in _DELETE_RE.findall(data) for p in _PMID_RE.findall(block)]
    return articles, deleted
