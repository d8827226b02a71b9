"""Cutting a PubmedArticleSet into verbatim articles and deleted PMIDs; EFetch's prolog."""

from __future__ import annotations

import mmap
from pathlib import Path

import pytest

from reviewkit.errors import ParseError
from reviewkit.loopback.article_set import PUBMED_XML_HEADER, split_article_set
from tests.loopback.article_support import DATA, article


def test_the_header_is_ncbis_prolog_byte_for_byte() -> None:
    real = (DATA / "pubmed1.xml").read_bytes()
    assert real.startswith(PUBMED_XML_HEADER + b"<PubmedArticleSet>")


def test_articles_come_out_verbatim_in_order_with_deletions() -> None:
    first, second = article(5, "A"), article(6, "B")
    book = b'<PubmedBookArticle lang="en"><BookDocument/></PubmedBookArticle>'
    data = (
        b"<PubmedArticleSet>\n"
        + first
        + book
        + second
        + b'<DeleteCitation><PMID Version="1">7</PMID>\n<PMID Version="1"> 8 </PMID>'
        + b"</DeleteCitation></PubmedArticleSet>"
    )
    articles, deleted = split_article_set(data)
    assert list(articles) == [first, book, second]
    assert deleted == [7, 8]


def test_a_mapped_file_is_split_like_bytes(tmp_path: Path) -> None:
    path = tmp_path / "set.xml"
    path.write_bytes(b"<PubmedArticleSet>" + article(5, "A") + b"</PubmedArticleSet>")
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        articles, deleted = split_article_set(m)
        assert list(articles) == [article(5, "A")]
    assert deleted == []


def test_other_documents_are_rejected_naming_the_origin() -> None:
    with pytest.raises(ParseError, match=r"^esearch\.xml: expected a <PubmedArticleSet>"):
        split_article_set(b"<eSearchResult/>", origin="esearch.xml")
