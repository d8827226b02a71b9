"""Synthetic PubMed XML: deterministic, NCBI-shaped, and the same in a file or in memory."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import pytest
from Bio import Entrez

from reviewkit.loopback.corpus import Corpus
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


# Digests of write_synthetic_xml output, taken before the generator was split into
# modules. Benchmarks and tests depend on seeded corpora staying the same: a change
# here must be deliberate (and noted where those numbers are reported).
PINNED = {
    (1, 50, 40_000_000): "e3dd0fde37109bad9448457e3db7cb6fd9c72948914fb2b74465124c516449c6",
    (5, 100, 40_000_000): "f69ffd6a96d8f3322aea31bc6d380b2cd2f78ee8acef84f38e5ccd1ae81c3106",
    (3, 5000, 1000): "102f6d4279ad73b630516de6c28b1be3fdf4963bc340e668a846d341646dd579",
}


@pytest.mark.parametrize(("seed", "n", "first_pmid"), list(PINNED))
def test_seeded_output_is_byte_for_byte_stable(
    tmp_path: Path, seed: int, n: int, first_pmid: int
) -> None:
    path = tmp_path / "pinned.xml"
    write_synthetic_xml(path, n, seed=seed, first_pmid=first_pmid)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == PINNED[seed, n, first_pmid]
