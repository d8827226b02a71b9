from __future__ import annotations

import pytest

from reviewkit.errors import ParseError
from reviewkit.formats import parse_export, read_export


def test_scopus_csv(data_dir):
    result = read_export(data_dir / "csv_scopus.csv", source="scopus")
    assert (result.format, result.dialect, result.encoding) == ("csv", "scopus", "utf-8-sig")
    assert result.records_in_file == 2
    liang, yepuri = result.citations
    assert liang.authors == (
        "Liang X.",
        "Chang Y.",
        "Wu H.",
        "Liu Y.",
        "Zhao J.",
        "Wang L.",
        "Zhuo F.",
    )
    assert liang.pages == "905140"  # article number
    assert liang.abstract is None  # "[No abstract available]"
    assert liang.pmid == "35899211"
    assert liang.journal == "Frontiers in Medicine"
    assert liang.journal_abbrev == "Front. Med."
    assert liang.keywords == ("female pattern hair loss", "microneedling", "minoxidil")
    assert liang.language == "English"
    assert liang.publication_type == "Article"
    assert yepuri.authors == ("Yepuri, V.", "Venkataram, M.")
    assert yepuri.pages == "184-190"
    assert yepuri.doi == "10.4103/JCAS.JCAS_33_20"
    assert yepuri.origin == "csv_scopus.csv:3"
    assert yepuri.abstract.endswith("spread over two lines inside quotes.")


def test_web_of_science_tab_delimited(data_dir):
    result = read_export(data_dir / "csv_wos.txt", source="wos")
    assert (result.format, result.dialect, result.records_in_file) == ("csv", "wos", 2)
    dhurat, english = result.citations
    assert dhurat.authors == ("Dhurat, Rachita", "Mathapati, Sukesh")  # AF before AU
    assert dhurat.journal == "INDIAN JOURNAL OF DERMATOLOGY"
    assert dhurat.journal_abbrev == "Indian J. Dermatol."
    assert (dhurat.year, dhurat.pages, dhurat.doi) == (2015, "260-263", "10.4103/0019-5154.156361")
    assert dhurat.keywords == ("Androgenetic alopecia", "microneedling")
    assert english.year == 2021  # early access, no PY yet
    assert english.pmid == "34854067"
    assert english.publication_type == "Review"
    assert result.warnings == ()


def test_generic_csv_rows_skips_and_warnings(data_dir):
    result = read_export(data_dir / "csv_generic.csv", source="mine")
    assert result.dialect == "generic"
    assert result.records_in_file == 4  # the all-empty row is not a record
    gupta, aggarwal, id_only = result.citations
    assert gupta.record_id == "mine:csv_generic.csv#1"
    assert gupta.authors == ("Gupta AK", "Quinlan EM", "Venkataraman M", "Bamimore MA")
    assert (gupta.pmid, gupta.publication_type, gupta.volume) == ("34714971", "Review", None)
    assert aggarwal.year is None
    assert id_only.title is None
    assert id_only.record_id == "mine:csv_generic.csv#3"
    (skipped,) = result.skipped
    assert skipped.where == "csv_generic.csv row 4"
    assert "14 cells but the header has 13 columns" in skipped.reason
    assert result.warnings == (
        "csv_generic.csv:3: year '20x1' has no four-digit year; record kept without a year",
    )


def test_generic_csv_missing_columns_are_named(data_dir):
    with pytest.raises(ParseError, match="lacks columns authors, journal, volume, issue, pages"):
        read_export(data_dir / "csv_generic_missing_columns.csv", source="mine")


def test_column_map(data_dir):
    result = read_export(
        data_dir / "csv_generic_missing_columns.csv",
        source="mine",
        column_map={"title": "title", "year": "year"},
    )
    (only,) = result.citations
    assert (result.dialect, only.title, only.year) == (
        "mapped",
        "Microneedling for Hair Loss",
        2022,
    )
    with pytest.raises(ParseError, match="no column Heading"):
        read_export(data_dir / "csv_generic.csv", source="m", column_map={"title": "Heading"})
    with pytest.raises(ParseError, match="unknown fields colour"):
        read_export(data_dir / "csv_generic.csv", source="m", column_map={"colour": "title"})


def test_cp1252_csv(data_dir):
    result = read_export(data_dir / "csv_latin1.csv", source="mine")
    assert result.encoding == "cp1252"
    assert result.citations[0].abstract == "Synthetic note: café au lait – written by reviewkit"
    assert result.citations[0].authors == ("Faghihi G", "Fatemi Naeini F")


def test_unknown_header_is_refused():
    with pytest.raises(ParseError, match="matches no known layout"):
        parse_export(b"a,b\n1,2\n", file_name="t.csv", source="x")
    with pytest.raises(ParseError, match="empty table"):
        parse_export(b"", file_name="t.csv", source="x")


def test_generic_csv_authors_in_any_list_style():
    data = (
        b"record_id,title,authors,year,journal,volume,issue,pages,doi,abstract\n"
        b'1,A,"Dhurat, R; Sukesh, M",2013,J,5,1,6-11,,\n'
        b'2,B,"Dhurat, R and Sukesh, M",2013,J,5,1,6-11,,\n'
        b'3,C,"Dhurat R, Sukesh M",2013,J,5,1,6-11,,\n'
        b'4,D,"Dhurat, Rachita",2013,J,5,1,6-11,,\n'
    )
    result = parse_export(data, file_name="t.csv", source="x")
    assert [c.authors for c in result.citations] == [
        ("Dhurat, R", "Sukesh, M"),
        ("Dhurat, R", "Sukesh, M"),
        ("Dhurat R", "Sukesh M"),
        ("Dhurat, Rachita",),
    ]
