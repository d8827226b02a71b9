"""Footnote sentences shared by every table (single extraction with verification)."""

from __future__ import annotations

from collections.abc import Iterable

from reviewkit.evidence.citations import citation_text, cite_order
from reviewkit.extraction.data import StudyCitation

__all__ = ["unverified_note"]


def unverified_note(unverified: Iterable[StudyCitation], *, shown: bool = False) -> str:
    """The footnote sentence on studies extracted but not verified yet ("" if none).

    >>> lee = StudyCitation(study_id="s1", first_author="Lee", year=2019, title=None,
    ...                     pmid="1", doi=None, record_ids=())
    >>> unverified_note([lee])
    'Extracted but not verified yet, so left out: Lee 2019 (PMID 1).'
    """
    names = "; ".join(citation_text(c) for c in sorted(unverified, key=cite_order))
    if not names:
        return ""
    if shown:
        return f"Not verified yet (values as extracted, unchecked): {names}."
    return f"Extracted but not verified yet, so left out: {names}."
