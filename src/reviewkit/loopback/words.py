"""Index words: how text becomes the words PubMed searches, the same for records and queries.

:func:`tokenise` splits free text (titles, abstracts, query phrases) into
words; :func:`normalise_key` reduces a value matched as a whole (a MeSH
heading, an author, a journal) to one comparable string. The index
(:mod:`~reviewkit.loopback.index_terms`) and the query parser
(:mod:`~reviewkit.loopback.query`) both call them, so a record and a query
agree on spelling. Pure.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise_key", "tokenise"]

_WORD_RE = re.compile(r"[^\W_]+")


def tokenise(text: str) -> list[str]:
    """Split text into PubMed-style index words.

    Lower case, diacritics folded, punctuation and hyphens act as spaces.

    >>> tokenise("Micro-needling (MN) for Ålopécia's")
    ['micro', 'needling', 'mn', 'for', 'alopecia', 's']
    """
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return _WORD_RE.findall(text.lower())


def normalise_key(text: str) -> str:
    """Normalise a value matched as a whole (a MeSH heading, an author, a journal).

    A ``/`` separating a MeSH descriptor from a subheading is kept.

    >>> normalise_key("Alopecia/Therapy")
    'alopecia/therapy'
    >>> normalise_key("  Dhurat,  R. ")
    'dhurat r'
    """
    return "/".join(" ".join(tokenise(part)) for part in text.split("/"))
