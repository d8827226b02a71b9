"""Shared helpers for the PubMed XML parser tests: data paths, tiny documents, slow streams."""

from __future__ import annotations

import io
from pathlib import Path

from reviewkit.pubmed_xml import parse_pubmed_file, parse_pubmed_xml
from reviewkit.records import PubmedRecord

DATA = Path(__file__).resolve().parents[1] / "data"
ENTREZ = DATA / "ncbi" / "Entrez"
QUIRKS = DATA / "pubmed"
REAL_FILES = sorted(ENTREZ.glob("pubmed*.xml"))

HEADER = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
    b'1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


def records(path: Path) -> list[PubmedRecord]:
    items = list(parse_pubmed_file(path))
    assert all(isinstance(i, PubmedRecord) for i in items), items
    return [i for i in items if isinstance(i, PubmedRecord)]


def one(path: Path) -> PubmedRecord:
    (record,) = records(path)
    return record


def records_from(data: bytes) -> list[PubmedRecord]:
    return [i for i in parse_pubmed_xml(data) if isinstance(i, PubmedRecord)]


def one_from(citation: bytes) -> PubmedRecord:
    """The record of one ``<PubmedArticle>`` (or book) in a document of its own."""
    (record,) = records_from(b"<PubmedArticleSet>" + citation + b"</PubmedArticleSet>")
    return record


class DripStream(io.RawIOBase):
    """A binary stream that hands out at most `size` bytes per read."""

    def __init__(self, data: bytes, size: int) -> None:
        self._data = memoryview(data)
        self._size = size

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        chunk = bytes(self._data[: self._size])
        self._data = self._data[len(chunk) :]
        return chunk


def article(pmid: int, title: str = "T") -> bytes:
    return (
        b"<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article><ArticleTitle>%s"
        b"</ArticleTitle></Article></MedlineCitation></PubmedArticle>" % (pmid, title.encode())
    )


def document(*items: bytes, tail: bytes = b"</PubmedArticleSet>\n") -> bytes:
    return HEADER + b"<PubmedArticleSet>\n" + b"\n".join(items) + b"\n" + tail
