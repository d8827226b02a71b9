"""Authors in PubMed XML: names, collectives, ORCID identifiers and affiliations.

Authors are the most numerous part of a record, so each ``Author`` element is
read in a single pass over its children.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reviewkit.pubmed_xml.drafts import new_author
from reviewkit.pubmed_xml.text import Element, optional_text, text
from reviewkit.records import Author

__all__ = ["author", "authors", "orcid"]

_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])", re.IGNORECASE)


def orcid(raw: str | None) -> str | None:
    """Bare ``0000-0002-4590-7461`` from a URL, a bare or an unhyphenated ORCID.

    >>> orcid("https://orcid.org/0000000245907461")
    '0000-0002-4590-7461'
    """
    found = _ORCID.search(raw or "")
    return "-".join(found.groups()).upper() if found else None


def author(elem: Element) -> Author:
    """One ``Author`` element; a later name part of the same kind wins."""
    family = given = initials = suffix = collective = identifier = None
    affiliations = []
    for child in elem:
        tag = child.tag
        if tag == "AffiliationInfo":
            if affiliation := optional_text(child.find("Affiliation")):
                affiliations.append(affiliation)
            continue
        if tag == "Identifier":
            identifier = identifier or _orcid_identifier(child)  # the first ORCID wins
            continue
        # Names are short: splitting is as cheap as checking (text() of a name
        # with markup is already collapsed, so splitting it again changes nothing).
        raw = text(child) if len(child) else child.text
        value = (" ".join(raw.split()) or None) if raw else None
        if tag == "LastName":
            family = value
        elif tag == "ForeName":
            given = value
        elif tag == "Initials":
            initials = value
        elif tag == "Suffix":
            suffix = value
        elif tag == "CollectiveName":
            collective = value
    return new_author(family, given, initials, suffix, collective, identifier, tuple(affiliations))


def _orcid_identifier(elem: Element) -> str | None:
    """The ORCID of an ``Identifier`` element, or None for another source or none found."""
    return orcid(elem.text) if elem.get("Source", "").upper() == "ORCID" else None


def authors(author_lists: Iterable[Element]) -> tuple[Author, ...]:
    """The valid authors of every ``AuthorList`` of type ``authors`` (not editors)."""
    found = []
    for author_list in author_lists:
        if author_list.get("Type", "authors") != "authors":
            continue
        for a in author_list.findall("Author"):
            # ValidYN="N" marks a name NLM recorded as wrong (e.g. corrected by
            # an erratum); the valid spelling is listed too.
            if a.get("ValidYN") != "N":
                found.append(author(a))
    return tuple(found)
