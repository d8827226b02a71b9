"""Identifier normalisation: any spelling of a DOI or a PubMed ID, reduced to one form.

Exports write ``https://doi.org/10.4103/IJT.IJT_14_17.`` beside ``10.4103/ijt.ijt_14_17``
and ``PMID: 23960389`` beside a PubMed URL. What does not have the shape of an
identifier becomes ``None`` (absent), never a guess.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

__all__ = ["normalise_doi", "normalise_pmid"]


_DOI_PREFIX = re.compile(
    r"^(?:https?://)?(?:dx\.)?(?:doi\.org/|doi:\s*|doi\s+)?",
    re.IGNORECASE,
)
_DOI_SHAPE = re.compile(r"^10\.\d{3,9}/\S+$")
_TRAILING_PUNCT = ".,;:)]}>\"'"


def normalise_doi(raw: str | None) -> str | None:
    """Reduce any spelling of a DOI to its bare, lower-case form, or ``None``.

    Handles resolver URLs, ``doi:`` / ``DOI`` prefixes, URL-encoding, trailing
    punctuation copied from a citation, and case (DOIs are case-insensitive).

    >>> normalise_doi("https://doi.org/10.4103/IJT.IJT_14_17.")
    '10.4103/ijt.ijt_14_17'
    >>> normalise_doi("DOI 10.1111/jocd.14267")
    '10.1111/jocd.14267'
    >>> normalise_doi("doi:10.1002%2Fjcp.20384")
    '10.1002/jcp.20384'
    >>> normalise_doi("http://dx.doi.org/10.1000/ABC") == normalise_doi("10.1000/abc")
    True
    >>> normalise_doi("not a doi") is None
    True
    """
    if not raw:
        return None
    doi = unquote(raw.strip()).strip()
    doi = _DOI_PREFIX.sub("", doi, count=1).strip().lower()
    # Several DOIs in one field (some exports do this): the first one counts.
    doi = doi.split()[0] if doi else doi
    doi = doi.rstrip(_TRAILING_PUNCT)
    return doi if _DOI_SHAPE.match(doi) else None


_PMID_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d+)")
_PMID_TEXT = re.compile(r"^\s*(?:pmid|pubmed(?:\s*id)?)?\s*:?\s*(\d{1,12})\s*$", re.IGNORECASE)


def normalise_pmid(raw: str | None) -> str | None:
    """Return a PubMed ID as digits without leading zeros, or ``None``.

    >>> normalise_pmid("PMID: 23960389")
    '23960389'
    >>> normalise_pmid("https://pubmed.ncbi.nlm.nih.gov/23960389/")
    '23960389'
    >>> normalise_pmid("0023960389")
    '23960389'
    >>> normalise_pmid("CN-01799773") is None
    True
    """
    if not raw:
        return None
    found = _PMID_URL.search(raw)
    match = found or _PMID_TEXT.match(raw)
    if match is None:
        return None
    digits = match.group(1).lstrip("0")
    return digits or None
