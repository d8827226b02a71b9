"""Dates as the loopback server keeps them: YYYYMMDD integers (0 = unknown).

Integers compare and sort cheaply, which is all date searching needs.
:func:`pubmed_date` and :func:`history_date` read them from PubMed XML
(``PubDate`` with its seasons and ``MedlineDate`` ranges, ``History``,
``DateRevised``); :func:`parse_date_bound` reads a query's or ESearch's
``YYYY[/MM[/DD]]`` bound; :func:`format_date` prints one as NCBI does. Pure.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from reviewkit.errors import ParseError

__all__ = ["format_date", "history_date", "parse_date_bound", "pubmed_date"]

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def pubmed_date(elem: ET.Element | None) -> int:
    """YYYYMMDD from a PubDate/History/DateRevised element; 0 when absent.

    A season stands for its first month, a ``MedlineDate`` for 1 January of its
    first year, and a missing month or day for the first.

    >>> pubmed_date(ET.fromstring("<PubDate><Year>2015</Year><Season>Summer</Season></PubDate>"))
    20150601
    >>> pubmed_date(ET.fromstring("<X><MedlineDate>1998 Dec-1999 Jan</MedlineDate></X>"))
    19980101
    """
    if elem is None:
        return 0
    year_text = elem.findtext("Year") or ""
    if not year_text.strip().isdigit():
        medline = re.search(r"\d{4}", elem.findtext("MedlineDate") or "")
        return int(medline.group(0)) * 10000 + 101 if medline else 0
    month_text = (elem.findtext("Month") or "").strip().lower()
    season = (elem.findtext("Season") or "").strip().lower()
    if month_text.isdigit():
        month = int(month_text)
    else:
        month = _MONTHS.get(month_text[:3], _SEASONS.get(season, 1))
    day_text = (elem.findtext("Day") or "").strip()
    day = int(day_text) if day_text.isdigit() else 1
    return int(year_text) * 10000 + max(1, min(month, 12)) * 100 + max(1, min(day, 31))


def history_date(data: ET.Element | None, status: str) -> int:
    """The ``History/PubMedPubDate`` with ``PubStatus=status`` under ``data``; 0 if none."""
    if data is not None:
        for elem in data.iterfind("History/PubMedPubDate"):
            if elem.get("PubStatus") == status:
                return pubmed_date(elem)
    return 0


_DATE_RE = re.compile(r"^\s*(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?\s*$")


def parse_date_bound(text: str, *, upper: bool) -> int:
    """Turn ``YYYY``, ``YYYY/MM`` or ``YYYY/MM/DD`` into a YYYYMMDD integer.

    A lower bound starts at the first day of the period, an upper bound ends on
    its last day (day 31 is fine: only comparisons are made).

    >>> parse_date_bound("2010", upper=False), parse_date_bound("2010/02", upper=True)
    (20100101, 20100231)

    Raises:
        ParseError: the text is not one of the three forms.
    """
    match = _DATE_RE.match(text)
    if match is None:
        raise ParseError(f"date {text!r}: expected YYYY, YYYY/MM or YYYY/MM/DD")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else (12 if upper else 1)
    day = int(match.group(3)) if match.group(3) else (31 if upper else 1)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ParseError(f"date {text!r}: month or day out of range")
    return year * 10000 + month * 100 + day


def format_date(value: int) -> str:
    """Render a YYYYMMDD integer as NCBI prints it: ``2025/09/27``."""
    return f"{value // 10000:04d}/{value // 100 % 100:02d}/{value % 100:02d}"
