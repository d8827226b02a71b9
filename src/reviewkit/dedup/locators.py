"""Locators: where an article sits in its journal (year, volume, issue, pages).

``211-6`` beside ``211-216``, ``Vol. 12`` beside ``12``, ``No. 3`` beside ``3``,
an e-pub year beside the print year: each function reduces one of these to a
comparable form, and what cannot be read becomes absent (``""`` or ``None``).
"""

from __future__ import annotations

import re

from reviewkit.dedup.folding import fold

__all__ = [
    "first_page",
    "issue_key",
    "page_range",
    "pages_compatible",
    "plausible_year",
    "series_volume",
    "volume_key",
    "years_compatible",
]


_PAGE_SPLIT = re.compile(r"\s*(?:-+|–|—|‐|‑|‒|−|\bto\b)\s*")
_PAGE_TOKEN = re.compile(r"^[a-z]{0,3}\d+[a-z]?$")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EXCEL_DATE = re.compile(rf"^(\d{{1,2}})-((?:{'|'.join(_MONTHS)})[a-z]*)$")


def page_range(raw: str | None) -> tuple[str, str] | None:
    """First and last page, with an abbreviated last page written out.

    >>> page_range("211-6")
    ('211', '216')
    >>> page_range("1565‐1571")
    ('1565', '1571')
    >>> page_range("e14267")
    ('e14267', 'e14267')
    >>> page_range("S12--S15")
    ('s12', 's15')
    >>> page_range("pp. 761--778")
    ('761', '778')
    >>> page_range("083-7")
    ('83', '87')
    >>> page_range("01-Aug")
    ('1', '8')
    >>> page_range("n/a") is None
    True
    """
    if not raw:
        return None
    text = raw.strip().lower().removeprefix("pp.").removeprefix("p.").strip()
    excel = _EXCEL_DATE.match(text)
    if excel is not None:  # "1-8" that a spreadsheet turned into the date "01-Aug"
        return str(int(excel.group(1))), str(_MONTHS.index(excel.group(2)[:3]) + 1)
    parts = [p.strip(" .,;") for p in _PAGE_SPLIT.split(text, maxsplit=1)]
    first = parts[0]
    if not _PAGE_TOKEN.match(first):
        return None
    last = parts[1] if len(parts) > 1 and parts[1] else first
    if not _PAGE_TOKEN.match(last):
        last = first
    if first.isdigit():
        first = first.lstrip("0") or "0"
    if last.isdigit():
        last = last.lstrip("0") or "0"
    if last.isdigit() and first.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def first_page(raw: str | None) -> str:
    """The first page in comparable form (``""`` when absent or unreadable).

    >>> first_page("211-6"), first_page("e14267"), first_page(None)
    ('211', 'e14267', '')
    """
    found = page_range(raw)
    return found[0] if found else ""


def pages_compatible(a: str, b: str) -> bool:
    """Whether two first pages (from :func:`first_page`) can be the same article.

    Equal after dropping a letter prefix (``e14267`` = ``14267``) counts, and so
    does page 1 beside a long article number (an e-locator listed as pages 1-n).

    >>> pages_compatible("e14267", "14267"), pages_compatible("1", "905140")
    (True, True)
    >>> pages_compatible("211", "311")
    False
    """
    if a == b:
        return True
    da, db = a.lstrip("abcdefghijklmnopqrstuvwxyz"), b.lstrip("abcdefghijklmnopqrstuvwxyz")
    if da and da == db:
        return True
    return (da == "1" and len(db) >= 4) or (db == "1" and len(da) >= 4)


_LEADING_NUMBER = re.compile(r"^(\d+)")
_ROMAN_VOLUMES = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})


def volume_key(raw: str | None) -> str:
    """Volume as comparable text: its leading number (``""`` when absent or unreadable).

    Series suffixes (``10628 LNCS``) and words (``Vol.``) go; a volume that is
    not a number (``(no pagination)``, a conference name) counts as absent.

    >>> volume_key("Vol. 12"), volume_key("10628 LNCS"), volume_key("(no pagination)")
    ('12', '10628', '')
    """
    if not raw:
        return ""
    text = fold(raw)
    for prefix in ("volume ", "vol "):
        text = text.removeprefix(prefix)
    found = _LEADING_NUMBER.match(text)
    if found is not None:
        return found.group(1).lstrip("0") or "0"
    return text if text in _ROMAN_VOLUMES else ""


def issue_key(raw: str | None) -> str:
    """Issue as comparable text: ``No. 3`` → ``3``; supplements keep their word.

    >>> issue_key("No. 3"), issue_key("Suppl 1"), issue_key(None)
    ('3', 'suppl1', '')
    """
    if not raw:
        return ""
    text = fold(raw)
    for prefix in ("number ", "no ", "issue "):
        text = text.removeprefix(prefix)
    return text.replace(" ", "")


def years_compatible(a: int | None, b: int | None) -> bool:
    """Years at most one apart (e-pub vs print) or unknown are compatible.

    >>> years_compatible(2019, 2020), years_compatible(2018, 2020), years_compatible(None, 2020)
    (True, False, True)
    """
    return a is None or b is None or abs(a - b) <= 1


#: Years outside this range are export placeholders (``0``, ``9999``), not facts.
_YEAR_RANGE = (1500, 2100)


def plausible_year(year: int | None) -> int | None:
    """``year`` if it can be a publication year, else ``None`` (absent).

    >>> plausible_year(2019), plausible_year(0), plausible_year(9999), plausible_year(None)
    (2019, None, None, None)
    """
    if year is None or not _YEAR_RANGE[0] <= year <= _YEAR_RANGE[1]:
        return None
    return year


def series_volume(a: str, b: str) -> bool:
    """Whether two volume keys follow different numbering schemes.

    Proceedings are cited with the book series' volume (``LNCS 10628``, four or
    five digits) by some exports and with the part of the proceedings (``2``) by
    others: the two numbers cannot be compared.

    >>> series_volume("10628", "2"), series_volume("12", "13"), series_volume("1864", "1865")
    (True, False, False)
    """
    if not (a.isdigit() and b.isdigit()):
        return False
    short, long = sorted((a, b), key=len)
    return len(long) >= 4 and len(short) <= 2
