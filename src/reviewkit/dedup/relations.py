"""Never-merge detection: records that are related to a paper but are not that paper.

An erratum, a retraction notice, a comment or reply, a conference abstract, a
study protocol or Part II of a series often shares most of its title, authors
and journal with the paper it belongs to. Merging it would hide a record the
reviewers must see (and, for a retraction, change the review's conclusion), so
such pairs become a :class:`Relation` — linked as related, never merged, not even
through a chain of other duplicates (see :mod:`reviewkit.dedup.clustering`).

Detection works on markers computed once per record (:func:`record_markers`) and
compared per pair (:func:`relation_kind`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewkit.dedup.folding import strip_markup
from reviewkit.dedup.titles import correction_citation

__all__ = [
    "Relation",
    "is_column_title",
    "part_number",
    "record_markers",
    "relation_kind",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation:
    """Two records that belong together but are different publications.

    ``kind`` names the relation, e.g. ``"erratum"``, ``"retraction"``,
    ``"comment"``, ``"conference-abstract"``, ``"protocol"``, ``"part"`` or
    ``"same-title-different-issue"``; ``a < b``.
    """

    a: str
    b: str
    kind: str


_TITLE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "erratum",
        re.compile(
            r"^\W*(?:published\s+)?(?:errat(?:um|a)|corrigend(?:um|a)|correction|"
            r"author\s+correction|publisher\s+correction|correction\s+to|addendum)\b"
        ),
    ),
    (
        "retraction",
        re.compile(
            r"^\W*(?:notice\s+of\s+retraction|retraction(?:\s+notice|\s+note|\s+of|\s+to)?|"
            r"statement\s+of\s+retraction|withdrawal|(?:editorial\s+)?expressions?\s+of\s+concern)\b"
        ),
    ),
    (
        "comment",
        re.compile(
            r"^\W*(?:comments?\s+(?:on|to)|commentary\s+on|reply\s+to|replies|in\s+reply|"
            r"reply\b|response\s+to|authors?'?\s*(?:reply|response)|re\s*:|"
            r"letter\s+to\s+the\s+editor|letter\s*:)"
        ),
    ),
    (
        "protocol",
        re.compile(
            r"\b(?:protocol|rationale\s+and\s+design|design\s+and\s+rationale|"
            r"study\s+design\s+and\s+methods)\b"
        ),
    ),
)
_TYPE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("erratum", re.compile(r"\b(?:erratum|published erratum|correction)\b")),
    ("retraction", re.compile(r"\b(?:retraction of publication|expression of concern)\b")),
    ("comment", re.compile(r"\bcomment\b")),
    (
        "conference",
        re.compile(r"\b(?:conference|congress|meeting|abstract|conf|abst|cpaper)\b"),
    ),
    ("protocol", re.compile(r"\bprotocol\b")),
)
# Only abstract books: "Proceedings of ..." and "... Conference" hold full papers.
# Embase names a meeting abstract's venue "<Journal>.Conference: <meeting>".
_CONFERENCE_VENUE = re.compile(r"\babstracts?\b|\.\s*conference\s*:")
# MEDLINE and some publishers mark the item type after the title instead of
# before it ("Hair loss after COVID-19 [letter]"); the title itself may repeat
# the article's title word for word.
_TRAILING_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("erratum", re.compile(r"\[\s*(?:erratum|errata|corrigendum|correction)\s*\]\W*$")),
    ("retraction", re.compile(r"\[\s*(?:retraction|retracted(?:\s+article)?)\s*\]\W*$")),
    ("comment", re.compile(r"\[\s*(?:letter|comment|reply|response)\s*\]\W*$")),
    ("conference", re.compile(r"\[\s*(?:meeting\s+)?abstracts?\s*\]\W*$")),
)


def record_markers(
    title: str | None, publication_type: str | None, journal: str | None
) -> frozenset[str]:
    """What kind of item a record says it is, from its title, type and venue.

    >>> sorted(record_markers("Erratum: Microneedling in alopecia", None, None))
    ['erratum']
    >>> sorted(record_markers("Re: Microneedling in alopecia", "Letter", None))
    ['comment']
    >>> sorted(record_markers("Microneedling", "Conference Abstract", "Br J Dermatol"))
    ['conference']
    >>> sorted(record_markers("Microneedling: study protocol for a trial", None, None))
    ['protocol']
    >>> sorted(record_markers("Microneedling in alopecia [letter]", None, None))
    ['comment']
    >>> sorted(record_markers("Microneedling", None, "Pediatr Transplant.Conference: 6th IPTA"))
    ['conference']
    >>> sorted(record_markers("Microneedling in alopecia (vol 14, pg 310, 2020)", None, None))
    ['erratum']
    """
    found: set[str] = set()
    if title:
        text = strip_markup(title).lower()
        found.update(name for name, pattern in _TITLE_MARKERS if pattern.search(text))
        if text.rstrip(" .").endswith("]"):
            found.update(name for name, pattern in _TRAILING_LABELS if pattern.search(text))
        if correction_citation(title):
            found.add("erratum")
    if publication_type:
        kinds = publication_type.lower()
        found.update(name for name, pattern in _TYPE_MARKERS if pattern.search(kinds))
    if journal and _CONFERENCE_VENUE.search(journal.lower()):
        found.add("conference")
    return frozenset(found)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
# "Volume 2" of a proceedings or a multi-volume book is a separate item too.
_PART = re.compile(
    r"\b(?:part|pt|paper|section|volume|vol)\s*\.?\s*([ivx]+|\d+|one|two|three|four|five)\b"
)


def part_number(normalised_title: str) -> int | None:
    """The part number a series title announces (``Part II`` → 2), if any.

    >>> part_number("hair loss part ii treatment"), part_number("hair loss part 1")
    (2, 1)
    >>> part_number("proceedings of the hair congress volume 3")
    3
    >>> part_number("partial hair loss") is None
    True
    """
    found = _PART.search(normalised_title)
    if found is None:
        return None
    token = found.group(1)
    if token.isdigit():
        return int(token)
    return _ROMAN.get(token) or _WORDS.get(token)


# Recurring columns: the same title appears in every issue. The column name must
# stand alone or be set off by punctuation at the start or end ("Editorial: ...",
# "... - Editor's Comments"), so that a research article whose title merely
# begins with "Editorial policies" is not mistaken for a column.
_COLUMN_NAME = (
    r"(?:guest\s+)?editorial|editor[’'`]?s\s+(?:comments?|notes?|introduction|corner|letter)|"
    r"(?:letter\s+)?from\s+the\s+editors?|in\s+this\s+issue|foreword|preface|"
    r"book\s+reviews?|president[’'`]?s\s+(?:message|column|letter)|news\s+and\s+views|"
    r"reviewers?\s+acknowledge?ments?|acknowledge?ments?\s+to\s+reviewers"
)
_COLUMN = re.compile(rf"^\W*(?:{_COLUMN_NAME})\s*(?:[:.|–—-]|$)|[:|–—(-]\s*(?:{_COLUMN_NAME})\W*$")


def is_column_title(title: str | None) -> bool:
    """Whether a title names a recurring column (editorial, editor's comments …).

    >>> is_column_title("Remarks from the Editor - Editor's Comments")
    True
    >>> is_column_title("Guest Editorial: Digital work"), is_column_title("Editorial")
    (True, True)
    >>> is_column_title("Editorial policies of dermatology journals: a survey")
    False
    """
    if not title:
        return False
    return _COLUMN.search(strip_markup(title).strip().lower()) is not None


_ONE_SIDED = ("erratum", "retraction", "comment", "protocol", "conference")
_KIND_NAMES = {"conference": "conference-abstract"}


def relation_kind(
    markers_a: frozenset[str],
    markers_b: frozenset[str],
    part_a: int | None,
    part_b: int | None,
) -> str | None:
    """Why two records must stay apart although they look alike, or ``None``.

    A marker on one record only (an erratum beside the article) makes a
    relation; the same marker on both (two exports of one erratum) does not.

    >>> relation_kind(frozenset({"erratum"}), frozenset(), None, None)
    'erratum'
    >>> relation_kind(frozenset({"conference"}), frozenset(), None, None)
    'conference-abstract'
    >>> relation_kind(frozenset(), frozenset(), 1, 2)
    'part'
    >>> relation_kind(frozenset({"comment"}), frozenset({"comment"}), None, None) is None
    True
    """
    if markers_a != markers_b:
        for marker in _ONE_SIDED:
            if (marker in markers_a) != (marker in markers_b):
                return _KIND_NAMES.get(marker, marker)
    if part_a is not None and part_b is not None and part_a != part_b:
        return "part"
    return None
