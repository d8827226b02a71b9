from __future__ import annotations

import pytest

from reviewkit.errors import ParseError
from reviewkit.formats import parse_export, read_export


def test_real_pubmed_medline_text(data_dir):
    result = read_export(data_dir / "medline_pubmed_result2.txt", source="pubmed")
    assert (result.format, result.dialect, result.records_in_file) == ("medline", "pubmed", 4)
    assert [c.pmid for c in result.citations] == ["16403221", "16377612", "14871861", "14630660"]
    first = result.citations[0]
    assert first.origin == "medline_pubmed_result2.txt:2"
    assert first.title == "A high level interface to SCOP and ASTRAL implemented in python."
    assert first.authors == ("Casbon JA", "Crooks GE", "Saqi MA")
    assert (first.year, first.volume, first.pages) == (2006, "7", "10")
    assert first.journal == "BMC bioinformatics"
    assert first.journal_abbrev == "BMC Bioinformatics"
    assert first.doi == "10.1186/1471-2105-7-10"
    assert first.pmcid == "PMC1373603"
    assert first.issn == "1471-2105"
    assert first.publication_type == "Evaluation Studies; Journal Article"
    assert first.language == "eng"
    assert "*Software" in first.keywords
    assert first.abstract.startswith("BACKGROUND: Benchmarking algorithms")
    assert result.warnings == ()


def test_stray_line_is_refused_with_its_line():
    data = b"PMID- 1\nTI  - A title\nthis is not medline\n"
    with pytest.raises(ParseError, match=r"^x\.nbib:3: not a MEDLINE line"):
        parse_export(data, file_name="x.nbib", source="pubmed")


def test_text_without_pmid_is_refused():
    with pytest.raises(ParseError, match="no 'PMID- ' line"):
        parse_export(b"TI  - A title\n", file_name="x.nbib", source="pubmed", fmt="medline")


def test_a_block_without_pmid_shows_as_a_count_mismatch():
    data = b"PMID- 1\nTI  - One\n\nTI  - No PMID here\n"
    result = parse_export(data, file_name="x.nbib", source="pubmed")
    assert [c.title for c in result.citations] == ["One", "No PMID here"]
    assert result.records_in_file == 1
    assert result.warnings == (
        'x.nbib: the file holds 1 records by its "PMID-" lines, but 2 were read and 0 skipped (+1)',
    )
