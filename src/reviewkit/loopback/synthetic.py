"""Deterministic, realistic-looking PubMed XML for tests and benchmarks.

Records look like EFetch output and are spread over 1990–2026; a few per cent
are about microneedling and alopecia, so topic queries return a small subset.
PMIDs rise with the Entrez date, with gaps, as on PubMed. The same seed gives
the same bytes: benchmarks and tests rely on it.

This module is the entry point: a stream of articles, a file, or an
in-memory :class:`~reviewkit.loopback.corpus.Corpus`. What records are about
is in :mod:`~reviewkit.loopback.synthetic_topics`, who wrote them in
:mod:`~reviewkit.loopback.synthetic_people`, and how one is written in
:mod:`~reviewkit.loopback.synthetic_articles`. Nothing here is real: names,
journals' volumes, DOIs and abstracts are made up; MeSH UIs are illustrative.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reviewkit.loopback.article_fields import IndexedFields
from reviewkit.loopback.article_set import PUBMED_XML_HEADER
from reviewkit.loopback.corpus import Corpus
from reviewkit.loopback.synthetic_articles import ArticleWriter, FastRandom

__all__ = ["iter_synthetic_articles", "synthetic_corpus", "write_synthetic_xml"]


def iter_synthetic_articles(
    n: int, *, seed: int = 42, first_pmid: int = 40_000_000
) -> Iterator[tuple[bytes, IndexedFields]]:
    """Yield ``n`` articles as raw ``<PubmedArticle>`` bytes with their index fields."""
    rng = FastRandom(seed)
    writer = ArticleWriter(rng)
    pmid = first_pmid
    for index in range(n):
        yield writer.article(index, n, pmid)
        pmid += rng.randint(1, 3)  # gaps, as PubMed's PMIDs have


def write_synthetic_xml(
    path: Path, n: int, *, seed: int = 42, first_pmid: int = 40_000_000
) -> None:
    """Stream ``n`` synthetic articles to ``path`` as an EFetch-style ``PubmedArticleSet``."""
    with path.open("wb") as out:
        out.write(PUBMED_XML_HEADER + b"<PubmedArticleSet>\n")
        for raw, _ in iter_synthetic_articles(n, seed=seed, first_pmid=first_pmid):
            out.write(raw)
        out.write(b"</PubmedArticleSet>\n")


def synthetic_corpus(n: int, *, seed: int = 42, first_pmid: int = 40_000_000) -> Corpus:
    """An in-memory corpus of ``n`` synthetic articles (same records as the file)."""
    corpus = Corpus()
    for raw, fields in iter_synthetic_articles(n, seed=seed, first_pmid=first_pmid):
        corpus.put_indexed(raw, fields)
    return corpus
