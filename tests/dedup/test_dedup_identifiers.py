"""DOI and PMID normalisation: every spelling an export uses, one form."""

import pytest

from reviewkit.dedup.identifiers import normalise_doi, normalise_pmid


@pytest.mark.parametrize(
    "raw",
    [
        "10.4103/ijt.ijt_14_17",
        "https://doi.org/10.4103/IJT.IJT_14_17",
        "http://dx.doi.org/10.4103/ijt.ijt_14_17",
        "doi:10.4103/ijt.ijt_14_17",
        "DOI 10.4103/IJT.IJT_14_17",
        "DOI: 10.4103/ijt.ijt_14_17.",
        "https://doi.org/10.4103%2Fijt.ijt_14_17",
        " 10.4103/ijt.ijt_14_17; ",
    ],
)
def test_doi_forms(raw):
    assert normalise_doi(raw) == "10.4103/ijt.ijt_14_17"


@pytest.mark.parametrize("raw", [None, "", "n/a", "11.1000/x", "10.1000"])
def test_invalid_dois_are_absent(raw):
    assert normalise_doi(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("23960389", "23960389"),
        ("PMID: 23960389", "23960389"),
        ("pmid23960389", "23960389"),
        ("https://pubmed.ncbi.nlm.nih.gov/23960389/", "23960389"),
        ("https://www.ncbi.nlm.nih.gov/pubmed/23960389", "23960389"),
        ("CN-01799773", None),
        ("WOS:000123", None),
        (None, None),
    ],
)
def test_pmid_forms(raw, expected):
    assert normalise_pmid(raw) == expected
