"""PubMed's search fields: the tags users type, the fields they mean, the labels NCBI prints.

A tag in brackets (``[tiab]``, ``[Title/Abstract]``, ``[mh:noexp]`` …) names a
*canonical field* (``tiab``); ``QueryTranslation`` shows each field by its
label (``Title/Abstract``). Which words a field searches is the index's business
(:mod:`~reviewkit.loopback.index`). Pure data.
"""

from __future__ import annotations

__all__ = ["DATE_FIELDS", "FIELD_LABELS", "canonical_field"]

# Canonical field -> label NCBI prints in QueryTranslation.
FIELD_LABELS: dict[str, str] = {
    "all": "All Fields",
    "tiab": "Title/Abstract",
    "ti": "Title",
    "ab": "Abstract",
    "kw": "Other Term",
    "tw": "Text Word",
    "mh": "MeSH Terms",
    "majr": "MeSH Major Topic",
    "pt": "Publication Type",
    "au": "Author",
    "ta": "Journal",
    "la": "Language",
    "pdat": "Date - Publication",
    "edat": "Date - Entry",
    "mdat": "Date - Modification",
    "uid": "UID",
}

DATE_FIELDS = frozenset({"pdat", "edat", "mdat"})

# Every spelling of a tag the server accepts, lower case with single spaces.
_TAG_ALIASES: dict[str, str] = {
    "all": "all",
    "all fields": "all",
    "tiab": "tiab",
    "title/abstract": "tiab",
    "ti": "ti",
    "title": "ti",
    "ab": "ab",
    "abstract": "ab",
    "ot": "kw",
    "kw": "kw",
    "other term": "kw",
    "keyword": "kw",
    "keywords": "kw",
    "tw": "tw",
    "text word": "tw",
    "mh": "mh",
    "mesh": "mh",
    "mesh terms": "mh",
    "mh:noexp": "mh",
    "mesh terms:noexp": "mh",
    "majr": "majr",
    "mesh major topic": "majr",
    "majr:noexp": "majr",
    "pt": "pt",
    "publication type": "pt",
    "au": "au",
    "author": "au",
    "auth": "au",
    "full author name": "au",
    "fau": "au",
    "ta": "ta",
    "journal": "ta",
    "jour": "ta",
    "jt": "ta",
    "la": "la",
    "lang": "la",
    "language": "la",
    "dp": "pdat",
    "pdat": "pdat",
    "publication date": "pdat",
    "date - publication": "pdat",
    "edat": "edat",
    "entrez date": "edat",
    "date - entry": "edat",
    "entrez": "edat",
    "mdat": "mdat",
    "lr": "mdat",
    "modification date": "mdat",
    "date - modification": "mdat",
    "uid": "uid",
    "pmid": "uid",
}


def canonical_field(tag: str) -> str | None:
    """The canonical field a bracketed tag names, or None for a tag the server does not know.

    Case and runs of spaces do not matter. The parser reports an unknown tag as
    ``FieldNotFound`` and searches the term in all fields, as NCBI does.

    >>> canonical_field("Title/Abstract"), canonical_field(" MeSH  Terms "), canonical_field("xyz")
    ('tiab', 'mh', None)
    """
    return _TAG_ALIASES.get(" ".join(tag.split()).lower())
