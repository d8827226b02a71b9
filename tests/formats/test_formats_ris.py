from __future__ import annotations

import pytest

from reviewkit.errors import ParseError
from reviewkit.formats import read_export


def test_ovid_embase_fields_and_hidden_identifiers(data_dir):
    result = read_export(data_dir / "ris_ovid_embase.ris", source="embase")
    assert (result.format, result.dialect, result.records_in_file) == ("ris", "ovid-embase", 3)
    assert result.skipped == ()
    assert result.warnings == ()
    dhurat, faghihi, abstract = result.citations
    assert dhurat.record_id == "embase:ris_ovid_embase.ris#1"
    assert dhurat.origin == "ris_ovid_embase.ris:1"
    assert dhurat.title.startswith("Response to microneedling treatment")
    assert dhurat.authors == ("Dhurat R.", "Mathapati S.")
    assert (dhurat.year, dhurat.volume, dhurat.issue, dhurat.pages) == (2015, "60", "3", "260-263")
    assert dhurat.journal == "Indian Journal of Dermatology"
    assert dhurat.journal_abbrev == "Indian J. Dermatol."
    # DO kept as the file had it: dedup normalises.
    assert dhurat.doi == "http://dx.doi.org/10.4103/0019-5154.156361"
    assert dhurat.pmid is None
    assert dhurat.publication_type == "Article"
    assert dhurat.keywords == ("androgenetic alopecia", "microneedling")
    assert faghihi.origin == "ris_ovid_embase.ris:21"
    assert faghihi.pmid == "32897622"  # C5 in an Embase record
    assert faghihi.doi == "10.1111/jocd.13714"  # from the L2 link
    assert faghihi.issn == "1473-2165"
    assert faghihi.abstract == (
        "Synthetic test text written by reviewkit: an abstract that wraps onto a second line."
    )
    assert abstract.publication_type == "Conference Abstract"


def test_scopus_article_number_becomes_pages(data_dir):
    result = read_export(data_dir / "ris_scopus.ris", source="scopus")
    (review,) = result.citations
    assert result.dialect == "scopus"
    assert review.pages == "e14267"
    assert review.journal == "Dermatologic Therapy"
    assert review.journal_abbrev == "Dermatol. Ther."
    assert review.doi == "10.1111/dth.14267"
    assert review.authors[0] == "Ocampo-Garza S.S."
    assert review.publication_type == "Review"


def test_web_of_science_authors_and_year(data_dir):
    result = read_export(data_dir / "ris_wos.ris", source="wos")
    (study,) = result.citations
    assert result.dialect == "wos"
    assert study.authors[:2] == ("Dhurat, R", "Sukesh, MS")
    assert study.year == 2013
    assert study.journal == "INTERNATIONAL JOURNAL OF TRICHOLOGY"
    assert study.pages == "6-11"
    assert study.pmid is None
    assert study.publication_type == "JOUR"


def test_central_pubmed_ids_from_accession_and_url(data_dir):
    result = read_export(data_dir / "ris_central.ris", source="central")
    first, second = result.citations
    assert result.dialect == "central"
    assert first.origin == "ris_central.ris:2"  # after the leading blank line
    assert first.pmid == "23960389"
    assert first.journal == "International journal of trichology"
    assert first.journal_abbrev is None
    assert second.pmid == "31254437"
    assert second.doi is None


def test_record_without_title_is_kept_and_bad_year_warned(data_dir):
    result = read_export(data_dir / "ris_no_title_bad_year.ris", source="x")
    empty, bad_year = result.citations
    assert empty.title is None
    assert empty.publication_type == "JOUR"
    assert bad_year.year is None
    assert result.warnings == (
        "ris_no_title_bad_year.ris:4: year '20x1' has no four-digit year; "
        "record kept without a year",
    )


def test_utf8_bom_and_crlf(data_dir):
    result = read_export(data_dir / "utf8_bom.ris", source="x")
    assert result.encoding == "utf-8-sig"
    (letter,) = result.citations
    assert letter.authors == ("Yu, Cheng-Qian", "Guo, Meng-Er")
    assert letter.doi == "10.1097/CM9.0000000000001195"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ris_missing_er.ris", "ris_missing_er.ris:6: the record starting here has no 'ER  -'"),
        ("ris_tag_outside_record.ris", "ris_tag_outside_record.ris:4: tag TI outside a record"),
        ("ris_malformed_tag.ris", "ris_malformed_tag.ris:2: malformed tag line"),
        ("ris_ty_without_er.ris", "ris_ty_without_er.ris:2: 'TY  -' starts a record"),
    ],
)
def test_malformed_ris_is_refused_with_its_line(data_dir, name, message):
    with pytest.raises(ParseError, match="^" + message.replace("(", r"\(")):
        read_export(data_dir / name, source="x")


def test_garbage_before_the_first_record_is_refused():
    from reviewkit.formats import parse_export

    with pytest.raises(ParseError, match=r"^a\.ris:1: text outside a record"):
        parse_export(b"hello\nTY  - JOUR\nER  - \n", file_name="a.ris", source="x", fmt="ris")
    with pytest.raises(ParseError, match="no RIS record"):
        parse_export(b"\n\n", file_name="a.ris", source="x", fmt="ris")


def test_demo_embase_export_parses():
    from pathlib import Path

    import reviewkit.snapshot

    path = Path(reviewkit.snapshot.__file__).parent / "embase_sample.ris"
    result = read_export(path, source="embase")
    assert (result.dialect, result.records_in_file, result.warnings) == ("ovid-embase", 8, ())
    dhurat = result.citations[0]
    assert dhurat.pmid is None
    assert dhurat.doi == "https://doi.org/10.4103/0019-5154.156361"
    assert [c.pmid for c in result.citations if c.pmid] == ["23960389", "32897622", "34854067"]
    assert all(c.abstract is None for c in result.citations)
    assert result.citations[2].year == 2019  # web publication year, not the 2018 issue
