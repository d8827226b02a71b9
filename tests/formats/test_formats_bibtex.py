from __future__ import annotations

import pytest

from reviewkit.errors import ParseError
from reviewkit.formats import parse_export, read_export


def test_latex_accents_braces_and_fields(data_dir):
    result = read_export(data_dir / "bibtex_latex_accents.bib", source="bib")
    assert (result.format, result.records_in_file) == ("bibtex", 4)
    faghihi, kumar, dhurat = result.citations
    assert faghihi.record_id == "bib:bibtex_latex_accents.bib#1"
    assert faghihi.origin == "bibtex_latex_accents.bib:5"
    assert faghihi.authors == (
        "Faghihi, Gita",
        "Nabavinejad, Samin",
        "Mokhtari, Fatemeh",
        "Fatemi Naeini, Farahnaz",
        "Iraji, Fariba",
    )
    assert faghihi.title == (
        "Microneedling in androgenetic alopecia; comparing two different depths of microneedles"
    )
    assert faghihi.journal == "J Cosmet Dermatol"  # from @string
    assert (faghihi.year, faghihi.volume, faghihi.issue) == (2021, "20", "4")
    assert faghihi.pages == "1241-1247"
    assert faghihi.pmid == "32897622"
    assert faghihi.keywords[:2] == ("androgenetic alopecia", "depth of microneedle")
    assert faghihi.abstract == (
        "Synthetic text: Müller, García and Ångström — 50% unescaped, 5% escaped."
    )
    assert faghihi.publication_type == "article"
    # DOIs are never LaTeX-decoded: the underscores survive.
    assert kumar.doi == "10.4103/JCAS.JCAS_130_17"
    assert kumar.publication_type == "article"  # bibtexparser lower-cases entry types
    assert dhurat.record_id == "bib:bibtex_latex_accents.bib#4"
    assert dhurat.journal == "Indian Journal of Dermatology"
    assert dhurat.doi == "10.4103/0019-5154.156361"
    assert dhurat.publication_type == "inproceedings"


def test_broken_entry_is_skipped_with_its_line(data_dir):
    result = read_export(data_dir / "bibtex_latex_accents.bib", source="bib")
    (skipped,) = result.skipped
    assert skipped.where == "bibtex_latex_accents.bib:31"
    assert skipped.reason.startswith("unparseable BibTeX entry")
    assert result.warnings == ()


def test_duplicate_keys_are_kept_with_a_warning():
    data = b"@article{a, title={One}}\n@article{a, title={Two}}\n"
    result = parse_export(data, file_name="d.bib", source="bib")
    assert [c.title for c in result.citations] == ["One", "Two"]
    assert result.warnings == ("d.bib:2: Duplicate entry key 'a'; entry read anyway",)


def test_a_file_without_entries_is_refused():
    with pytest.raises(ParseError, match="no BibTeX entry"):
        parse_export(b"just words\n", file_name="d.bib", source="bib", fmt="bibtex")
