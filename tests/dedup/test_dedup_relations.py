"""Never-merge cases: each is a hand-written pair that looks alike but is two records."""

import pytest

from reviewkit.dedup import deduplicate
from reviewkit.dedup.decision import compare
from reviewkit.dedup.prepared import prepare
from reviewkit.records import Citation
from tests.dedup.pair_support import BASE

ARTICLE = dict(BASE)  # the shared base citation


def cite(record_id, **fields):
    return Citation(record_id=record_id, source="test", **{**ARTICLE, **fields})


RELATED = [
    (
        "erratum",
        {"title": "Erratum: " + ARTICLE["title"], "pages": "50"},
    ),
    (
        "erratum",
        {"title": "Correction to: " + ARTICLE["title"], "year": 2014, "pages": None},
    ),
    ("erratum", {"publication_type": "Published Erratum", "pages": None}),
    ("retraction", {"title": "Retraction notice: " + ARTICLE["title"], "pages": None}),
    (
        "retraction",
        {"title": "Expression of concern: " + ARTICLE["title"], "pages": None},
    ),
    ("comment", {"title": "Re: " + ARTICLE["title"], "pages": None}),
    ("comment", {"title": "Reply to: " + ARTICLE["title"], "pages": None}),
    ("comment", {"title": "Comment on: " + ARTICLE["title"], "pages": None}),
    (
        "conference-abstract",
        {"publication_type": "Conference Abstract", "pages": None, "volume": None},
    ),
    (
        "conference-abstract",
        {"journal": "Abstracts of the World Congress of Dermatology", "pages": None},
    ),
    # The item type after the title (MEDLINE style), the title itself repeated.
    ("comment", {"title": ARTICLE["title"] + " [letter]", "pages": "120"}),
    ("erratum", {"title": ARTICLE["title"] + " [Erratum]", "pages": None}),
    ("conference-abstract", {"title": ARTICLE["title"] + " [abstract]", "pages": None}),
    (
        "protocol",
        {
            "title": "Microneedling with minoxidil for androgenetic alopecia: "
            "study protocol for a randomized trial",
            "year": 2012,
            "pages": None,
        },
    ),
    (
        "protocol",
        {
            "title": "Microneedling with minoxidil for androgenetic alopecia: "
            "rationale and design of a randomized trial",
            "pages": None,
        },
    ),
]


@pytest.mark.parametrize(("kind", "fields"), RELATED)
def test_related_records_are_linked_never_merged(kind, fields):
    article, other = cite("a"), cite("b", **fields)
    result = deduplicate([article, other])
    assert result.cluster_of("a") != result.cluster_of("b")
    assert [(r.a, r.b, r.kind) for r in result.relations] == [("a", "b", kind)]
    assert compare(prepare(article), prepare(other)).decision == "distinct"


@pytest.mark.parametrize(
    ("one", "two"),
    [
        ("Part I", "Part II"),
        ("part 1", "part 2"),
        ("Part One", "Part Two"),
        ("Volume 1", "Volume 2"),
        ("Vol. 3", "Vol. 4"),
    ],
)
def test_parts_of_a_series_stay_apart(one, two):
    base = "Hair loss in women, {}: diagnosis and treatment"
    a = cite("a", title=base.format(one), pages=None)
    b = cite("b", title=base.format(two), pages=None)
    result = deduplicate([a, b])
    assert result.cluster_of("a") != result.cluster_of("b")
    assert [r.kind for r in result.relations] == ["part"]


def test_same_titled_editorials_from_different_issues_stay_apart():
    a = cite("a", title="Editorial", authors=("Smith J",), issue="1", pages="1", doi=None)
    b = cite("b", title="Editorial", authors=("Smith J",), issue="2", pages="101", doi=None)
    result = deduplicate([a, b])
    assert result.cluster_of("a") != result.cluster_of("b")
    assert [r.kind for r in result.relations] == ["same-title-different-issue"]


def test_two_exports_of_one_erratum_are_duplicates():
    title = "Erratum: " + ARTICLE["title"]
    a = cite("a", title=title, pages="50", doi="10.1000/erratum")
    b = cite("b", title=title.upper(), pages="50", doi="https://doi.org/10.1000/ERRATUM")
    result = deduplicate([a, b])
    assert result.cluster_of("a") == result.cluster_of("b")
    assert result.relations == ()


def test_an_unmarked_copy_does_not_bridge_an_article_and_its_erratum():
    a = cite("a", doi="10.1000/article")
    b = cite("b", pages=None, doi=None, journal="Int J Trichology")
    c = cite("c", title="Erratum: " + ARTICLE["title"], pages=None, doi=None)
    result = deduplicate([a, b, c])
    assert result.cluster_of("a") == result.cluster_of("b")
    assert result.cluster_of("c") not in {result.cluster_of("a"), result.cluster_of("b")}
    assert {(r.a, r.b) for r in result.relations} >= {("b", "c")}


def test_a_named_column_in_another_issue_is_related_not_merged():
    title = "Notes from the hair clinic - Editor's Comments"
    a = cite("a", title=title, authors=("Smith J",), issue="1", pages=None)
    b = cite("b", title=title, authors=("Smith J",), issue="2", pages=None)
    result = deduplicate([a, b])
    assert result.cluster_of("a") != result.cluster_of("b")
    assert [r.kind for r in result.relations] == ["same-title-different-issue"]
    assert result.maybe == ()


def test_a_named_column_exported_twice_from_one_issue_is_not_a_relation():
    title = "Notes from the hair clinic - Editor's Comments"
    a = cite("a", title=title, authors=("Smith J",), year=2013, pages=None)
    b = cite("b", title=title, authors=("Smith J",), year=2014, pages=None)  # e-pub vs print
    result = deduplicate([a, b])
    assert result.relations == ()
    assert result.cluster_of("a") == result.cluster_of("b")


def test_an_article_that_merely_starts_with_editorial_is_no_column():
    title = "Editorial policies of dermatology journals: a survey of 40 titles"
    a = cite("a", title=title, issue="1", pages=None)
    b = cite("b", title=title, issue="2", pages=None)
    assert deduplicate([a, b]).relations == ()


def test_a_translated_title_does_not_hide_an_erratum():
    # The full-citation rule for translated titles must not merge an erratum.
    a = cite("a", title="Mikronadelung mit Minoxidil bei androgenetischer Alopezie")
    b = cite("b", title="Erratum: " + ARTICLE["title"])
    assert compare(prepare(a), prepare(b)).decision == "distinct"


# How Ovid, Embase and Web of Science dress up titles (patterns seen in the SRA-DM
# exports): notes appended to the article's own title, and correction notices
# titled with the corrected article's citation.
ANNOTATED_ARTICLE = [
    ARTICLE["title"] + ".[Erratum appears in Int J Trichology. 2013 Jun",
    ARTICLE["title"] + " [corrected][published erratum appears in Int J Trichology 2013]",
    ARTICLE["title"] + " [see comments]",
    ARTICLE["title"] + ". [Japanese]",
]


@pytest.mark.parametrize("title", ANNOTATED_ARTICLE)
def test_a_note_appended_to_the_title_does_not_make_another_record(title):
    result = deduplicate([cite("a"), cite("b", title=title, journal="Int J Trichology")])
    assert result.cluster_of("a") == result.cluster_of("b")
    assert result.relations == ()


CORRECTION_NOTICES = [
    ARTICLE["title"] + " (vol 5, pg 6, 2013)",
    ARTICLE["title"] + " (International Journal of Trichology (2013) 5 (6-11))",
    ARTICLE["title"] + " (The International Journal of Trichology (M",
]


@pytest.mark.parametrize("title", CORRECTION_NOTICES)
def test_a_correction_titled_with_the_article_citation_is_an_erratum(title):
    result = deduplicate([cite("a"), cite("b", title=title, issue="3", pages="120")])
    assert result.cluster_of("a") != result.cluster_of("b")
    assert [r.kind for r in result.relations] == ["erratum"]


def test_the_wos_and_embase_copies_of_one_correction_are_duplicates():
    wos = cite("w", title=ARTICLE["title"] + " (vol 5, pg 6, 2013)", issue="3", pages="120")
    embase = cite(
        "e",
        title="Erratum: " + ARTICLE["title"] + " (International Journal of Trichology (2013) 5",
        issue="3",
        pages="120",
    )
    result = deduplicate([cite("a"), wos, embase])
    assert result.cluster_of("w") == result.cluster_of("e") != result.cluster_of("a")


def test_a_letter_with_the_discussed_article_appended_matches_its_plain_copy():
    title = "More on microneedling for androgenetic alopecia"
    plain = cite("a", title=title, pages="2142-2143", volume="360", issue="20")
    cited = cite(
        "b",
        title=title + "... N Engl J Med. 2009 Jan 29;360(5):544-6",
        pages="2142-3",
        volume="360",
        issue="20",
    )
    result = deduplicate([plain, cited])
    assert result.cluster_of("a") == result.cluster_of("b")


def test_two_exports_of_one_meeting_abstract_merge_when_only_one_is_labelled():
    abstract = {"volume": "183", "issue": None, "journal": "Am J Respir Crit Care Med"}
    labelled = cite("a", **abstract, title=ARTICLE["title"] + " [Abstract]", pages="A4912")
    plain = cite("b", **abstract, pages=None)
    result = deduplicate([labelled, plain])
    assert result.cluster_of("a") == result.cluster_of("b")
    assert result.relations == ()


def test_a_labelled_abstract_and_a_paginated_article_in_one_volume_stay_apart():
    abstract = {"volume": "183", "issue": None, "journal": "Am J Respir Crit Care Med"}
    labelled = cite("a", **abstract, title=ARTICLE["title"] + " [Abstract]", pages="A4912")
    article = cite("b", **abstract, pages="1020-1028")
    result = deduplicate([labelled, article])
    assert result.cluster_of("a") != result.cluster_of("b")
