"""Pair comparison: field-wise evidence → ``duplicate`` / ``maybe`` / ``distinct``.

Each record is normalised once (:func:`prepare`); a pair is then compared field
by field (:func:`compare`). The decision is a short list of explicit rules
rather than a fitted threshold, so every verdict carries its reasons:

* **hard conflicts** make a pair ``distinct`` and also stop clustering from
  chaining two records into one study (:func:`hard_conflict`): different PMIDs,
  different DOIs (unless everything else pins the same article, i.e. a DOI
  misprint), years more than one apart, different first pages, a never-merge
  relation.
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

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from reviewkit.dedup.normalise import (
    author_key,
    first_page,
    issue_key,
    journal_tokens,
    journals_compatible,
    name_words,
    normalise_doi,
    normalise_pmid,
    normalise_title,
    page_range,
    pages_compatible,
    plausible_year,
    series_volume,
    title_language,
    venue_editions,
    venue_head,
    volume_key,
)
from reviewkit.dedup.relations import is_column_title, part_number, record_markers, relation_kind
from reviewkit.records import Citation

__all__ = [
    "Decision",
    "FieldComparison",
    "FieldVerdict",
    "PairVerdict",
    "Prepared",
    "compare",
    "hard_conflict",
    "prepare",
    "relation",
    "worth_comparing",
]

Decision = Literal["duplicate", "maybe", "distinct"]
FieldVerdict = Literal["same", "compatible", "different", "missing"]

#: Title similarity (rapidfuzz ratio, 0-100) treated as "the same title".
SAME_TITLE = 95.0
#: Title similarity that is close enough to show a human.
CLOSE_TITLE = 85.0
#: With an agreeing DOI/PMID the title only has to be recognisably the same.
ID_TITLE = 80.0
#: Titles with fewer words than this ("Editorial", "Hair loss") identify nothing.
GENERIC_TITLE_WORDS = 4
_ABSTRACT_CHARS = 600
_NUMBER = re.compile(r"\b\d+\b")
_NONE: frozenset[str] = frozenset()
_MARKER_SETS: dict[frozenset[str], frozenset[str]] = {}
_ANONYMOUS = frozenset({"anonymous", "anon", "et al", "etal", "unknown", "na", "n a"})


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldComparison:
    """How one field of a pair compares; ``similarity`` is 0-100 or ``None``."""

    field: str
    value_a: str | None
    value_b: str | None
    similarity: float | None
    verdict: FieldVerdict


@dataclass(frozen=True, slots=True, kw_only=True)
class PairVerdict:
    """The decision on one pair (``a < b``) with its reasons and field evidence."""

    a: str
    b: str
    decision: Decision
    score: float
    reasons: tuple[str, ...]
    fields: tuple[FieldComparison, ...]


class Prepared:
    """One citation normalised for comparison (computed once per record)."""

    __slots__ = (
        "abstract",
        "authors",
        "citation",
        "doi",
        "first_author",
        "fpage",
        "issue",
        "journal",
        "journal_alt",
        "markers",
        "numbers",
        "part",
        "pmcid",
        "pmid",
        "record_id",
        "title",
        "title_words",
        "volume",
        "year",
    )

    def __init__(self, citation: Citation) -> None:
        """Normalise every field of ``citation`` that comparison uses."""
        self.citation = citation
        self.record_id = citation.record_id
        self.title = normalise_title(citation.title)
        self.title_words = self.title.count(" ") + 1 if self.title else 0
        numbers = _NUMBER.findall(self.title)
        self.numbers = frozenset(numbers) if numbers else _NONE
        keys = (author_key(name) for name in citation.authors)
        self.authors: tuple[str, ...] = tuple(k for k in keys if k and k not in _ANONYMOUS)
        self.first_author = self.authors[0].split(" ")[0] if self.authors else ""
        self.year = plausible_year(citation.year)
        self.journal = journal_tokens(citation.journal)
        self.journal_alt = journal_tokens(citation.journal_abbrev)
        self.volume = volume_key(citation.volume)
        if len(self.volume) == 4 and self.year and abs(int(self.volume) - self.year) <= 1:
            self.volume = ""  # the year filed as volume (Cochrane Database Syst Rev)
        self.issue = issue_key(citation.issue)
        self.fpage = first_page(citation.pages)
        self.doi = normalise_doi(citation.doi) or ""
        self.pmid = normalise_pmid(citation.pmid) or ""
        self.pmcid = (citation.pmcid or "").strip().upper()
        abstract = normalise_title(citation.abstract) if citation.abstract else ""
        self.abstract = abstract[:_ABSTRACT_CHARS]
        markers = record_markers(citation.title, citation.publication_type, citation.journal)
        self.markers = _MARKER_SETS.setdefault(markers, markers)  # few distinct sets: share
        self.part = part_number(self.title)

    @property
    def identifiable(self) -> bool:
        """Whether the record has a title or an identifier to match on."""
        return bool(self.title or self.doi or self.pmid or self.pmcid)

    @property
    def locator(self) -> str:
        """Volume, first page and first author as one key (``""`` when incomplete).

        Records sharing it may be one article under two titles (a translation),
        so candidate screens keep such pairs like pairs sharing an identifier.
        Page 1 is left out: journals that number each article from 1 give it to all.
        """
        if not (self.volume and self.fpage and self.first_author) or self.fpage == "1":
            return ""
        return f"{self.volume}:{self.fpage}:{self.first_author}"


def prepare(citation: Citation) -> Prepared:
    """Normalise ``citation`` once for blocking and comparison."""
    return Prepared(citation)


def _journal_verdict(a: Prepared, b: Prepared) -> FieldVerdict:
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
    head = journal_tokens(venue_head(record.citation.journal))
    return [head] if head and head not in names else []


_PROCEEDINGS_VENUE = frozenset(
    {"proceedings", "proc", "conference", "conf", "workshop", "symposium", "congress", "lecture"}
)
_PROCEEDINGS_TYPE = re.compile(r"proceedings|conference|inproceedings|incollection|chapter|book")


def _proceedings(a: Prepared, b: Prepared) -> bool:
    """Either record is a paper in proceedings or a book series (venue or type says so)."""
    for record in (a, b):
        if _PROCEEDINGS_VENUE.intersection(record.journal + record.journal_alt):
            return True
        kind = record.citation.publication_type
        if kind and _PROCEEDINGS_TYPE.search(kind.lower()):
            return True
    return False


def _editions_differ(a: Prepared, b: Prepared) -> str | None:
    """Both venue names state their edition (``24th``, ``2018``) and they differ."""
    ordinals_a, years_a = venue_editions(a.citation.journal)
    ordinals_b, years_b = venue_editions(b.citation.journal)
    for what, x, y in (("editions", ordinals_a, ordinals_b), ("years", years_a, years_b)):
        if x and y and not x & y:
            return f"venue {what} differ: {'/'.join(sorted(x))} vs {'/'.join(sorted(y))}"
    return None


def _page_ranges_match(a: Prepared, b: Prepared) -> bool:
    """Both records give the same multi-page range (first and last page)."""
    range_a = page_range(a.citation.pages)
    range_b = page_range(b.citation.pages)
    return range_a is not None and range_a == range_b and range_a[0] != range_a[1]


# A study group or company as author: databases list it first, last, or not at
# all, and credit the same paper to its writing committee's chair.
_GROUP_AUTHOR = re.compile(
    r"\b(?:group|study|trial|investigators?|consortium|collaborat\w*|committee|society|"
    r"association|network|team|council|working\s+party|task\s+force|organi[sz]ation|"
    r"foundation|institute|pharmaceuticals?|inc|ltd|gmbh)\b",
    re.IGNORECASE,
)


def _author_verdict(a: Prepared, b: Prepared) -> tuple[FieldVerdict, float | None]:
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


def _title_verdict(a: Prepared, b: Prepared) -> tuple[FieldVerdict, float | None]:
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


def _doi_misprint(a: Prepared, b: Prepared) -> bool:
    """Different DOIs, but the PMID or the full locator pins one article."""
    if a.pmid and a.pmid == b.pmid:
        return True
    return (
        bool(a.volume and a.fpage)
        and a.volume == b.volume
        and a.fpage == b.fpage
        and a.year == b.year
        and _journal_verdict(a, b) in ("same", "compatible")
        and _title_verdict(a, b)[0] == "same"
        and _author_verdict(a, b)[0] == "same"
    )


# An e-locator ("c1804", "a1754") beside a print page: BMJ and others give both.
_E_LOCATOR = re.compile(r"^[a-z]{1,2}\d{3,}$")


def _page_excuse(a: Prepared, b: Prepared) -> bool:
    """First pages differ in a way exports produce for one article.

    A misprinted first page (:func:`_first_page_misprint`); the last page given
    alone (``359`` for ``356-359``); or an e-locator beside a print page
    (``c1804`` vs ``1014``). The first two need the same volume, title and authors.
    """
    if _E_LOCATOR.match(a.fpage) and b.fpage.isdigit():
        return True
    if _E_LOCATOR.match(b.fpage) and a.fpage.isdigit():
        return True
    return _first_page_misprint(a, b) or _last_page_alone(a, b)


def _last_page_alone(a: Prepared, b: Prepared) -> bool:
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
        and _title_verdict(a, b)[0] == "same"
        and _author_verdict(a, b)[0] == "same"
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
        and _title_verdict(a, b)[0] != "different"
        and _author_verdict(a, b)[0] == "same"
    )


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
        and not _page_excuse(a, b)
    ):
        return f"first page differs: {a.fpage} vs {b.fpage}"
    kind = relation(a, b)
    if kind is not None:
        return f"related, not the same: {kind}"
    return None


def _one_abstract(a: Prepared, b: Prepared) -> bool:
    """Two exports of one meeting abstract, only one of them labelled as such.

    Both in the same volume of one journal in the same year, on no page range
    (an abstract number or no pages at all): a full article would have its pages,
    and appears later or elsewhere.
    """
    if not (a.volume and a.volume == b.volume and a.year and a.year == b.year):
        return False
    if _journal_verdict(a, b) not in ("same", "compatible"):
        return False
    for record in (a, b):
        pages = page_range(record.citation.pages)
        if pages is not None and pages[0] != pages[1]:
            return False
    return not (a.fpage and b.fpage and not pages_compatible(a.fpage, b.fpage))


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


def _simple(name: str, x: str, y: str) -> FieldComparison:
    if not x or not y:
        verdict: FieldVerdict = "missing"
    else:
        verdict = "same" if x == y else "different"
    return FieldComparison(
        field=name, value_a=x or None, value_b=y or None, similarity=None, verdict=verdict
    )


class _Evidence:
    """Field comparisons of one pair plus the reasons collected on the way."""

    __slots__ = ("fields", "reasons")

    def __init__(self) -> None:
        self.fields: list[FieldComparison] = []
        self.reasons: list[str] = []

    def add(self, comparison: FieldComparison) -> FieldVerdict:
        self.fields.append(comparison)
        return comparison.verdict


def _compare_fields(a: Prepared, b: Prepared, ev: _Evidence) -> dict[str, FieldVerdict]:
    """Compare every field; return the verdict per field."""
    v: dict[str, FieldVerdict] = {}
    v["doi"] = ev.add(_simple("doi", a.doi, b.doi))
    v["pmid"] = ev.add(_simple("pmid", a.pmid, b.pmid))
    title_v, title_sim = _title_verdict(a, b)
    v["title"] = ev.add(FieldComparison(
        field="title", value_a=a.title or None, value_b=b.title or None,
        similarity=title_sim, verdict=title_v,
    ))  # fmt: skip
    author_v, author_sim = _author_verdict(a, b)
    v["authors"] = ev.add(FieldComparison(
        field="authors", value_a="; ".join(a.authors) or None,
        value_b="; ".join(b.authors) or None, similarity=author_sim, verdict=author_v,
    ))  # fmt: skip
    if a.year is None or b.year is None:
        year_v: FieldVerdict = "missing"
    else:
        gap = abs(a.year - b.year)
        year_v = "same" if gap == 0 else "compatible" if gap == 1 else "different"
    v["year"] = ev.add(FieldComparison(
        field="year", value_a=str(a.year) if a.year else None,
        value_b=str(b.year) if b.year else None, similarity=None, verdict=year_v,
    ))  # fmt: skip
    v["journal"] = ev.add(FieldComparison(
        field="journal", value_a=" ".join(a.journal or a.journal_alt) or None,
        value_b=" ".join(b.journal or b.journal_alt) or None, similarity=None,
        verdict=_journal_verdict(a, b),
    ))  # fmt: skip
    volume = _simple("volume", a.volume, b.volume)
    if volume.verdict == "different" and _proceedings(a, b) and series_volume(a.volume, b.volume):
        volume = FieldComparison(  # LNCS series volume vs part of the proceedings
            field="volume", value_a=a.volume, value_b=b.volume, similarity=None,
            verdict="compatible",
        )  # fmt: skip
    v["volume"] = ev.add(volume)
    issue = _simple("issue", a.issue, b.issue)
    if issue.verdict == "different" and not (a.issue.isdigit() and b.issue.isdigit()):
        issue = FieldComparison(  # "5S" vs "Suppl 5", "1-2" vs "1": formats, not facts
            field="issue", value_a=a.issue, value_b=b.issue, similarity=None,
            verdict="compatible",
        )  # fmt: skip
    v["issue"] = ev.add(issue)
    pages = _simple("pages", a.fpage, b.fpage)
    if pages.verdict == "different" and (pages_compatible(a.fpage, b.fpage) or _page_excuse(a, b)):
        pages = FieldComparison(
            field="pages", value_a=a.fpage, value_b=b.fpage, similarity=None,
            verdict="compatible",
        )  # fmt: skip
    v["pages"] = ev.add(pages)
    if a.abstract and b.abstract:
        abstract_sim = fuzz.ratio(a.abstract, b.abstract)
        abstract_v: FieldVerdict = "same" if abstract_sim >= 90.0 else "different"
    else:
        abstract_sim, abstract_v = None, "missing"
    v["abstract"] = ev.add(FieldComparison(
        field="abstract", value_a=None, value_b=None, similarity=abstract_sim,
        verdict=abstract_v,
    ))  # fmt: skip
    return v


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


def _locator(a: Prepared, b: Prepared, v: dict[str, FieldVerdict]) -> bool:
    """Same first page in a volume that does not differ.

    Page 1 alone is generic (journals that number each article from 1); it
    counts only with the same last page in the same volume and issue.
    """
    if v["pages"] != "same" or v["volume"] not in ("same", "missing"):
        return False
    if a.fpage != "1":
        return True
    return v["volume"] == "same" and v["issue"] == "same" and _page_ranges_match(a, b)


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


def _decide(
    a: Prepared, b: Prepared, v: dict[str, FieldVerdict], ev: _Evidence
) -> tuple[Decision, float]:
    ids = [name.upper() for name in ("doi", "pmid") if v[name] == "same"]
    if a.pmcid and a.pmcid == b.pmcid:
        ids.append("PMCID")
    title_sim = next(f.similarity for f in ev.fields if f.field == "title") or 0.0
    ev.reasons.append(_title_reason(v, ev.fields))
    vetoes = _vetoes(a, b, v)
    score = title_sim / 100.0
    if ids:
        ev.reasons.insert(0, "same " + " and ".join(ids))
        score = min(1.0, 0.5 + score / 2.0) if v["title"] != "missing" else 0.75
        if v["title"] in ("same", "missing"):
            # Identifier and title agree: differing locators are export noise.
            ev.reasons.extend(f"ignored: {veto}" for veto in vetoes)
            return "duplicate", score
        ev.reasons.extend(vetoes)
        return ("maybe" if vetoes else "duplicate"), score
    ev.reasons.extend(vetoes)
    if v["title"] not in ("same", "compatible"):
        return _decide_unlike_titles(a, b, v, ev, vetoes=bool(vetoes), score=score)
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
    ev: _Evidence,
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
    if 2 * shared < min(len(a.authors), len(b.authors)) or not _page_ranges_match(a, b):
        return False
    # Titles in one language that differ are two items (or a citation error);
    # a title in another language is what a translated export looks like.
    language_a = title_language(a.citation.title)
    language_b = title_language(b.citation.title)
    return language_a is not None and language_b is not None and language_a != language_b


def compare(a: Prepared, b: Prepared) -> PairVerdict:
    """Compare two prepared records; the verdict's ``a`` is the smaller record_id."""
    if b.record_id < a.record_id:
        a, b = b, a
    ev = _Evidence()
    v = _compare_fields(a, b, ev)
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
    return _title_verdict(a, b)[0] != "different"
