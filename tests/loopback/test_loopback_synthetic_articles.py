"""One synthetic article: its XML has PubMed's variety and its index fields match the XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reviewkit.loopback.article_fields import index_fields
from reviewkit.loopback.synthetic import iter_synthetic_articles, write_synthetic_xml
from reviewkit.loopback.synthetic_articles import ArticleWriter, FastRandom


@pytest.fixture(scope="module")
def xml_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.xml"
    write_synthetic_xml(path, 2000)
    return path


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


def test_articles_are_well_formed_one_by_one() -> None:
    for raw, _ in iter_synthetic_articles(100, seed=5):
        assert ET.fromstring(raw).tag == "PubmedArticle"


def test_fast_random_draws_stay_in_bounds() -> None:
    rng = FastRandom(3)
    draws = [rng.randint(2, 4) for _ in range(2000)]
    assert set(draws) == {2, 3, 4}
    assert {rng.choice("ab") for _ in range(200)} == {"a", "b"}


def test_a_writer_places_articles_in_time_by_their_index() -> None:
    writer = ArticleWriter(FastRandom(9))
    early_xml, early = writer.article(0, 100, 1)
    late_xml, late = writer.article(99, 100, 2)
    assert early.edat < 19910101 < 20260101 <= late.edat
    assert index_fields(early_xml) == early
    assert index_fields(late_xml) == late
