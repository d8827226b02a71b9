"""Light cleaning of exported field values, and identifiers hidden in other fields.

Pure. Values stay as the file had them (stripped, empty → None); matching-grade
normalisation (DOI case, title punctuation) belongs to deduplication.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

__all__ = [
    "clean",
    "doi_in",
    "first",
    "pmcid_in",
    "pmid_in",
    "split_authors",
    "split_lines",
    "wos_document_type",
    "year_in",
    "year_or_warning",
]

_YEAR = re.compile(r"(?<!\d)([12]\d{3})(?!\d)")
# PubMed ids as databases hide them: URLs, "PMID: 123", CENTRAL/EndNote "PUBMED 123".
_PMID_PATTERNS = (
    re.compile(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d{1,9})\b", re.IGNORECASE),
    re.compile(r"ncbi\.nlm\.nih\.gov/pubmed/(\d{1,9})\b", re.IGNORECASE),
    re.compile(r"[?&]list_uids=(\d{1,9})\b", re.IGNORECASE),
    re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE),
    re.compile(r"\bPUBMED\s+(\d{1,9})\b", re.IGNORECASE),
)
_DOI_PATTERNS = (
    re.compile(r"doi\.org/(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE),
    re.compile(r"\bdoi:?\s*(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE),
)
_PMCID = re.compile(r"\b(PMC\d{1,9})\b")


def clean(value: object) -> str | None:
    """Strip a value; empty or missing becomes None.

    >>> clean("  Int J Trichology ") , clean("  "), clean(None)
    ('Int J Trichology', None, None)
    """
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def first(*values: str | None) -> str | None:
    """The first value that is not empty after cleaning.

    >>> first(None, " ", "JF", "T2")
    'JF'
    """
    for value in values:
        cleaned = clean(value)
        if cleaned is not None:
            return cleaned
    return None


def split_lines(value: str | None) -> tuple[str, ...]:
    """Split a multi-valued cell (CR/LF separated, as EndNote writes them) into values."""
    if value is None:
        return ()
    return tuple(part for part in (clean(p) for p in re.split(r"[\r\n]+", value)) if part)


def year_in(text: str | None) -> int | None:
    """The first four-digit year in a date text such as ``2015//`` or ``2013 Jan-Mar``.

    >>> year_in("2015//"), year_in("MAY-JUN 2015"), year_in("20x1")
    (2015, 2015, None)
    """
    if text is None:
        return None
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def year_or_warning(text: str | None, *, where: str) -> tuple[int | None, str | None]:
    """The year in ``text``, or None with a warning when text was given but held no year.

    A record with an unreadable year is still imported (deduplication tolerates a
    missing year); the warning lets the reviewer fix the source.
    """
    year = year_in(text)
    if year is None and text is not None:
        return None, f"{where}: year {text!r} has no four-digit year; record kept without a year"
    return year, None


def _trim(identifier: str) -> str:
    # A URL or sentence often ends in punctuation that is not part of the DOI.
    return identifier.rstrip(".,;)]}>'\"")


def pmid_in(values: Iterable[str | None]) -> str | None:
    """A PubMed id written inside any of ``values`` (URL, ``PMID: 123``, ``PUBMED 123``).

    >>> pmid_in(["https://www.ncbi.nlm.nih.gov/pubmed/23960389", None])
    '23960389'
    >>> pmid_in(["PUBMED 6401636"]), pmid_in(["L620761946"])
    ('6401636', None)
    """
    for value in values:
        if not value:
            continue
        for pattern in _PMID_PATTERNS:
            match = pattern.search(value)
            if match:
                return match.group(1)
    return None


def doi_in(values: Iterable[str | None]) -> str | None:
    """A DOI written inside any of ``values`` (``https://doi.org/…``, ``doi:10.…``).

    The DOI is returned as written, with URL escapes decoded.

    >>> doi_in(["http://dx.doi.org/10.4103/0019-5154.156361"])
    '10.4103/0019-5154.156361'
    """
    for value in values:
        if not value:
            continue
        for pattern in _DOI_PATTERNS:
            match = pattern.search(value)
            if match:
                return _trim(unquote(match.group(1)))
    return None


def pmcid_in(values: Iterable[str | None]) -> str | None:
    """A PubMed Central id (``PMC3746236``) written inside any of ``values``."""
    for value in values:
        if value and (match := _PMCID.search(value)):
            return match.group(1)
    return None


# DT names where Web of Science words a type differently from the sources whose
# names the dedup relation rules know (PubMed, Embase, Scopus). "Retracted
# Publication" stays as it is: it is the retracted paper itself, not the notice.
_DT_NAMES = {
    "correction": "Erratum",
    "editorial material": "Editorial",
    "meeting abstract": "Conference Abstract",
    "retraction": "Retraction of Publication",
}
# PT says what kind of source the item appeared in; used only when DT is missing.
_PT_NAMES = {"J": "Journal", "B": "Book", "S": "Series", "P": "Patent"}


def wos_document_type(dt: str | None, pt: str | None) -> str | None:
    """A Web of Science record's type (DT, else PT) in the words the dedup rules know.

    >>> wos_document_type("Article; Early Access", "J")
    'Article; Early Access'
    >>> wos_document_type("Correction", "J"), wos_document_type(None, "B")
    ('Erratum', 'Book')
    """
    kinds = [kind.strip() for kind in (dt or "").split(";") if kind.strip()]
    if kinds:
        return "; ".join(_DT_NAMES.get(kind.lower(), kind) for kind in kinds)
    return _PT_NAMES.get(pt, pt) if pt else None


# "Dhurat R" / "Dhurat RS" / "van der Berg A.B.": a family name, then initials.
_VANCOUVER_NAME = re.compile(r"^[^\W\d][\w'’ .-]*\s(?:[A-Z]\.?-?){1,4}$")
_BIBTEX_AND = re.compile(r"\s+and\s+")


def split_authors(value: str | None) -> tuple[str, ...]:
    """One cell of authors split into names, whichever list style the file uses.

    Semicolons (PubMed, Scopus, WoS), BibTeX's ``and``, or commas between
    Vancouver-style names; a lone ``Family, Given`` stays one name.

    >>> split_authors("Dhurat, R.; Sukesh, M.")
    ('Dhurat, R.', 'Sukesh, M.')
    >>> split_authors("Zuber, J and Le Quintrec, M")
    ('Zuber, J', 'Le Quintrec, M')
    >>> split_authors("Dhurat R, Sukesh M, van der Berg AB")
    ('Dhurat R', 'Sukesh M', 'van der Berg AB')
    >>> split_authors("Dhurat, Rachita")
    ('Dhurat, Rachita',)
    """
    if value is None:
        return ()
    if ";" in value:
        parts = value.split(";")
    elif _BIBTEX_AND.search(value):
        parts = _BIBTEX_AND.split(value)
    else:
        commas = [part.strip() for part in value.split(",")]
        vancouver = len(commas) > 1 and all(_VANCOUVER_NAME.match(p) for p in commas if p)
        parts = commas if vancouver else [value]
    return tuple(p for p in (clean(part) for part in parts) if p)
