"""Tests for reviewkit.pubmed_xml on real NCBI payloads and hand-made quirk files."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from reviewkit.errors import ParseError, UnsafeXML
from reviewkit.pubmed_xml import parse_pubmed_file, parse_pubmed_xml, pubmed_xml_is_complete
from reviewkit.records import (
    Author,
    DeletedCitations,
    Link,
    MeshHeading,
    MeshQualifier,
    PubDate,
    PubmedRecord,
    SkippedRecord,
)

DATA = Path(__file__).parent / "data"
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


# --------------------------------------------------------------------------- real files


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


def test_pubmed1_season_date_keywords_and_doi_only_in_article_id_list():
    prison, magnetic = records(ENTREZ / "pubmed1.xml")
    assert prison.pub_date == PubDate(year=1990, season="Spring")
    assert prison.pub_date.text == "1990 Spring"
    assert prison.year == 1990
    assert prison.keywords == ("Health Care and Public Health", "Legal Approach")
    assert prison.doi is None
    assert prison.publication_types == ("Journal Article", "Review")
    assert prison.mesh[1] == MeshHeading(
        descriptor="Acquired Immunodeficiency Syndrome", ui="D000163", major=True
    )
    assert prison.journal.pages == "113-25"
    assert prison.journal.issn_type == "Print"
    # The 1976 record has its DOI only in PubmedData/ArticleIdList.
    assert magnetic.doi == "10.1016/0005-2795(76)90109-4"
    assert magnetic.pii == "0005-2795(76)90109-4"
    assert magnetic.pub_date == PubDate(year=1976, month=9, day=28)
    assert magnetic.mesh[1].qualifiers == (
        MeshQualifier(name="enzymology", ui="Q000201", major=True),
    )
    assert magnetic.dates == (
        ("pubmed", "1976-09-28"),
        ("medline", "1976-09-28"),
        ("entrez", "1976-09-28"),
        ("revised", "2019-06-09"),
        ("completed", "1976-12-30"),
    )


def test_pubmed2_affiliations_status_and_character_references():
    cryo, mri = records(ENTREZ / "pubmed2.xml")
    assert (cryo.status, mri.status) == ("MEDLINE", "PubMed-not-MEDLINE")
    assert [len(a.affiliations) for a in cryo.authors] == [1, 0, 0, 0, 0, 0, 0, 0]
    assert (
        cryo.authors[0]
        .affiliations[0]
        .startswith("Dipartimento di Scienze Ambientali, Università degli Studi della Tuscia")
    )
    assert cryo.authors[0].display == "Taddei AR"
    assert cryo.journal.pages == "244-55"
    assert cryo.pub_date == PubDate(year=2001, month=6)
    # CopyrightInformation is not abstract text.
    assert "Copyright" not in cryo.abstract_text
    assert "(P < 0.001)" in cryo.abstract_text


def test_pubmed4_structured_abstract_markup_links_and_ids():
    record = one(ENTREZ / "pubmed4.xml")
    assert record.title == (
        "Leucocyte telomere length, genetic variants at the TERT gene region "
        "and risk of pancreatic cancer."
    )
    assert [s.label for s in record.abstract] == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    assert "ptrend=0.048" in record.abstract[2].text
    assert "(linkage disequilibrium r2<0.25)" in record.abstract[2].text
    assert record.abstract_text.startswith("OBJECTIVE: Telomere shortening")
    # 48 "Cites" entries are the reference list; only the CommentIn remains.
    assert record.links == (
        Link(ref_type="CommentIn", ref_source="Gut. 2017 Jun;66(6):1", pmid="27920200"),
    )
    assert record.doi == "10.1136/gutjnl-2016-312510"
    assert record.pmcid == "PMC5442267"
    assert record.pii == "gutjnl-2016-312510"
    assert ("mid", "NIHMS857349") in record.article_ids
    assert len(record.authors) == 22
    assert sum(len(a.affiliations) for a in record.authors) == 38
    assert record.authors[2].affiliations == (
        "Department of Epidemiology, Harvard T.H. Chan School of Public Health, "
        "Boston, Massachusetts, USA.",
        "Department of Medical Oncology, Dana-Farber Cancer Institute, Boston, Massachusetts, USA.",
    )
    assert record.journal.pages == "1116-1122"
    assert record.pub_date == PubDate(year=2017, month=6)
    assert ("electronic", "2016-10-21") in record.dates
    assert ("revised", "2018-04-17") in record.dates  # DateRevised, after History's revised
    assert dict(record.dates)["revised"] == "2018-04-17"


def test_pubmed5_in_data_review_with_nlm_categories():
    record = one(ENTREZ / "pubmed5.xml")
    assert record.status == "In-Data-Review"
    assert [(s.label, s.category) for s in record.abstract] == [
        ("OBJECTIVES", "OBJECTIVE"),
        ("METHODS", "METHODS"),
        ("RESULTS", "RESULTS"),
        ("CONCLUSIONS", "CONCLUSIONS"),
    ]
    assert record.mesh == ()
    assert record.links == ()


def test_pubmed6_html_and_mathml_become_clean_text():
    record = one(ENTREZ / "pubmed6.xml")
    assert record.title.startswith('A "Blood Relationship" Between the Overlooked')
    text = record.abstract_text
    assert "<" not in text.replace("P < 0.001", "")
    assert "mml" not in text
    assert "\n" not in text
    assert "maximal oxygen uptake ( V.O2max ) 67.6 ± 4.1 ml·kg-1·min-1]" in text
    assert "(LEmin)" in text
    assert record.status == "PubMed-not-MEDLINE"
    assert record.publication_status == "epublish"
    assert record.pii is None
    assert record.journal.issn == "1664-042X"


def test_pubmed7_orcid_mathml_and_reference_list_ignored():
    record = one(ENTREZ / "pubmed7.xml")
    assert [a.orcid for a in record.authors if a.orcid] == [
        "0000-0002-4590-7461",
        "0000-0003-3525-2788",
    ]
    assert record.authors[1].family == "Capaldi"
    assert "(1) inhaled He3/Xe129 MRI ventilation" in record.abstract_text
    assert "ultrashort echo-time H1 MRI proton density" in record.abstract_text
    assert record.doi == "10.1117/1.jmi.5.2.026002"  # normalised
    assert ("doi", "10.1117/1.JMI.5.2.026002") in record.article_ids  # kept verbatim
    assert record.pii == "17360RR"
    # ReferenceList ArticleIds belong to the cited papers, not to this record.
    assert record.article_ids == (
        ("pubmed", "29963580"),
        ("doi", "10.1117/1.JMI.5.2.026002"),
        ("pii", "17360RR"),
        ("pmc", "PMC6022861"),
    )
    assert sum(len(a.affiliations) for a in record.authors) == 15


def test_pubmed3_html_is_refused_with_a_clear_message():
    path = ENTREZ / "pubmed3.html"
    with pytest.raises(
        ParseError, match=r"pubmed3\.html: expected root element <PubmedArticleSet>"
    ):
        list(parse_pubmed_file(path))
    with pytest.raises(ParseError, match=r"found <html>"):
        pubmed_xml_is_complete(path.read_bytes(), origin="pubmed3.html")


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_real_files_are_complete(path):
    pubmed_xml_is_complete(path.read_bytes(), origin=path.name)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_bytes_streams_and_tiny_reads_give_the_same_records(path):
    data = path.read_bytes()
    expected = list(parse_pubmed_xml(data))
    assert list(parse_pubmed_xml(io.BytesIO(data))) == expected
    assert list(parse_pubmed_xml(DripStream(data, 7))) == expected  # type: ignore[arg-type]


# --------------------------------------------------------------------------- quirk files


def test_book_article():
    record = one(QUIRKS / "book_article.xml")
    assert record.kind == "book"
    assert record.pmid == "90000001"
    assert record.version == 2
    assert record.title == "Microneedling for androgenetic alopecia"
    assert record.book_title == "Hair Disorders® Handbook"
    assert record.publisher == "Example Academic Press"
    assert record.pub_date == PubDate(year=2024, month=3)
    # Chapter authors, not the book's editors.
    assert record.authors == (
        Author(
            family="Writer",
            given="Wanda",
            initials="W",
            suffix="Jr",
            affiliations=("Example University Hospital",),
        ),
    )
    assert [(s.label, s.category) for s in record.abstract] == [
        ("INTRODUCTION", "BACKGROUND"),
        ("SUMMARY", "CONCLUSIONS"),
    ]
    assert record.article_ids == (("bookaccession", "NBK900001"), ("pubmed", "90000001"))
    assert record.publication_types == ("Review",)
    assert record.keywords == ("microneedling",)
    assert record.publication_status == "ppublish"
    assert record.dates == (
        ("pubmed", "2024-03-10"),
        ("entrez", "2024-03-10"),
        ("revised", "2024-06-15"),
    )
    assert record.journal.volume == "2"


def test_delete_citation_follows_the_articles():
    items = list(parse_pubmed_file(QUIRKS / "delete_citation.xml"))
    assert [type(i) for i in items] == [PubmedRecord, DeletedCitations]
    assert items[1] == DeletedCitations(pmids=("90000011", "90000012"))  # type: ignore[arg-type]
    assert isinstance(items[0], PubmedRecord)
    assert items[0].status == "Publisher"
    assert items[0].publication_status == "aheadofprint"


def test_medline_date_numeric_month_and_pages_from_start_and_end():
    ranged, numeric = records(QUIRKS / "medline_date.xml")
    assert ranged.pub_date == PubDate(year=1998, medline_date="1998 Dec-1999 Jan")
    assert ranged.pub_date.text == "1998 Dec-1999 Jan"
    assert ranged.journal.pages == "101-109"
    assert ranged.status == "OLDMEDLINE"
    assert numeric.pub_date == PubDate(year=2003, month=11, day=7)
    assert numeric.journal.pages == "e55"


def test_vernacular_title_is_used_only_when_the_title_is_empty():
    german, french = records(QUIRKS / "vernacular_title_only.xml")
    assert german.title == "Microneedling bei androgenetischer Alopezie."
    assert german.pub_date == PubDate(year=2019, season="Winter")
    assert french.title == "[Microneedling in alopecia]."


def test_authors_orcid_forms_invalid_names_suffix_and_collectives():
    record = one(QUIRKS / "authors_collective_orcid.xml")
    assert record.authors == (
        Author(
            family="Dhurat",
            given="Rachita",
            initials="R",
            orcid="0000-0002-4590-7461",
            affiliations=("Department A, City.", "Department B."),
        ),
        # "Smtih" carries ValidYN="N" and is left out.
        Author(
            family="Smith", given="John", initials="J", suffix="3rd", orcid="0000-0001-2345-678X"
        ),
        Author(collective="Hair Loss Study Group"),
        Author(family="Lee"),
    )
    assert [a.display for a in record.authors] == [
        "Dhurat R",
        "Smith J 3rd",
        "Hair Loss Study Group",
        "Lee",
    ]


def test_identifiers_links_markup_and_dates():
    record = one(QUIRKS / "identifiers_and_links.xml")
    assert record.version == 3
    # ValidYN="N" ELocationID DOI loses to the ArticleIdList DOI, normalised.
    assert record.doi == "10.5555/example.2021.7"
    assert record.pmcid == "PMC9000070"
    assert record.pii == "S0000-0000(21)00001-X"  # from ELocationID when not listed
    assert record.links == (
        Link(ref_type="ErratumIn", ref_source="Ex Dermatol. 2021 Mar;9(3):5", pmid="90000071"),
        Link(ref_type="RetractionIn", ref_source="Ex Dermatol. 2022;10:1", pmid="90000072"),
        Link(ref_type="CommentOn", ref_source="Some letter without PMID"),
    )
    assert record.abstract_text == "Text with bold, H2O and x2 and underline."
    assert record.keywords == ("microneedling", "hair")
    assert record.languages == ("eng", "spa")
    assert record.pub_date == PubDate(year=2021, month=2)  # 31 February dropped
    assert record.dates == (
        ("received", "2020-10-01"),
        ("aheadofprint", "2021-01"),
        ("revised", "2022-01-30"),
        ("completed", "2021-05-04"),
        ("electronic", "2021-01-15"),
    )
    assert record.mesh[0].qualifiers[1] == MeshQualifier(name="pathology", ui="Q000473", major=True)
    assert ("pubmed", "22222222") not in record.article_ids


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


def records_from(data: bytes) -> list[PubmedRecord]:
    return [i for i in parse_pubmed_xml(data) if isinstance(i, PubmedRecord)]


# --------------------------------------------------------------------------- unsafe and broken XML


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion_laughs.xml", r"billion_laughs\.xml: the DOCTYPE declares entity 'lol' at line 3"),
        ("external_entity.xml", r"external_entity\.xml: the DOCTYPE declares entity 'xxe'"),
        ("external_parameter_entity.xml", r"declares parameter entity 'remote'"),
    ],
)
def test_entity_declarations_are_refused(name, message):
    path = QUIRKS / name
    started = time.perf_counter()
    with pytest.raises(UnsafeXML, match=message):
        list(parse_pubmed_file(path))
    with pytest.raises(UnsafeXML, match=message):
        pubmed_xml_is_complete(path.read_bytes(), origin=name)
    with pytest.raises(UnsafeXML):
        list(parse_pubmed_xml(DripStream(path.read_bytes(), 5)))  # type: ignore[arg-type]
    assert time.perf_counter() - started < 1.0  # refused before any expansion


def test_unsafe_xml_is_a_parse_error():
    assert issubclass(UnsafeXML, ParseError)


def test_truncated_body_raises_with_origin_line_and_column():
    data = (QUIRKS / "truncated.xml").read_bytes()
    with pytest.raises(ParseError, match=r"^batch 7: .* at line 4, column 1313: no element found"):
        list(parse_pubmed_xml(data, origin="batch 7"))
    with pytest.raises(ParseError, match=r"^batch 7: .*line 4, column 1313"):
        pubmed_xml_is_complete(data, origin="batch 7")


def test_records_before_a_truncation_are_yielded_then_the_error_is_raised():
    data = (ENTREZ / "pubmed1.xml").read_bytes()
    cut = data.index(b"</PubmedArticle>") + len(b"</PubmedArticle>") + 40
    items = parse_pubmed_xml(data[:cut], origin="cut")
    first = next(items)
    assert isinstance(first, PubmedRecord)
    assert first.pmid == "12091962"
    with pytest.raises(ParseError, match=r"^cut: "):
        next(items)


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.2, 0.5, 0.9, 0.999])
def test_is_complete_rejects_every_cut(fraction):
    data = (ENTREZ / "pubmed1.xml").read_bytes()
    with pytest.raises(ParseError):
        pubmed_xml_is_complete(data[: int(len(data) * fraction)])


def test_undefined_entity_is_malformed():
    path = QUIRKS / "undefined_entity.xml"
    with pytest.raises(ParseError, match=r"line 3, column 127: undefined entity &nbsp;"):
        list(parse_pubmed_file(path))
    with pytest.raises(ParseError, match=r"undefined entity &nbsp;"):
        pubmed_xml_is_complete(path.read_bytes())


def test_efetch_error_envelope_is_not_a_pubmed_article_set():
    with pytest.raises(ParseError, match=r"found <eFetchResult>"):
        list(parse_pubmed_file(QUIRKS / "efetch_error.xml"))


def test_mismatched_tags_are_reported_by_position():
    data = HEADER + b"<PubmedArticleSet><PubmedArticle></MedlineCitation></PubmedArticleSet>"
    with pytest.raises(ParseError, match=r"^x: .*line 3, column 35: mismatched tag"):
        list(parse_pubmed_xml(data, origin="x"))


def test_a_missing_file_is_a_parse_error_naming_it(tmp_path):
    missing = tmp_path / "nope.xml"
    with pytest.raises(ParseError, match=r"nope\.xml: cannot open"):
        list(parse_pubmed_file(missing))


# --------------------------------------------------------------------------- memory


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
        "from tests.test_pubmed_xml import measure_growth; print(*measure_growth())"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(Path(__file__).resolve().parents[1])],
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


# --------------------------------------------------------------------------- top-level splitting


def article(pmid: int, title: str = "T") -> bytes:
    return (
        b"<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article><ArticleTitle>%s"
        b"</ArticleTitle></Article></MedlineCitation></PubmedArticle>" % (pmid, title.encode())
    )


def document(*items: bytes, tail: bytes = b"</PubmedArticleSet>\n") -> bytes:
    return HEADER + b"<PubmedArticleSet>\n" + b"\n".join(items) + b"\n" + tail


@pytest.mark.parametrize("size", [1, 5, 64, 10_000])
def test_item_tags_with_whitespace_attributes_comments_and_pis(size):
    data = document(
        b'<PubmedArticle  note="a>b" >' + article(1)[len(b"<PubmedArticle>") :],
        article(2).replace(b"</PubmedArticle>", b"</PubmedArticle\n >"),
        b"<!-- </PubmedArticle> --><?pi data?>",
        b"<DeleteCitation><PMID>3</PMID></DeleteCitation>",
        b"<PubmedArticle/>",
        tail=b"</PubmedArticleSet >\n<!-- done -->\n",
    )
    items = list(parse_pubmed_xml(DripStream(data, size)))  # type: ignore[arg-type]
    assert items == list(parse_pubmed_xml(data))
    assert [getattr(i, "pmid", None) for i in items[:2]] == ["1", "2"]
    assert items[2] == DeletedCitations(pmids=("3",))  # type: ignore[arg-type]
    assert items[3] == SkippedRecord(position=3, reason="PubmedArticle without MedlineCitation")


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


def test_text_between_citations_is_refused():
    data = document(article(1), b"stray text", article(2))
    with pytest.raises(ParseError, match=r"^t: expected only whitespace .* at line 5, column 0"):
        list(parse_pubmed_xml(data, origin="t"))


def test_an_unexpected_top_level_element_is_refused():
    data = document(article(1), b"<PubmedArticleX/>")
    with pytest.raises(ParseError, match=r"found <PubmedArticleX> at line 5, column 0"):
        list(parse_pubmed_xml(data))


def test_a_missing_root_end_tag_is_an_error_after_the_records():
    data = document(article(1), tail=b"")
    items = parse_pubmed_xml(data, origin="end")
    assert next(items).pmid == "1"  # type: ignore[union-attr]
    with pytest.raises(ParseError, match=r"^end: .* at line 5, column 0: no element found"):
        next(items)


def test_junk_after_the_root_is_an_error():
    data = document(article(1), tail=b"</PubmedArticleSet>\n<PubmedArticle/>")
    with pytest.raises(ParseError, match=r"line 6, column 0: junk after document element"):
        list(parse_pubmed_xml(data))


def test_an_empty_self_closing_set_and_namespace_prefixes_on_the_root():
    assert list(parse_pubmed_xml(b"<PubmedArticleSet/>\n")) == []
    data = (
        b'<PubmedArticleSet xmlns:mml="http://www.w3.org/1998/Math/MathML"><PubmedArticle>'
        b"<MedlineCitation><PMID>7</PMID><Article><ArticleTitle>V<mml:math><mml:mi>x</mml:mi>"
        b"</mml:math></ArticleTitle></Article></MedlineCitation></PubmedArticle>"
        b"</PubmedArticleSet>"
    )
    assert [r.title for r in records_from(data)] == ["Vx"]


def test_a_latin1_document_is_decoded_as_declared():
    data = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<PubmedArticleSet>'
        + article(1, "Caf\xe9").replace(b"Caf\xc3\xa9", b"Caf\xe9")
        + b"</PubmedArticleSet>"
    )
    assert [r.title for r in records_from(data)] == ["Caf\xe9"]


def test_every_chunk_boundary_gives_the_same_items():
    # Adjacent citations, so an end tag can end exactly at a chunk's edge.
    data = (
        b"<PubmedArticleSet>" + b"".join(article(i) for i in range(1, 4)) + b"</PubmedArticleSet>"
    )
    expected = list(parse_pubmed_xml(data))
    assert len(expected) == 3
    for size in range(1, len(article(1)) + 20):
        assert list(parse_pubmed_xml(DripStream(data, size))) == expected, size  # type: ignore[arg-type]


@pytest.mark.parametrize("cut", [-30, -200, -400])
def test_errors_on_a_shared_line_after_non_ascii_text_match_a_whole_document_check(cut):
    # Columns count characters, like expat's; "é" and "Ł" are two bytes each.
    data = b"<PubmedArticleSet>" + article(1, "Café Ł") * 3
    data = (data + article(9, "x" * 300))[:cut]
    with pytest.raises(ParseError) as whole:
        pubmed_xml_is_complete(data, origin="w")
    with pytest.raises(ParseError) as streamed:
        list(parse_pubmed_xml(data, origin="w"))
    assert str(streamed.value) == str(whole.value)
