"""Pair decisions and the reasons they give."""

import pytest

from reviewkit.dedup.conflicts import hard_conflict, relation
from reviewkit.dedup.decision import PairVerdict, compare, worth_comparing
from reviewkit.dedup.prepared import prepare
from reviewkit.records import Citation
from tests.dedup.pair_support import BASE, CONFERENCE, GERMAN, field, pair


def test_same_doi_and_title_is_a_duplicate_with_reasons():
    v = pair(
        {"doi": "10.4103/0974-7753.114700"}, {"doi": "https://doi.org/10.4103/0974-7753.114700"}
    )
    assert v.decision == "duplicate"
    assert v.reasons[0] == "same DOI"
    assert "title same (100/100)" in v.reasons
    assert field(v, "doi").verdict == "same"


def test_export_differences_without_identifiers_are_a_duplicate():
    v = pair(
        {"authors": ("Rachita Dhurat", "Manish Sukesh"), "pages": "6-11", "year": 2013},
        {
            "title": "MICRONEEDLING WITH MINOXIDIL FOR ANDROGENETIC ALOPECIA: A RANDOMIZED TRIAL.",
            "authors": ("Dhurat, R.", "Sukesh, M."),
            "journal": "Int J Trichology",
            "pages": "6-11",
            "year": 2014,
        },
    )
    assert v.decision == "duplicate"
    assert field(v, "journal").verdict == "compatible"
    assert field(v, "year").verdict == "compatible"
    assert any(r.startswith("agree: journal") for r in v.reasons)


def test_volume_difference_vetoes_a_duplicate():
    v = pair({}, {"volume": "6"})
    assert v.decision == "maybe"
    assert "volume differs: 5 vs 6" in v.reasons


def test_different_journal_without_locator_is_only_maybe():
    # The same abstract printed in two journals: not one record.
    v = pair(
        {"volume": None, "pages": None},
        {"journal": "Value in Health", "volume": None, "pages": None},
    )
    assert v.decision == "maybe"
    assert "journals differ and volume/pages do not confirm" in v.reasons


def test_title_alone_is_not_enough():
    v = pair(
        {"journal": None, "volume": None, "pages": None},
        {"journal": None, "volume": None, "pages": None},
    )
    assert v.decision == "maybe"
    assert "nothing beyond title, authors and year agrees" in v.reasons


def test_generic_titles_need_volume_and_pages():
    v = pair({"title": "Editorial", "pages": None}, {"title": "Editorial", "pages": None})
    assert v.decision == "maybe"


def test_different_numbers_in_a_title_veto():
    v = pair({"title": BASE["title"] + " phase 2"}, {"title": BASE["title"] + " phase 3"})
    assert v.decision != "duplicate"


def test_unrelated_titles_are_distinct():
    v = pair({}, {"title": "Platelet-rich plasma for alopecia areata"})
    assert v.decision == "distinct"


def test_pair_order_does_not_matter():
    a = Citation(record_id="b", source="x", **BASE)
    b = Citation(record_id="a", source="y", **{**BASE, "year": 2014})
    one, two = compare(prepare(a), prepare(b)), compare(prepare(b), prepare(a))
    assert one == two
    assert (one.a, one.b) == ("a", "b")


def test_different_editions_of_a_conference_are_not_merged():
    # Research-in-progress one year, the full paper the next: same title, two records.
    v = pair(
        {**CONFERENCE, "journal": "Proceedings of the 24th European Conference on Hair Research"},
        {**CONFERENCE, "journal": "Proc. 25th European Conference on Hair Research", "year": 2014},
    )
    assert v.decision == "maybe"
    assert "venue editions differ: 24 vs 25" in v.reasons


def test_volume_and_issue_confirm_a_translated_journal_name():
    one = {"journal": "Transactions of the Japanese Hair Society", "pages": None, "issue": "2"}
    two = {"journal": "Nihon Mohatsu Gakkai Ronbunshi", "pages": None, "issue": "2"}
    v = pair(one, two)
    assert v.decision == "duplicate"
    assert any("volume/issue" in r for r in v.reasons)
    # Another issue: nothing independent of the title confirms the journal.
    v = pair(one, {**two, "issue": "3"})
    assert v.decision == "maybe"


def test_a_footnote_number_in_the_title_is_ignored_when_the_locator_agrees():
    v = pair({}, {"title": BASE["title"] + " 1"})
    assert v.decision == "duplicate"
    # Without pages nothing shows that the number is not a part number.
    v = pair({"pages": None}, {"title": BASE["title"] + " 1", "pages": None})
    assert v.decision == "maybe"
    assert "numbers in the title differ: 1" in v.reasons


def test_page_one_counts_with_the_same_page_range_volume_and_issue():
    # Journals that number every article from page 1: only the whole range locates it.
    short = {"title": "Microneedling with minoxidil for androgenetic alopecia", "pages": "1-29"}
    full = {
        **short,
        "title": short["title"] + ": a randomized trial in men and women attending "
        "dermatology centres in India and Brazil",
    }
    assert pair(short, full).decision == "duplicate"
    assert pair(short, {**full, "pages": "1-25"}).decision == "maybe"
    assert pair(short, {**full, "pages": "1-29", "issue": None}).decision == "maybe"


def test_the_full_citation_matches_a_translated_title():
    v = pair({"pages": "205-226"}, {"title": GERMAN, "pages": "205 -- 226"})
    assert v.decision == "duplicate"
    assert v.reasons[-1].startswith("titles in two languages (a translation)")


@pytest.mark.parametrize(
    "change",
    [
        {"issue": "2"},  # same pages in another issue: a different article
        {"issue": None},  # the issue must be given to pin the article
        {"year": 2014},
        {"authors": ("Avhad G", "Sukesh M")},
        {"pages": "205"},  # a single page can hold several items
        {"title": "Platelet-rich plasma for alopecia areata"},  # not a translation
    ],
)
def test_the_full_citation_match_needs_every_part(change):
    v = pair({"pages": "205-226"}, {"title": GERMAN, "pages": "205-226", **change})
    assert v.decision != "duplicate"


def test_supplement_pages_never_match_without_a_title():
    v = pair({"pages": "S20-S21", "issue": "Suppl 1"}, {"title": GERMAN, "pages": "S20-S21",
             "issue": "Suppl 1"})  # fmt: skip
    assert v.decision == "distinct"


def test_a_heading_before_the_title_with_full_citation_and_name_form_apart():
    title = "Can microneedling regrow hair in androgenetic alopecia?"
    fields = {"title": title, "authors": ("Il Cheong H",), "pages": "556-557"}
    other = {"title": "Hair loss: " + title, "authors": ("Cheong, H. I.",), "pages": "556-557"}
    v = pair(fields, other)
    assert field(v, "authors").verdict == "compatible"
    assert v.decision == "duplicate"


def test_a_differing_issue_does_not_outweigh_title_authors_journal_and_volume():
    v = pair({"issue": "1834", "pages": None}, {"issue": "1833", "pages": None})
    assert v.decision == "duplicate"
    assert not any("issue differs" in reason for reason in v.reasons)


def test_a_differing_issue_still_counts_against_a_merely_close_title():
    close = BASE["title"].replace("randomized trial", "randomised controlled trial")
    v = pair({"issue": "1", "pages": None}, {"issue": "2", "pages": None, "title": close})
    assert v.decision == "maybe"
    assert "issue differs: 1 vs 2" in v.reasons


def test_a_pair_formatted_apart_is_worth_comparing_and_a_duplicate_by_doi():
    fields = {"title": "Microneedling with minoxidil for androgenetic alopecia", "year": 2013}
    a = prepare(Citation(record_id="a", source="x", doi="10.1000/x", **fields))
    b = prepare(Citation(record_id="b", source="y", doi="doi:10.1000/X", **fields))
    assert worth_comparing(a, b)
    assert hard_conflict(a, b) is None
    assert relation(a, b) is None
    verdict = compare(a, b)
    assert isinstance(verdict, PairVerdict)
    assert (verdict.decision, verdict.reasons[0]) == ("duplicate", "same DOI")
