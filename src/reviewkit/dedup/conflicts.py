"""Hard conflicts: why two records can never be one study, and the page excuses.

A hard conflict makes a pair ``distinct`` and also stops clustering from
chaining two records into one study: different PMIDs, different DOIs (unless
everything else pins the same article, i.e. a DOI misprint), years more than
one apart, different first pages, a never-merge relation. First pages that
differ the way exports of one article do (a misprint, the last page alone, an
e-locator) are excused (:func:`page_excuse`).
"""

from __future__ import annotations

import re

from reviewkit.dedup.locators import page_range, pages_compatible
from reviewkit.dedup.prepared import Prepared
from reviewkit.dedup.relations import is_column_title, relation_kind
from reviewkit.dedup.verdicts import (
    GENERIC_TITLE_WORDS,
    author_verdict,
    journal_verdict,
    title_verdict,
)

__all__ = ["hard_conflict", "page_excuse", "relation"]


def hard_conflict(a: Prepared, b: Prepared) -> str | None:
    """The reason ``a`` and ``b`` can never be one study, or ``None``.

    Used for pair decisions and as the clustering anti-chaining guard.
    """
    if a.pmid and b.pmid and a.pmid != b.pmid:
        return f"different PMIDs: {a.pmid} vs {b.pmid}"
    if a.doi and b.doi and a.doi != b.doi and not _doi_misprint(a, b):
        return f"different DOIs: {a.doi} vs {b.doi}"
    if a.year is not None and b.year is not None and abs(a.year - b.year) > 1:
        return f"years differ by more than one: {a.year} vs {b.year}"
    same_id = bool(a.doi and a.doi == b.doi) or bool(a.pmid and a.pmid == b.pmid)
    # Page fields are noisy (page counts, article numbers); an agreeing identifier wins.
    if (
        a.fpage
        and b.fpage
        and not same_id
        and not pages_compatible(a.fpage, b.fpage)
        and not page_excuse(a, b)
    ):
        return f"first page differs: {a.fpage} vs {b.fpage}"
    kind = relation(a, b)
    if kind is not None:
        return f"related, not the same: {kind}"
    return None


def _one_abstract(a: Prepared, b: Prepared) -> bool:
    """Two exports of one meeting abstract, only one of them labelled as such.

    Both in the same volume of one journal in the same year, and either on the
    same first page (an article never starts on its own abstract's page) or, when
    one gives no pages, the other on no page range: a full article would have one.
    """
    if not (a.volume and a.volume == b.volume and a.year and a.year == b.year):
        return False
    if journal_verdict(a, b) not in ("same", "compatible"):
        return False
    if a.fpage and b.fpage:
        return pages_compatible(a.fpage, b.fpage)
    for record in (a, b):
        pages = page_range(record.citation.pages)
        if pages is not None and pages[0] != pages[1]:
            return False
    return True


def relation(a: Prepared, b: Prepared) -> str | None:
    """The never-merge relation between ``a`` and ``b``, if any."""
    kind = relation_kind(a.markers, b.markers, a.part, b.part)
    if kind == "conference-abstract" and _one_abstract(a, b):
        kind = None
    if kind is not None:
        return kind
    # Same-titled editorials and columns recur in every issue.
    if a.title and a.title == b.title:
        elsewhere = bool(
            (a.volume and b.volume and a.volume != b.volume)
            or (a.issue and b.issue and a.issue != b.issue)
            or (a.fpage and b.fpage and a.fpage != b.fpage)
        )
        if a.title_words < GENERIC_TITLE_WORDS:
            if elsewhere or (a.year is not None and b.year is not None and a.year != b.year):
                return "same-title-different-issue"
        # A named column ("... - Editor's Comments") in another volume or issue; a
        # year one apart alone may be e-pub vs print of the same column.
        elif elsewhere and is_column_title(a.citation.title):
            return "same-title-different-issue"
    return None


def _doi_misprint(a: Prepared, b: Prepared) -> bool:
    """Different DOIs, but the PMID or the full locator pins one article."""
    if a.pmid and a.pmid == b.pmid:
        return True
    return (
        bool(a.volume and a.fpage)
        and a.volume == b.volume
        and a.fpage == b.fpage
        and a.year == b.year
        and journal_verdict(a, b) in ("same", "compatible")
        and title_verdict(a, b)[0] == "same"
        and author_verdict(a, b)[0] == "same"
    )


# An e-locator ("c1804", "e26036") beside a print page: BMJ and others give both.
# Not "S123" (a supplement page) nor "A4912" (a meeting-abstract number): an
# abstract beside its full article in the same volume must stay a conflict.
_E_LOCATOR = re.compile(r"^(?![as])[a-z]{1,2}\d{3,}$")


def page_excuse(a: Prepared, b: Prepared) -> bool:
    """First pages differ in a way exports produce for one article.

    A misprinted first page (:func:`_first_page_misprint`); the last page given
    alone (``359`` for ``356-359``); or an e-locator beside a print page
    (``c1804`` vs ``1014``; not a supplement page ``S12`` or an abstract number
    ``A4912``). The first two need the same volume, title and authors.
    """
    if _E_LOCATOR.match(a.fpage) and b.fpage.isdigit():
        return True
    if _E_LOCATOR.match(b.fpage) and a.fpage.isdigit():
        return True
    return _first_page_misprint(a, b) or _last_page_alone(a, b)


def _last_page_alone(a: Prepared, b: Prepared) -> bool:
    """One record gives only the last page of the range the other gives, as its first page."""
    range_a = page_range(a.citation.pages)
    range_b = page_range(b.citation.pages)
    if range_a is None or range_b is None:
        return False
    single, full = (range_a, range_b) if range_a[0] == range_a[1] else (range_b, range_a)
    return (
        single[0] == single[1]
        and full[0] != full[1]
        and single[0] == full[1]
        and bool(a.volume)
        and a.volume == b.volume
        and min(a.title_words, b.title_words) >= GENERIC_TITLE_WORDS
        and title_verdict(a, b)[0] == "same"
        and author_verdict(a, b)[0] == "same"
    )


def _first_page_misprint(a: Prepared, b: Prepared) -> bool:
    """First pages differ, but volume, issue, last page, title and authors pin one article.

    A misprinted first page (``2297-2108`` for ``2097-2108``) or one page apart
    (``2141-2147`` vs ``2142-2147``) in the same issue of a volume, ending on the
    same page, under the same title by the same authors.
    """
    range_a = page_range(a.citation.pages)
    range_b = page_range(b.citation.pages)
    return (
        range_a is not None
        and range_b is not None
        and range_a[1] == range_b[1]
        and range_a[0] != range_a[1]
        and range_b[0] != range_b[1]
        and bool(a.volume and a.issue)
        and a.volume == b.volume
        and a.issue == b.issue
        and min(a.title_words, b.title_words) >= GENERIC_TITLE_WORDS
        and title_verdict(a, b)[0] != "different"
        and author_verdict(a, b)[0] == "same"
    )
