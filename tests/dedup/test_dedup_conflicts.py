"""Hard conflicts, and the page differences that exports of one article produce."""

import pytest

from reviewkit.dedup.conflicts import hard_conflict
from reviewkit.dedup.decision import compare
from reviewkit.dedup.prepared import prepare
from reviewkit.records import Citation
from tests.dedup.pair_support import BASE, pair, prepare_pair


def test_different_dois_are_distinct():
    v = pair({"doi": "10.1000/aaa"}, {"doi": "10.1000/bbb", "volume": "6", "pages": "20-30"})
    assert v.decision == "distinct"
    assert "different DOIs: 10.1000/aaa vs 10.1000/bbb" in v.reasons


def test_a_doi_misprint_is_forgiven_only_when_the_locator_pins_the_article():
    v = pair({"doi": "10.1586/14737140.7.1.57"}, {"doi": "10.1586/14787210.7.1.57"})
    assert v.decision == "duplicate"
    v = pair({"doi": "10.1586/14737140.7.1.57"}, {"doi": "10.1586/14787210.7.1.57", "pages": None})
    assert v.decision == "distinct"


def test_different_pmids_are_distinct():
    assert pair({"pmid": "1"}, {"pmid": "2"}).decision == "distinct"


def test_first_page_differs_is_a_hard_conflict():
    v = pair({"pages": "211-6"}, {"pages": "311-6"})
    assert v.decision == "distinct"
    assert "first page differs: 211 vs 311" in v.reasons


def test_years_two_apart_are_distinct():
    v = pair({"year": 2013}, {"year": 2015})
    assert v.decision == "distinct"
    assert "years differ by more than one: 2013 vs 2015" in v.reasons


def test_hard_conflict_accepts_an_agreeing_identifier_over_pages():
    a = prepare(Citation(record_id="a", source="x", **{**BASE, "doi": "10.1000/x", "pages": "7"}))
    b = prepare(
        Citation(record_id="b", source="y", **{**BASE, "doi": "10.1000/x", "pages": "101576"})
    )
    assert hard_conflict(a, b) is None


@pytest.mark.parametrize("misprint", ["2297-2108", "2096-2108"])
def test_a_misprinted_first_page_in_the_same_issue_ending_on_the_same_page(misprint):
    fields = {"volume": "24", "issue": "11", "pages": "2097-2108"}
    a, b = prepare_pair(fields, {**fields, "pages": misprint})
    assert hard_conflict(a, b) is None
    assert compare(a, b).decision == "duplicate"


def test_a_different_first_page_in_another_issue_is_still_a_conflict():
    fields = {"volume": "24", "issue": "11", "pages": "2097-2108"}
    a, b = prepare_pair(fields, {**fields, "issue": "12", "pages": "2297-2108"})
    assert hard_conflict(a, b) == "first page differs: 2097 vs 2297"


def test_the_same_last_page_does_not_excuse_a_different_first_page_under_other_authors():
    fields = {"volume": "24", "issue": "11", "pages": "2097-2108"}
    other = {**fields, "pages": "2107-2108", "authors": ("Smith J", "Jones K")}
    a, b = prepare_pair(fields, other)
    assert hard_conflict(a, b) is not None


def test_the_last_page_given_alone_matches_the_range_it_ends():
    a, b = prepare_pair({"pages": "356-359"}, {"pages": "359"})
    assert hard_conflict(a, b) is None
    assert compare(a, b).decision == "duplicate"


def test_a_single_page_that_is_not_the_last_page_still_conflicts():
    a, b = prepare_pair({"pages": "356-359"}, {"pages": "358"})
    assert hard_conflict(a, b) == "first page differs: 356 vs 358"


def test_an_e_locator_beside_a_print_page_is_no_conflict():
    a, b = prepare_pair({"pages": "1014", "issue": None}, {"pages": "c1804", "issue": None})
    assert hard_conflict(a, b) is None
    assert compare(a, b).decision == "duplicate"


@pytest.mark.parametrize("abstract_page", ["A4912", "S123"])
def test_an_abstract_number_or_supplement_page_beside_a_print_page_still_conflicts(
    abstract_page,
):
    a, b = prepare_pair({"pages": "1020-1028"}, {"pages": abstract_page})
    assert hard_conflict(a, b) is not None


def test_an_embase_meeting_abstract_and_its_unlabelled_copy_on_the_same_page_merge():
    from reviewkit.dedup import deduplicate
    from reviewkit.records import Citation

    fields = {**BASE, "volume": "26", "issue": "9"}
    venue = "Pediatric Nephrology.Conference: 44th ESPN Meeting"
    labelled = Citation(record_id="a", source="embase",
                        **{**fields, "pages": "1676", "journal": venue})  # fmt: skip
    plain = Citation(record_id="b", source="wos", **{**fields, "pages": "1676-1677",
                     "journal": "Pediatric Nephrology"})  # fmt: skip
    article = Citation(record_id="c", source="pubmed", **{**fields, "pages": "1801-1809",
                       "journal": "Pediatric Nephrology"})  # fmt: skip
    result = deduplicate([labelled, plain, article])
    assert result.cluster_of("a") == result.cluster_of("b") != result.cluster_of("c")
