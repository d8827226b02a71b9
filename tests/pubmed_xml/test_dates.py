"""Tests for reviewkit.pubmed_xml.dates: publication dates and history dates."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from reviewkit.pubmed_xml.dates import history_dates, iso_date, pub_date
from reviewkit.records import PubDate
from tests.pubmed_xml.pubmed_xml_support import QUIRKS, records


def test_medline_date_numeric_month_and_pages_from_start_and_end():
    ranged, numeric = records(QUIRKS / "medline_date.xml")
    assert ranged.pub_date == PubDate(year=1998, medline_date="1998 Dec-1999 Jan")
    assert ranged.pub_date.text == "1998 Dec-1999 Jan"
    assert ranged.journal.pages == "101-109"
    assert ranged.status == "OLDMEDLINE"
    assert numeric.pub_date == PubDate(year=2003, month=11, day=7)
    assert numeric.journal.pages == "e55"


# --------------------------------------------------------------------------- fast paths


def reference_ymd(year_text, month_text, day_text):
    """The documented rules, written plainly: numbers or month names; real days only."""

    def number(raw):
        raw = None if raw is None else raw.strip()
        return int(raw) if raw and raw.isascii() and raw.isdigit() else None

    year = number(year_text)
    if year is None or month_text is None:
        return year, None, None
    month = number(month_text)
    if month is None:
        names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        prefix = month_text.strip()[:3].lower()
        month = names.index(prefix) + 1 if prefix in names else None
    elif not 1 <= month <= 12:
        month = None
    day = number(day_text)
    if month is None or day is None:
        return year, month, None
    # Only days past the 28th are checked against the calendar, so a day 0
    # is kept, as the parser always has (its output is pinned; see test_reader).
    if day > 28:
        try:
            date(year, month, day)
        except ValueError:
            return year, month, None
    return year, month, day


YEARS = ["2024", "2023", "1900", "2000", "1000", "9999", "0999", " 2016", "20x4", "", None]
MONTHS = [
    *(str(m) for m in range(0, 14)),
    *(f"{m:02d}" for m in range(1, 13)),
    *(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]),
    "Sept",
    "sep",
    " 6 ",
    "",
    None,
]
DAYS = [*(str(d) for d in range(0, 33)), *(f"{d:02d}" for d in range(1, 32)), " 5", "", None]


def date_element(tag, year, month, day):
    elem = ET.Element(tag)
    for child_tag, value in (("Year", year), ("Month", month), ("Day", day)):
        if value is not None:
            ET.SubElement(elem, child_tag).text = value
    return elem


def test_iso_and_publication_dates_follow_the_rules_for_every_spelling():
    checked = 0
    for year in YEARS:
        for month in MONTHS:
            for day in DAYS:
                expected = reference_ymd(year, month, day)
                y, m, d = expected
                iso = None
                if y is not None:
                    iso = f"{y:04d}" + (f"-{m:02d}" if m is not None else "")
                    iso += f"-{d:02d}" if d is not None else ""
                assert iso_date(date_element("PubMedPubDate", year, month, day)) == iso
                assert pub_date(date_element("PubDate", year, month, day)) == PubDate(
                    year=y, month=m, day=d
                ), (year, month, day)
                checked += 1
    assert checked > 10_000


def test_season_and_medline_date_forms():
    elem = date_element("PubDate", "1990", None, None)
    ET.SubElement(elem, "Season").text = " Spring "
    assert pub_date(elem) == PubDate(year=1990, season="Spring")
    elem = date_element("PubDate", "2001", "Feb", "30")
    ET.SubElement(elem, "Season").text = "Winter"
    assert pub_date(elem) == PubDate(year=2001, month=2, season="Winter")
    medline = ET.fromstring("<PubDate><MedlineDate>Winter 1998-1999</MedlineDate></PubDate>")
    assert pub_date(medline) == PubDate(year=1998, medline_date="Winter 1998-1999")
    assert pub_date(None) == PubDate()
    assert iso_date(None) is None


def test_history_dates_in_order_with_only_electronic_article_dates():
    pubmed_data = ET.fromstring(
        "<PubmedData><History>"
        '<PubMedPubDate PubStatus="received"><Year>2020</Year><Month>10</Month></PubMedPubDate>'
        '<PubMedPubDate PubStatus="pubmed"><Year>x</Year></PubMedPubDate>'
        "<PubMedPubDate><Year>2020</Year></PubMedPubDate>"
        "</History></PubmedData>"
    )
    citation = ET.fromstring(
        "<MedlineCitation><DateCompleted><Year>2021</Year><Month>05</Month><Day>04</Day>"
        "</DateCompleted><DateRevised><Year>2022</Year><Month>1</Month><Day>30</Day>"
        "</DateRevised></MedlineCitation>"
    )
    electronic = [
        date_element("ArticleDate", "2021", "1", "15"),
        date_element("ArticleDate", "2021", "2", "1"),
    ]
    electronic[1].set("DateType", "Print")
    assert history_dates(pubmed_data, citation, electronic) == (
        ("received", "2020-10"),
        ("revised", "2022-01-30"),
        ("completed", "2021-05-04"),
        ("electronic", "2021-01-15"),
    )
