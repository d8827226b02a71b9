"""Synthetic PubMed XML: deterministic, NCBI-shaped, searchable, and fast enough."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from Bio import Entrez

from reviewkit.loopback.corpus import Corpus, index_fields
from reviewkit.loopback.query import parse_query
from reviewkit.loopback.synthetic import (
    iter_synthetic_articles,
    synthetic_corpus,
    write_synthetic_xml,
)

DATA = Path(__file__).parent.parent / "data" / "loopback"


@pytest.fixture(scope="module")
def xml_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.xml"
    write_synthetic_xml(path, 2000)
    return path


def test_the_file_starts_with_ncbis_exact_prolog(xml_file: Path) -> None:
    real = (DATA / "pubmed1.xml").read_bytes()
    header = real[: real.index(b"<PubmedArticleSet>") + len(b"<PubmedArticleSet>\n")]
    data = xml_file.read_bytes()
    assert data.startswith(header)
    assert data.rstrip().endswith(b"</PubmedArticle></PubmedArticleSet>")


def test_the_file_is_valid_pubmed_xml_for_biopython(xml_file: Path) -> None:
    with xml_file.open("rb") as handle:
        parsed = Entrez.read(handle)  # type: ignore[no-untyped-call] # validates element names against pubmed_250101.dtd
    articles = parsed["PubmedArticle"]
    assert len(articles) == 2000
    first = articles[0]["MedlineCitation"]
    assert first["PMID"] == "40000000"
    assert first["Article"]["ELocationID"][0].attributes["EIdType"] == "doi"


def test_generation_is_deterministic_and_seeded(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.xml", tmp_path / "b.xml", tmp_path / "c.xml"
    write_synthetic_xml(a, 50, seed=1)
    write_synthetic_xml(b, 50, seed=1)
    write_synthetic_xml(c, 50, seed=2)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()


def test_first_pmid_and_rising_pmids_with_gaps() -> None:
    pmids = [f.pmid for _, f in iter_synthetic_articles(200, first_pmid=1000)]
    assert pmids[0] == 1000
    assert all(later > earlier for earlier, later in itertools.pairwise(pmids))
    assert pmids[-1] - pmids[0] > 199  # some PMIDs are skipped, as on PubMed


def test_fast_path_fields_equal_what_the_xml_says() -> None:
    for raw, fields in iter_synthetic_articles(500, seed=11):
        assert index_fields(raw) == fields


def test_records_show_pubmeds_variety(xml_file: Path) -> None:
    data = xml_file.read_bytes().decode()
    assert data.count("<Season>") > 10
    assert data.count("<MedlineDate>") > 10
    assert data.count('<AbstractText Label="METHODS" NlmCategory="METHODS">') > 200
    assert "<i>" in data
    assert "<AffiliationInfo>" in data
    assert "<KeywordList" in data
    assert "<MeshHeadingList>" in data
    assert '<PubMedPubDate PubStatus="entrez">' in data
    assert '<ArticleId IdType="doi">' in data
    counts = [len(re.findall(r"<Author ", a)) for a in data.split("</PubmedArticle>")[:-1]]
    assert min(counts) == 1
    assert max(counts) >= 8


def test_dates_span_1990_to_2026() -> None:
    edats = [f.edat for _, f in iter_synthetic_articles(1000)]
    assert 19900101 <= min(edats) < 19910101
    assert 20260101 <= max(edats) <= 20261231


def test_topic_queries_return_small_subsets() -> None:
    corpus = synthetic_corpus(3000)

    def count(text: str) -> int:
        return len(corpus.search(parse_query(text).root).pmids)

    topic = count("microneedling[tiab] AND (alopecia[tiab] OR hair loss[tiab])")
    assert 20 <= topic <= 300
    assert count("microneedling") > topic
    assert count("journal article[pt]") == 3000


def test_in_memory_corpus_searches_like_the_file(xml_file: Path) -> None:
    from_file = Corpus.from_xml(xml_file)
    in_memory = synthetic_corpus(2000)
    assert from_file.pmids == in_memory.pmids
    for text in [
        '"hair loss"',
        "alopec*[tiab] NOT humans[mh]",
        "smith[au]",
        "2001:2003[dp]",
        "muller[au] OR garcia[au]",
        "j cosmet dermatol[ta]",
        "ger[la]",
    ]:
        root = parse_query(text).root
        assert list(from_file.search(root).pmids) == list(in_memory.search(root).pmids), text
    assert from_file.raw(40000000) == in_memory.raw(40000000)


def test_articles_are_well_formed_one_by_one() -> None:
    for raw, _ in iter_synthetic_articles(100, seed=5):
        assert ET.fromstring(raw).tag == "PubmedArticle"
