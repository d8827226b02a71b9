"""Pair decisions: field evidence → ``duplicate`` / ``maybe`` / ``distinct``.

Each record is normalised once (:func:`~reviewkit.dedup.prepared.prepare`); a
pair is then compared field by field (:func:`compare`). The decision is a short
list of explicit rules rather than a fitted threshold, so every verdict carries
its reasons:

* **hard conflicts** (:func:`~reviewkit.dedup.conflicts.hard_conflict`) make a
  pair ``distinct``.
* **vetoes** keep a pair out of ``duplicate`` but let it reach ``maybe``:
  different volume or issue, different authors, different numbers in the title
  (unless journal, volume and first page show a footnote marker), an
  incompatible journal without matching volume and pages (or, for the same
  title and first author, volume and issue), different conference editions.
* **duplicate** needs an agreeing identifier (DOI/PMID/PMCID) with a similar
  title, or a near-identical title *and* agreeing authors *and* a compatible
  year *and* one more independent locator (journal, volume + pages, volume +
  issue, abstract); or, for titles in two languages, the complete citation
  (journal, volume, issue, page range, year, first author).
* **maybe** is what is left with a close title: a human looks at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from reviewkit.dedup.conflicts import hard_conflict
from reviewkit.dedup.evidence import Evidence, FieldComparison, compare_fields
from reviewkit.dedup.language import title_language
from reviewkit.dedup.prepared import Prepared
from reviewkit.dedup.venues import venue_editions
from reviewkit.dedup.verdicts import (
    CLOSE_TITLE,
    GENERIC_TITLE_WORDS,
    FieldVerdict,
    page_ranges_match,
    title_verdict,
)

__all__ = ["Decision", "PairVerdict", "compare", "worth_comparing"]


Decision = Literal["duplicate", "maybe", "distinct"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PairVerdict:
    """The decision on one pair (``a < b``) with its reasons and field evidence."""

    a: str
    b: str
    decision: Decision
    score: float
    reasons: tuple[str, ...]
    fields: tuple[FieldComparison, ...]


def compare(a: Prepared, b: Prepared) -> PairVerdict:
    """Compare two prepared records; the verdict's ``a`` is the smaller record_id."""
    if b.record_id < a.record_id:
        a, b = b, a
    ev = Evidence()
    v = compare_fields(a, b, ev)
    conflict = hard_conflict(a, b)
    if conflict is not None:
        decision: Decision = "distinct"
        score = 0.0
        ev.reasons.append(conflict)
    else:
        decision, score = _decide(a, b, v, ev)
    return PairVerdict(
        a=a.record_id,
        b=b.record_id,
        decision=decision,
        score=round(score, 4),
        reasons=tuple(ev.reasons),
        fields=tuple(ev.fields),
    )


def worth_comparing(a: Prepared, b: Prepared) -> bool:
    """Cheap pre-check: can this pair be anything but ``distinct``?

    Only pairs sharing an identifier or with a close (or contained) title can
    become ``duplicate`` or ``maybe``; everything else is skipped unscored.
    """
    if (a.doi and a.doi == b.doi) or (a.pmid and a.pmid == b.pmid):
        return True
    if a.pmcid and a.pmcid == b.pmcid:
        return True
    if a.locator and a.locator == b.locator:
        return True  # possibly one article under two titles (see _citation_match)
    if not a.title or not b.title:
        return False
    if fuzz.ratio(a.title, b.title, score_cutoff=CLOSE_TITLE):
        return True
    return title_verdict(a, b)[0] != "different"


def _decide(
    a: Prepared, b: Prepared, v: dict[str, FieldVerdict], ev: Evidence
) -> tuple[Decision, float]:
    """Decide a pair without a hard conflict: by identifier, by citation, or by title."""
    ids = [name.upper() for name in ("doi", "pmid") if v[name] == "same"]
    if a.pmcid and a.pmcid == b.pmcid:
        ids.append("PMCID")
    title_sim = next(f.similarity for f in ev.fields if f.field == "title") or 0.0
    ev.reasons.append(_title_reason(v, ev.fields))
    vetoes = _vetoes(a, b, v)
    score = title_sim / 100.0
    if ids:
        return _decide_by_identifier(v, ev, ids=ids, vetoes=vetoes, score=score)
    ev.reasons.extend(vetoes)
    if v["title"] not in ("same", "compatible"):
        return _decide_unlike_titles(a, b, v, ev, vetoes=bool(vetoes), score=score)
    return _decide_like_titles(a, b, v, ev, vetoes=bool(vetoes), title_sim=title_sim, score=score)


def _decide_by_identifier(
    v: dict[str, FieldVerdict],
    ev: Evidence,
    *,
    ids: list[str],
    vetoes: list[str],
    score: float,
) -> tuple[Decision, float]:
    """An identifier agrees: the title decides whether the vetoes still count."""
    ev.reasons.insert(0, "same " + " and ".join(ids))
    score = min(1.0, 0.5 + score / 2.0) if v["title"] != "missing" else 0.75
    if v["title"] in ("same", "missing"):
        # Identifier and title agree: differing locators are export noise.
        ev.reasons.extend(f"ignored: {veto}" for veto in vetoes)
        return "duplicate", score
    ev.reasons.extend(vetoes)
    return ("maybe" if vetoes else "duplicate"), score


def _decide_like_titles(
    a: Prepared,
    b: Prepared,
    v: dict[str, FieldVerdict],
    ev: Evidence,
    *,
    vetoes: bool,
    title_sim: float,
    score: float,
) -> tuple[Decision, float]:
    """Titles alike, no identifier: authors, year and one more locator must agree."""
    corroboration = _corroboration(a, b, v)
    full_locator = "pages" in corroboration and "journal" in corroboration
    strong = v["title"] == "same" or title_sim >= CLOSE_TITLE
    if not strong:
        # A shortened title is only trusted with full bibliographic agreement; a
        # name form apart ("Il Cheong, H" / "Cheong, H I") needs the issue too.
        strong = full_locator and (
            v["authors"] == "same" or (v["authors"] == "compatible" and _issue_locator(v))
        )
    authors_ok = v["authors"] in ("same", "compatible") or (
        v["authors"] == "missing" and full_locator
    )
    if corroboration:
        ev.reasons.append("agree: " + ", ".join(corroboration))
    if not authors_ok and v["authors"] == "missing":
        ev.reasons.append("authors missing and journal/volume/pages do not all agree")
    if not vetoes and strong and authors_ok and v["year"] != "different":
        generic = min(a.title_words, b.title_words) < GENERIC_TITLE_WORDS
        if generic and "pages" not in corroboration:
            ev.reasons.append(f"generic title (< {GENERIC_TITLE_WORDS} words)")
        elif corroboration:
            return "duplicate", score
        else:
            ev.reasons.append("nothing beyond title, authors and year agrees")
    if title_sim >= CLOSE_TITLE or v["title"] == "compatible":
        return "maybe", score * 0.9
    return "distinct", score


def _decide_unlike_titles(
    a: Prepared,
    b: Prepared,
    v: dict[str, FieldVerdict],
    ev: Evidence,
    *,
    vetoes: bool,
    score: float,
) -> tuple[Decision, float]:
    """Titles differ or one is missing: only the full citation can still match."""
    if vetoes or not _citation_match(a, b, v):
        return "distinct", score
    ev.reasons.append(
        "titles in two languages (a translation), and journal, volume, issue, page range, "
        "year and first author agree"
    )
    return "duplicate", max(score, 0.9)


def _vetoes(a: Prepared, b: Prepared, v: dict[str, FieldVerdict]) -> list[str]:
    """Reasons that keep a pair out of ``duplicate`` (a human may still merge it)."""
    vetoes: list[str] = []
    if v["journal"] in ("same", "compatible"):
        editions = _editions_differ(a, b)
        if editions is not None:
            vetoes.append(editions)
    if v["volume"] == "different":
        vetoes.append(f"volume differs: {a.volume} vs {b.volume}")
    # An issue number is the noisiest locator (supplements, parts, record numbers
    # exported into the issue field); the same title by the same authors in the
    # same journal volume, or on the same first page, outweighs it.
    if v["issue"] == "different" and not (
        v["title"] == "same"
        and v["authors"] in ("same", "compatible")
        and (
            _locator(a, b, v) or (v["volume"] == "same" and v["journal"] in ("same", "compatible"))
        )
    ):
        vetoes.append(f"issue differs: {a.issue} vs {b.issue}")
    if v["pages"] == "different":
        vetoes.append(f"first page differs: {a.fpage} vs {b.fpage}")
    if v["authors"] == "different":
        vetoes.append(f"authors differ: {a.authors[0]} vs {b.authors[0]}")
    if _numbers_differ(a, b, v):
        only = sorted(a.numbers ^ b.numbers)
        vetoes.append(f"numbers in the title differ: {', '.join(only)}")
    same_id = v["doi"] == "same" or v["pmid"] == "same"
    # Journal names vary most (translations, transliterations, conference names);
    # an identifier, the same volume and pages, or -- for the same title by the
    # same first author -- the same volume and issue outweigh them.
    if (
        v["journal"] == "different"
        and not same_id
        and not _locator(a, b, v)
        and not (_issue_locator(v) and v["title"] == "same" and v["authors"] == "same")
    ):
        vetoes.append("journals differ and volume/pages do not confirm")
    return vetoes


def _editions_differ(a: Prepared, b: Prepared) -> str | None:
    """Both venue names state their edition (``24th``, ``2018``) and they differ."""
    ordinals_a, years_a = venue_editions(a.citation.journal)
    ordinals_b, years_b = venue_editions(b.citation.journal)
    for what, x, y in (("editions", ordinals_a, ordinals_b), ("years", years_a, years_b)):
        if x and y and not x & y:
            return f"venue {what} differ: {'/'.join(sorted(x))} vs {'/'.join(sorted(y))}"
    return None


def _locator(a: Prepared, b: Prepared, v: dict[str, FieldVerdict]) -> bool:
    """Same first page in a volume that does not differ.

    Page 1 alone is generic (journals that number each article from 1); it
    counts only with the same last page in the same volume and issue.
    """
    if v["pages"] != "same" or v["volume"] not in ("same", "missing"):
        return False
    if a.fpage != "1":
        return True
    return v["volume"] == "same" and v["issue"] == "same" and page_ranges_match(a, b)


def _issue_locator(v: dict[str, FieldVerdict]) -> bool:
    """Volume and issue both given and equal: a locator in any language."""
    return v["volume"] == "same" and v["issue"] == "same"


def _numbers_differ(a: Prepared, b: Prepared, v: dict[str, FieldVerdict]) -> bool:
    """Numbers in near-identical titles (Part 1/2, phase 2/3) must match exactly;
    a shortened title may only lack some of the other's numbers.

    A number only one title has, where journal, volume and first page agree, is
    a footnote marker copied into the title (``... representation 1``): two
    parts of a series cannot start on the same page of one volume.
    """
    if a.numbers == b.numbers or not a.title or not b.title:
        return False
    nested = a.numbers <= b.numbers or b.numbers <= a.numbers
    if nested and _locator(a, b, v) and v["journal"] in ("same", "compatible"):
        return False
    if v["title"] == "same":
        return True
    return not nested


def _title_reason(v: dict[str, FieldVerdict], fields: list[FieldComparison]) -> str:
    sim = next(f.similarity for f in fields if f.field == "title")
    return f"title {v['title']} ({sim:.0f}/100)" if sim is not None else "title missing"


def _corroboration(a: Prepared, b: Prepared, v: dict[str, FieldVerdict]) -> list[str]:
    """Independent locators that agree (besides title, authors and year)."""
    found: list[str] = []
    if v["journal"] in ("same", "compatible"):
        found.append("journal")
    if _locator(a, b, v):
        found.append("pages")
    if _issue_locator(v):
        found.append("volume/issue")
    if v["abstract"] == "same":
        found.append("abstract")
    return found


def _citation_match(a: Prepared, b: Prepared, v: dict[str, FieldVerdict]) -> bool:
    """The full citation pins one article even though the titles differ.

    The titles are in two different languages, and journal, volume, issue,
    first and last page of a multi-page range (not starting at the generic
    page 1), year and first author all agree and are all given: how articles
    were cited and matched before DOIs. It catches a title exported in English
    by one database and in the original language by another.
    Every part is required: some journals print one author's articles on the
    same pages of consecutive issues, so volume and pages alone are not enough.
    """
    if not (
        v["journal"] in ("same", "compatible")
        and v["volume"] == "same"
        and v["issue"] == "same"
        and v["pages"] == "same"
        and v["year"] == "same"
        and v["authors"] == "same"
    ):
        return False
    # Plain page numbers only: supplements print several abstracts per page
    # ("S12", "A353") and number pages per article from 1.
    if not a.fpage.isdigit() or a.fpage == "1" or "s" in a.issue + b.issue:
        return False
    shared = len(set(a.authors) & set(b.authors))
    if 2 * shared < min(len(a.authors), len(b.authors)) or not page_ranges_match(a, b):
        return False
    # Titles in one language that differ are two items (or a citation error);
    # a title in another language is what a translated export looks like.
    language_a = title_language(a.citation.title)
    language_b = title_language(b.citation.title)
    return language_a is not None and language_b is not None and language_a != language_b
