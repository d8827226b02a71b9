"""Identifiers of a PubMed citation: PMID and version, ``ArticleId``s, DOI, PMCID, PII.

Journal articles and books carry the same identifier elements, in different
places; both record builders use these.
"""

from __future__ import annotations

from collections.abc import Iterable

from reviewkit.pubmed_xml.dates import parse_int
from reviewkit.pubmed_xml.text import Element, squash, text
from reviewkit.records import normalise_doi

__all__ = ["article_ids", "identifiers", "pmid"]


def pmid(parent: Element) -> tuple[str, int]:
    """The ``PMID`` child's text and ``Version`` (1 when absent); ``""`` without a PMID."""
    elem = parent.find("PMID")
    if elem is None:
        return "", 1
    return text(elem), parse_int(elem.get("Version")) or 1


def article_ids(*id_lists: Element | None) -> tuple[tuple[str, str], ...]:
    """Every non-empty ``ArticleId`` as ``(IdType, value)``, in order, without repeats."""
    pairs: dict[tuple[str, str], None] = {}  # ordered and de-duplicated
    for id_list in id_lists:
        if id_list is None:
            continue
        for e in id_list.findall("ArticleId"):
            raw = e.text
            value = text(e) if len(e) else squash(raw) if raw else ""
            if value:
                pairs[(e.get("IdType", "pubmed"), value)] = None
    return tuple(pairs)


def identifiers(
    elocations: Iterable[Element], ids: tuple[tuple[str, str], ...]
) -> tuple[str | None, str | None, str | None]:
    """Return (doi, pmcid, pii); a valid ``ELocationID`` wins over ``ArticleIdList``.

    Of several identifiers of one kind, the first wins.
    """
    located: dict[str, str] = {}
    for e in elocations:
        kind = e.get("EIdType")
        if kind and kind not in located and e.get("ValidYN", "Y") == "Y":
            located[kind] = text(e)
    listed: dict[str, str] = {}
    for kind, value in ids:
        listed.setdefault(kind, value)
    doi = normalise_doi(located.get("doi")) or normalise_doi(listed.get("doi"))
    return doi, listed.get("pmc"), listed.get("pii") or located.get("pii") or None
