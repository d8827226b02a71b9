"""Locators: pages, volumes, issues and years in comparable form."""

import pytest

from reviewkit.dedup.locators import (
    first_page,
    page_range,
    pages_compatible,
    plausible_year,
    series_volume,
    volume_key,
    years_compatible,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("211-6", ("211", "216")),
        ("211-216", ("211", "216")),
        ("1565-71", ("1565", "1571")),
        ("401‐403", ("401", "403")),
        ("761--778", ("761", "778")),
        ("083-087", ("83", "87")),
        ("e14267", ("e14267", "e14267")),
        ("905140", ("905140", "905140")),
        ("S12", ("s12", "s12")),
        ("S12-S15", ("s12", "s15")),
    ],
)
def test_page_ranges(raw, expected):
    assert page_range(raw) == expected


def test_pages_compatibility():
    assert pages_compatible(first_page("211-6"), first_page("211-216"))
    assert pages_compatible(first_page("e14267"), first_page("14267"))
    assert pages_compatible(first_page("1-10"), first_page("905140"))
    assert not pages_compatible(first_page("211-6"), first_page("311-6"))


def test_volumes_and_years():
    assert volume_key("Vol. 45") == volume_key("45") == "45"
    assert volume_key("10628 LNCS") == "10628"
    assert volume_key("(no pagination)") == ""
    assert years_compatible(2019, 2020)
    assert not years_compatible(2018, 2020)


def test_placeholder_years_are_absent():
    assert plausible_year(2013) == 2013
    assert plausible_year(0) is None
    assert plausible_year(9999) is None


def test_series_volume_numbering():
    assert series_volume("11872", "3")
    assert not series_volume("45", "46")
    assert not series_volume("1864", "1865")
    assert not series_volume("11872", "")
