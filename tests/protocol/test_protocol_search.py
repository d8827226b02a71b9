"""Tests for reviewkit.protocol.search: the PubMed query and its NCBI date limits."""

from __future__ import annotations

from datetime import date

import pytest

from reviewkit.protocol import PubmedSearch, load_protocol, parse_protocol
from tests.protocol.protocol_support import MINIMAL, REPO_REVIEW, _errors


def test_the_default_query_names_every_concept_variant() -> None:
    query = load_protocol(REPO_REVIEW).search.pubmed.query
    for variant in (
        "microneedling[tiab]",
        '"micro-needling"[tiab]',
        '"micro needling"[tiab]',
        "microneedle*[tiab]",
        "dermaroller*[tiab]",
        '"derma roller"[tiab]',
        "dermapen*[tiab]",
        '"derma pen"[tiab]',
        '"collagen induction therapy"[tiab]',
        '"percutaneous collagen induction"[tiab]',
        '"Alopecia"[MeSH Terms]',
        '"Alopecia Areata"[MeSH Terms]',
        "alopecia[tiab]",
        '"hair loss"[tiab]',
        '"androgenetic alopecia"[tiab]',
        '"alopecia areata"[tiab]',
    ):
        assert variant in query
    assert ") AND (" in query
    assert "\n" not in query  # TOML line continuations leave one line for ESearch
    assert query.count("(") == query.count(")")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('query = "x[tiab]"', 'query = "   "', "[search.pubmed] query: must not be empty"),
        (
            'mindate = "2000"',
            'mindate = "20000"',
            "[search.pubmed] mindate: expected a date as YYYY, YYYY/MM or YYYY/MM/DD",
        ),
        ('mindate = "2000"', 'mindate = "2000-01-01"', "[search.pubmed] mindate: expected"),
        (
            'mindate = "2000"',
            'mindate = "2000/02/30"',
            "[search.pubmed] mindate: '2000/02/30' is not a calendar date",
        ),
        (
            'mindate = "2000"',
            'mindate = "2000"\nmaxdate = "1999/12"',
            "[search.pubmed] mindate '2000' is after maxdate '1999/12'",
        ),
        (
            'mindate = "2000"',
            'mindate = "2000"\nbatch_size = 20',
            "[search.pubmed] batch_size: Input should be greater than or equal to 50",
        ),
        (
            'mindate = "2000"',
            'mindate = "2000"\nbatch_size = 20000',
            "[search.pubmed] batch_size: Input should be less than or equal to 10000",
        ),
        (
            'mindate = "2000"',
            'mindate = "2000"\noverlap_days = -1',
            "[search.pubmed] overlap_days: Input should be greater than or equal to 0",
        ),
        (
            'mindate = "2000"',
            'mindate = "2000"\ndatetype = "dp"',
            "[search.pubmed] datetype: Input should be 'pdat', 'edat' or 'mdat'",
        ),
        (
            'mindate = "2000"',
            'mindate = "2000"\nincremental_datetype = "pdat"',
            "[search.pubmed] incremental_datetype: Input should be 'mdat' or 'edat'",
        ),
    ],
)
def test_bad_values_are_reported_with_their_key(old: str, new: str, expected: str) -> None:
    lines = _errors(MINIMAL.replace(old, new))
    assert any(line.startswith(f"r/review.toml: {expected}") for line in lines), lines


def test_toml_numbers_and_dates_become_ncbi_dates() -> None:
    text = MINIMAL.replace('mindate = "2000"', "mindate = 2000\nmaxdate = 2024-02-29")
    pubmed = parse_protocol(text).search.pubmed
    assert (pubmed.mindate, pubmed.maxdate) == ("2000", "2024/02/29")


def test_a_boolean_is_not_a_date() -> None:
    lines = _errors(MINIMAL.replace('mindate = "2000"', "mindate = true"))
    assert any(line.startswith("r/review.toml: [search.pubmed] mindate:") for line in lines)


def test_an_open_maxdate_means_today() -> None:
    pubmed = PubmedSearch(query="x", mindate="2000/05")
    assert pubmed.date_range(today=date(2025, 1, 9)) == ("2000/05", "2025/01/09")
    closed = PubmedSearch(query="x", mindate="2000", maxdate="2001/02/03")
    assert closed.date_range(today=date(2025, 1, 9)) == ("2000", "2001/02/03")
