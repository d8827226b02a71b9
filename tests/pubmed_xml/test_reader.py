"""Tests for reviewkit.pubmed_xml.reader: the streaming driver, end to end."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from reviewkit.errors import ParseError
from reviewkit.pubmed_xml import parse_pubmed_file, parse_pubmed_xml, pubmed_xml_is_complete
from reviewkit.records import DeletedCitations, PubmedRecord, SkippedRecord
from tests.pubmed_xml import golden_support
from tests.pubmed_xml.pubmed_xml_support import (
    ENTREZ,
    HEADER,
    QUIRKS,
    REAL_FILES,
    DripStream,
    article,
    document,
    records,
    records_from,
)


@pytest.mark.parametrize(
    ("name", "pmids"),
    [
        ("pubmed1.xml", ["12091962", "9997"]),
        ("pubmed2.xml", ["11748933", "11700088"]),
        ("pubmed4.xml", ["27797938"]),
        ("pubmed5.xml", ["28775130"]),
        ("pubmed6.xml", ["30108519"]),
        ("pubmed7.xml", ["29963580"]),
    ],
)
def test_every_real_file_parses_to_its_pmids(name, pmids):
    assert [r.pmid for r in records(ENTREZ / name)] == pmids


def test_real_files_are_all_covered():
    assert [p.name for p in REAL_FILES] == [
        "pubmed1.xml",
        "pubmed2.xml",
        "pubmed4.xml",
        "pubmed5.xml",
        "pubmed6.xml",
        "pubmed7.xml",
    ]


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_bytes_streams_and_tiny_reads_give_the_same_records(path):
    data = path.read_bytes()
    expected = list(parse_pubmed_xml(data))
    assert list(parse_pubmed_xml(io.BytesIO(data))) == expected
    assert list(parse_pubmed_xml(DripStream(data, 7))) == expected  # type: ignore[arg-type]


def test_delete_citation_follows_the_articles():
    items = list(parse_pubmed_file(QUIRKS / "delete_citation.xml"))
    assert [type(i) for i in items] == [PubmedRecord, DeletedCitations]
    assert items[1] == DeletedCitations(pmids=("90000011", "90000012"))  # type: ignore[arg-type]
    assert isinstance(items[0], PubmedRecord)
    assert items[0].status == "Publisher"
    assert items[0].publication_status == "aheadofprint"


def test_citations_without_pmid_or_title_are_skipped_not_fatal():
    items = list(parse_pubmed_file(QUIRKS / "missing_pmid.xml"))
    assert items[0] == SkippedRecord(position=1, reason="MedlineCitation without PMID")
    assert items[1] == SkippedRecord(position=2, reason="empty ArticleTitle", pmid="90000041")
    assert isinstance(items[2], PubmedRecord)
    assert items[2].pmid == "90000042"
    assert items[3] == SkippedRecord(position=4, reason="PubmedArticle without MedlineCitation")


def test_an_empty_set_yields_nothing():
    assert list(parse_pubmed_file(QUIRKS / "empty_set.xml")) == []
    pubmed_xml_is_complete((QUIRKS / "empty_set.xml").read_bytes())


def test_the_dtd_named_in_the_doctype_is_never_fetched():
    data = (
        b'<!DOCTYPE PubmedArticleSet SYSTEM "file:///nonexistent/pubmed.dtd">'
        b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>5</PMID><Article>"
        b"<ArticleTitle>T</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
        b"</PubmedArticleSet>"
    )
    assert [r.pmid for r in records_from(data)] == ["5"]


def test_records_before_a_truncation_are_yielded_then_the_error_is_raised():
    data = (ENTREZ / "pubmed1.xml").read_bytes()
    cut = data.index(b"</PubmedArticle>") + len(b"</PubmedArticle>") + 40
    items = parse_pubmed_xml(data[:cut], origin="cut")
    first = next(items)
    assert isinstance(first, PubmedRecord)
    assert first.pmid == "12091962"
    with pytest.raises(ParseError, match=r"^cut: "):
        next(items)


def test_a_missing_file_is_a_parse_error_naming_it(tmp_path):
    missing = tmp_path / "nope.xml"
    with pytest.raises(ParseError, match=r"nope\.xml: cannot open"):
        list(parse_pubmed_file(missing))


def test_many_citations_across_chunks_and_batches_keep_order():
    data = document(*(article(i) for i in range(1, 2001)))
    assert [r.pmid for r in records_from(data)] == [str(i) for i in range(1, 2001)]


def test_a_broken_citation_mid_file_is_reported_by_absolute_line_after_earlier_ones():
    broken = article(5).replace(b"<Article>", b"<Article>\n<Oops></Article>")
    data = document(*(article(i) for i in range(1, 5)), broken, article(6))
    items = parse_pubmed_xml(data, origin="mid")
    assert [next(items).pmid for _ in range(4)] == ["1", "2", "3", "4"]  # type: ignore[union-attr]
    # HEADER is 2 lines, the root line 3, citations 1-4 lines 4-7, then 8-9.
    with pytest.raises(ParseError, match=r"^mid: .* at line 9, column 8: mismatched tag"):
        next(items)


def test_an_entity_in_a_later_citation_names_its_line_and_column():
    data = document(article(1), article(2, "a &nbsp; b"))
    with pytest.raises(ParseError, match=r"line 5, column 71: undefined entity &nbsp;"):
        list(parse_pubmed_xml(data))


def test_a_latin1_document_is_decoded_as_declared():
    data = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<PubmedArticleSet>'
        + article(1, "Caf\xe9").replace(b"Caf\xc3\xa9", b"Caf\xe9")
        + b"</PubmedArticleSet>"
    )
    assert [r.title for r in records_from(data)] == ["Caf\xe9"]


def synthetic(n: int) -> bytes:
    """`n` citations made from the two pubmed1.xml articles, with fresh PMIDs."""
    text = (ENTREZ / "pubmed1.xml").read_bytes()
    body = text[text.index(b"<PubmedArticle>") : text.rindex(b"</PubmedArticleSet>")]
    parts = [HEADER, b"<PubmedArticleSet>"]
    for i in range(n // 2):
        parts.append(body.replace(b">12091962<", b">%d<" % (50000000 + 2 * i)))
    parts.append(b"</PubmedArticleSet>")
    return b"".join(parts)


def peak_bytes(data: bytes) -> int:
    # No gc.collect() here: a full collection empties the free lists again.
    tracemalloc.start()
    try:
        count = sum(1 for _ in parse_pubmed_xml(data))
        return tracemalloc.get_traced_memory()[1] if count else 0
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_file_grows():
    # Measured in a fresh interpreter: tracemalloc sees every thread, and other
    # tests leave background threads (Prefect's test server) allocating.
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from tests.pubmed_xml.test_reader import measure_growth; print(*measure_growth())"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(Path(__file__).resolve().parents[2])],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    small_peak, large_peak = int(out[0]), int(out[1])
    # Ten times the records may not cost more than a small fixed allowance.
    assert large_peak < small_peak + 64 * 1024, (small_peak, large_peak)
    assert large_peak < 1024 * 1024


def measure_growth() -> tuple[int, int]:
    """Peak traced bytes parsing 300 and 3,000 citations, after a warm-up."""
    # Warm up untraced: CPython's free lists (about 2,000 tuples) and caches fill
    # once and would otherwise look like growth.
    sum(1 for _ in parse_pubmed_xml(synthetic(3000)))
    small, large = synthetic(300), synthetic(3000)
    assert len(large) > 9 * len(small)
    return peak_bytes(small), peak_bytes(large)


# --------------------------------------------------------------------------- golden results


GOLDEN = json.loads(golden_support.GOLDEN.read_text(encoding="utf-8"))


def test_the_golden_file_covers_every_stored_document():
    assert sorted(GOLDEN["files"]) == sorted(
        str(path.relative_to(golden_support.DATA)) for path in golden_support.FILES
    )
    assert len(GOLDEN["files"]) == 25


@pytest.mark.parametrize("path", golden_support.FILES, ids=lambda p: p.name)
def test_every_stored_document_parses_exactly_as_before_the_speed_work(path):
    name = str(path.relative_to(golden_support.DATA))
    found = golden_support.outcome(parse_pubmed_xml, path.read_bytes(), path.name)
    assert found == GOLDEN["files"][name]


def test_a_synthetic_corpus_parses_exactly_as_before_the_speed_work():
    expected = GOLDEN["synthetic"]
    found = golden_support.synthetic_digests(parse_pubmed_xml)
    assert found["input_sha256"] == expected["input_sha256"], (
        "reviewkit.loopback.synthetic now writes other XML: if that was intended, "
        "regenerate the golden file (see tests/pubmed_xml/golden_support.py)"
    )
    assert found["output_sha256"] == expected["output_sha256"]
