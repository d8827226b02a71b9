"""Dates in PubMed XML: the publication date and the ISO dates of a record's history.

A record carries about seven dates, nearly all spelled the way PubMed always
spells them (``<Year>2016</Year><Month>11</Month><Day>01</Day>``, or
``Nov``); those take a table look-up, anything else the general path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from reviewkit.pubmed_xml.drafts import new_pub_date
from reviewkit.pubmed_xml.text import Element, optional_text
from reviewkit.records import PubDate

__all__ = ["history_dates", "iso_date", "parse_int", "pub_date"]

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# Years PubMed writes as plain four digits; others ("0999", " 2016") take the general path.
_PLAIN_YEARS = frozenset(str(year) for year in range(1000, 10000))
# Month spellings PubMed uses ("6", "06", "Jun") with their number.
_PLAIN_MONTHS = {
    spelling: number
    for number in range(1, 13)
    for spelling in (str(number), f"{number:02d}", _MONTH_NAMES[number - 1].title())
}
_PLAIN_DAYS = {spelling: day for day in range(1, 32) for spelling in (str(day), f"{day:02d}")}
# (Month, Day or None) text -> (month, day, ISO suffix) when the answer does not
# depend on the year: every day but 29 February. A day the month never has is
# dropped, as in _ymd.
_MONTH_DAY: dict[tuple[str, str | None], tuple[int, int | None, str]] = {}
for _month_text, _month in _PLAIN_MONTHS.items():
    _MONTH_DAY[(_month_text, None)] = (_month, None, f"-{_month:02d}")
    for _day_text, _day in _PLAIN_DAYS.items():
        if (_month, _day) == (2, 29):
            continue
        try:
            date(2001, _month, _day)
        except ValueError:
            _MONTH_DAY[(_month_text, _day_text)] = (_month, None, f"-{_month:02d}")
        else:
            _MONTH_DAY[(_month_text, _day_text)] = (_month, _day, f"-{_month:02d}-{_day:02d}")


def parse_int(raw: str | None) -> int | None:
    """The integer in ``raw`` (surrounding whitespace allowed), or None.

    >>> parse_int(" 07 "), parse_int("7a")
    (7, None)
    """
    if raw is None:
        return None
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _ymd(
    year_text: str | None, raw_month: str | None, day_text: str | None
) -> tuple[int | None, int | None, int | None]:
    """Year, month and day from raw text; each None when absent or impossible.

    Months come as names ("Sep") or numbers ("06"); a day must exist in its
    month (PubMed has printed 31 February).
    """
    year = parse_int(year_text)
    if year is None or raw_month is None:
        return year, None, None
    month = parse_int(raw_month)
    if month is None:
        month = _MONTHS.get(raw_month.strip()[:3].lower())
    elif not 1 <= month <= 12:
        month = None
    day = parse_int(day_text)
    if month is None or day is None:
        return year, month, None
    if day > 28 and not _valid_day(year, month, day):
        return year, month, None
    return year, month, day


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def pub_date(elem: Element | None) -> PubDate:
    """The ``PubDate`` of a journal issue or book."""
    if elem is None:
        return new_pub_date(None, None, None, None, None)
    medline_date = optional_text(elem.find("MedlineDate"))
    if medline_date is not None:
        # Free text such as "1998 Dec-1999 Jan": only the first year is reliable.
        found = _YEAR.search(medline_date)
        year = int(found.group()) if found else None
        return new_pub_date(year, None, None, None, medline_date)
    year_text, month_text = elem.findtext("Year"), elem.findtext("Month")
    day_text, season = elem.findtext("Day"), optional_text(elem.find("Season"))
    if year_text in _PLAIN_YEARS and month_text is not None:
        plain = _MONTH_DAY.get((month_text, day_text))
        if plain is not None:
            return new_pub_date(int(year_text), plain[0], plain[1], season, None)
    return new_pub_date(*_ymd(year_text, month_text, day_text), season, None)


def iso_date(elem: Element | None) -> str | None:
    """``2016-11-01`` from Year/Month/Day children (shorter when parts are missing)."""
    if elem is None:
        return None
    year = elem.findtext("Year")
    if year in _PLAIN_YEARS:
        month = elem.findtext("Month")
        if month is None:
            return year
        plain = _MONTH_DAY.get((month, elem.findtext("Day")))
        if plain is not None:
            return year + plain[2]
        return _iso_from_parts(*_ymd(year, month, elem.findtext("Day")))
    return _iso_from_parts(*_ymd(year, elem.findtext("Month"), elem.findtext("Day")))


def _iso_from_parts(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def history_dates(
    pubmed_data: Element | None, dated: Element, electronic: Iterable[Element] = ()
) -> tuple[tuple[str, str], ...]:
    """History statuses, then NLM's DateRevised/DateCompleted, then ArticleDate."""
    pairs: list[tuple[str, str]] = []
    history = pubmed_data.find("History") if pubmed_data is not None else None
    if history is not None:
        for d in history.findall("PubMedPubDate"):
            status, iso = d.get("PubStatus"), iso_date(d)
            if status and iso:
                pairs.append((status, iso))
    if iso := iso_date(dated.find("DateRevised")):
        pairs.append(("revised", iso))
    if iso := iso_date(dated.find("DateCompleted")):
        pairs.append(("completed", iso))
    for d in electronic:
        if d.get("DateType", "Electronic").lower() == "electronic" and (iso := iso_date(d)):
            pairs.append(("electronic", iso))
    return tuple(pairs)
