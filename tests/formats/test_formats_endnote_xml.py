from __future__ import annotations

import pytest

from reviewkit.errors import ParseError, UnsafeXML
from reviewkit.formats import parse_export, read_export


@pytest.fixture
def copper(data_dir):
    return read_export(data_dir / "endnote_copper_sample.xml", source="mixed")


def test_counts_and_dialect(copper):
    assert (copper.format, copper.dialect, copper.records_in_file) == ("endnote-xml", "endnote", 20)
    assert len(copper.citations) == 20
    assert copper.skipped == ()
    assert copper.warnings == ()


def test_embase_record(copper):
    embase = copper.citations[0]
    assert embase.origin == "endnote_copper_sample.xml record 1"
    assert embase.title.startswith("Zinc, copper, CD4 T-cell count")
    assert embase.authors[0] == "Asemota, E. A."
    assert len(embase.authors) == 7
    assert embase.journal == "Integrative Medicine Research"
    assert (embase.year, embase.volume, embase.issue, embase.pages) == (2018, "7", "1", "53-60")
    assert embase.doi == "10.1016/j.imr.2018.01.008"
    assert embase.issn == "2213-4239"
    assert embase.pmid is None
    assert embase.publication_type == "Article"
    assert embase.language == "English"
    assert embase.keywords[0] == "copper"


def test_pubmed_ids_from_accession_custom5_and_custom3(copper):
    by_number = {int(c.record_id.rsplit("#", 1)[1]): c for c in copper.citations}
    assert by_number[2].pmid == "29629291"  # PubMed: accession-num
    assert by_number[2].pmcid == "PMC5884009"
    assert by_number[7].pmid == "20578612"  # Embase: custom5
    assert by_number[17].pmid == "6401636"  # CENTRAL: custom3 "PUBMED 6401636"
    assert by_number[17].pages == "187‐192"  # U+2010 kept as exported
    assert by_number[15].publication_type == "Conference Abstract"


def test_caption_gold_label_is_never_read(copper):
    for citation in copper.citations:
        assert "Duplicate" not in {
            v for v in (citation.title, citation.abstract, citation.publication_type) if v
        }
        assert "Duplicate" not in citation.keywords


def test_style_runs_are_joined():
    data = (
        b"<xml><records><record><titles><title><style>Micro</style><style>needling</style>"
        b"</title></titles><dates><year>2015</year></dates></record></records></xml>"
    )
    (only,) = parse_export(data, file_name="e.xml", source="x").citations
    assert (only.title, only.year) == ("Microneedling", 2015)


def test_malformed_xml_names_the_line():
    with pytest.raises(ParseError, match=r"^e\.xml:2: malformed XML"):
        parse_export(b"<xml><records>\n<record></records></xml>", file_name="e.xml", source="x")


def test_other_xml_is_refused():
    with pytest.raises(ParseError, match="is not an EndNote export"):
        parse_export(b"<PubmedArticleSet/>", file_name="p.xml", source="x", fmt="endnote-xml")


def test_entities_are_refused():
    data = b'<!DOCTYPE xml [<!ENTITY a "b">]><xml><records>&a;</records></xml>'
    with pytest.raises(UnsafeXML):
        parse_export(data, file_name="e.xml", source="x")
