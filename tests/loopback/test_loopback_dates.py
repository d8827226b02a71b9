"""YYYYMMDD dates: read from PubMed XML elements, parsed from bounds, printed as NCBI does."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from reviewkit.errors import ParseError
from reviewkit.loopback.dates import format_date, history_date, parse_date_bound, pubmed_date


def test_parse_date_bound_forms() -> None:
    assert parse_date_bound("2025/09/27", upper=False) == 20250927
    assert parse_date_bound("2025-09", upper=True) == 20250931
    assert parse_date_bound("1999", upper=True) == 19991231


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("<PubDate><Year>2020</Year><Month>Jan</Month><Day>05</Day></PubDate>", 20200105),
        ("<PubDate><Year>2020</Year><Month>September</Month></PubDate>", 20200901),
        ("<DateRevised><Year>2021</Year><Month>02</Month><Day>03</Day></DateRevised>", 20210203),
        ("<PubDate><Year>1990</Year><Season>Spring</Season></PubDate>", 19900301),
        ("<PubDate><Year>2015</Year><Season>Fall</Season></PubDate>", 20150901),
        ("<PubDate><Year>2010</Year></PubDate>", 20100101),
        ("<PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate>", 19980101),
        ("<PubDate><MedlineDate>Winter</MedlineDate></PubDate>", 0),
        ("<PubDate><Year>2020</Year><Month>13</Month><Day>40</Day></PubDate>", 20201231),
        ("<PubDate/>", 0),
    ],
)
def test_pubmed_dates_in_every_form(xml: str, expected: int) -> None:
    assert pubmed_date(ET.fromstring(xml)) == expected


def test_a_missing_element_is_date_zero() -> None:
    assert pubmed_date(None) == 0
    assert history_date(None, "entrez") == 0


def test_history_dates_are_picked_by_status() -> None:
    data = ET.fromstring(
        "<PubmedData><History>"
        '<PubMedPubDate PubStatus="pubmed"><Year>2015</Year><Month>7</Month><Day>9</Day>'
        "</PubMedPubDate>"
        '<PubMedPubDate PubStatus="entrez"><Year>2015</Year><Month>7</Month><Day>10</Day>'
        "</PubMedPubDate>"
        "</History></PubmedData>"
    )
    assert history_date(data, "entrez") == 20150710
    assert history_date(data, "pubmed") == 20150709
    assert history_date(data, "medline") == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [("20x0", "expected YYYY"), ("2010/13", "out of range"), ("2010/01/32", "out of range")],
)
def test_bad_bounds_are_parse_errors_quoting_the_text(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message) as info:
        parse_date_bound(text, upper=False)
    assert repr(text) in str(info.value)


def test_format_date_pads_as_ncbi_does() -> None:
    assert format_date(20250927) == "2025/09/27"
    assert format_date(9990101) == "0999/01/01"
