"""Field verdicts: how the title, the authors, the journal or the page range of a pair compare.

Each verdict is ``same``, ``compatible`` (different spellings of one value),
``different`` or ``missing`` (at least one side has nothing to compare). The
thresholds that define a "same" and a "close" title live here too.
"""

from __future__ import annotations

import re
from typing import Literal

from rapidfuzz import fuzz

from reviewkit.dedup.locators import page_range
from reviewkit.dedup.names import name_words
from reviewkit.dedup.prepared import Prepared
from reviewkit.dedup.venues import journal_tokens, journals_compatible, venue_head

__all__ = [
    "CLOSE_TITLE",
    "GENERIC_TITLE_WORDS",
    "SAME_TITLE",
    "FieldVerdict",
    "author_verdict",
    "journal_verdict",
    "page_ranges_match",
    "title_verdict",
]


FieldVerdict = Literal["same", "compatible", "different", "missing"]

#: Title similarity (rapidfuzz ratio, 0-100) treated as "the same title".
SAME_TITLE = 95.0
#: Title similarity that is close enough to show a human.
CLOSE_TITLE = 85.0
#: Titles with fewer words than this ("Editorial", "Hair loss") identify nothing.
GENERIC_TITLE_WORDS = 4


def title_verdict(a: Prepared, b: Prepared) -> tuple[FieldVerdict, float | None]:
    """The title verdict and the titles' similarity (rapidfuzz ratio, 0-100).

    ``same`` from :data:`SAME_TITLE` up; ``compatible`` for a close title
    (:data:`CLOSE_TITLE`) or one that contains the other whole.
    """
    if not a.title or not b.title:
        return "missing", None
    if a.title == b.title:
        return "same", 100.0
    ratio = fuzz.ratio(a.title, b.title)
    if ratio >= SAME_TITLE:
        return "same", ratio
    shorter, longer = (a.title, b.title) if len(a.title) <= len(b.title) else (b.title, a.title)
    # One export dropped a subtitle or a prefix ("Short report: ...") or added a
    # bracketed translation: the shorter title appears whole inside the longer.
    # A field limit cuts titles mid-word, and a subtitle is sometimes run on without
    # a space ("... inflammatory statesthe examples of ..."): the longer starts with it.
    contained = shorter.count(" ") + 1 >= GENERIC_TITLE_WORDS and (
        f" {shorter} " in f" {longer} " or longer.startswith(shorter)
    )
    if contained:
        return "compatible", ratio
    return ("compatible" if ratio >= CLOSE_TITLE else "different"), ratio


# A study group or company as author: databases list it first, last, or not at
# all, and credit the same paper to its writing committee's chair.
_GROUP_AUTHOR = re.compile(
    r"\b(?:group|study|trial|investigators?|consortium|collaborat\w*|committee|society|"
    r"association|network|team|council|working\s+party|task\s+force|organi[sz]ation|"
    r"foundation|institute|pharmaceuticals?|inc|ltd|gmbh)\b",
    re.IGNORECASE,
)


def author_verdict(a: Prepared, b: Prepared) -> tuple[FieldVerdict, float | None]:
    """The author verdict and the share of the shorter author list in both (0-100).

    ``same`` needs the same first author; name forms, compound or swapped names
    and a large overlap are ``compatible``; a study group beside a person is
    ``missing``, since the two cannot be compared.
    """
    if not a.authors or not b.authors:
        return "missing", None
    shared = len(set(a.authors) & set(b.authors))
    overlap = 100.0 * shared / min(len(a.authors), len(b.authors))
    if a.authors[0] == b.authors[0]:
        return "same", overlap
    group_a = bool(_GROUP_AUTHOR.search(a.citation.authors[0]))
    group_b = bool(_GROUP_AUTHOR.search(b.citation.authors[0]))
    if group_a != group_b and not shared:
        return "missing", None  # a group beside a person: the names cannot be compared
    families_a = {k.split(" ")[0] for k in a.authors}
    families_b = {k.split(" ")[0] for k in b.authors}
    family_overlap = len(families_a & families_b) / min(len(families_a), len(families_b))
    fa, fb = a.first_author, b.first_author
    # Compound family names lose a part in some exports (Tumer Kabadayi / Kabadayi).
    compound = min(len(fa), len(fb)) >= 4 and (fa in fb or fb in fa)
    # Given and family name swapped between exports (William, O'Brochta).
    swapped = bool(name_words(a.citation.authors[0]) & name_words(b.citation.authors[0]))
    if fa == fb or compound or swapped or overlap >= 50.0 or family_overlap >= 0.5:
        return "compatible", overlap
    return "different", overlap


def journal_verdict(a: Prepared, b: Prepared) -> FieldVerdict:
    """The journal verdict over both names each record gives (full and abbreviated)."""
    names_a = [n for n in (a.journal, a.journal_alt) if n]
    names_b = [n for n in (b.journal, b.journal_alt) if n]
    if not names_a or not names_b:
        return "missing"
    if any(x == y for x in names_a for y in names_b):
        return "same"
    if any(journals_compatible(x, y) for x in names_a for y in names_b):
        return "compatible"
    # Conference exports add the year's theme after a colon ("ICIS : Transforming
    # Society ..."): the series name before it is the venue the other export names.
    heads_a = _venue_heads(a, names_a)
    heads_b = _venue_heads(b, names_b)
    if (heads_a or heads_b) and any(
        journals_compatible(x, y) for x in names_a + heads_a for y in names_b + heads_b
    ):
        return "compatible"
    return "different"


def _venue_heads(record: Prepared, names: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The venue name without its theme, when that differs from the names given."""
    head = journal_tokens(venue_head(record.citation.journal))
    return [head] if head and head not in names else []


def page_ranges_match(a: Prepared, b: Prepared) -> bool:
    """Both records give the same multi-page range (first and last page)."""
    range_a = page_range(a.citation.pages)
    range_b = page_range(b.citation.pages)
    return range_a is not None and range_a == range_b and range_a[0] != range_a[1]
