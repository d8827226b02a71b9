"""Pair decisions and the reasons they give."""

import pytest

from reviewkit.dedup.scoring import compare, hard_conflict, prepare, worth_comparing
from reviewkit.records import Citation

BASE = {
    "title": "Microneedling with minoxidil for androgenetic alopecia: a randomized trial",
    "authors": ("Dhurat R", "Sukesh M", "Avhad G"),
    "year": 2013,
    "journal": "International Journal of Trichology",
    "volume": "5",
    "issue": "1",
    "pages": "6-11",
}


def pair(a_fields=None, b_fields=None):
    a = Citation(record_id="a", source="x", **{**BASE, **(a_fields or {})})
    b = Citation(record_id="b", source="y", **{**BASE, **(b_fields or {})})
    return compare(prepare(a), prepare(b))


def field(verdict, name):
    return next(f for f in verdict.fields if f.field == name)


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


def test_abbreviated_page_ranges_agree():
    v = pair({"pages": "211-6"}, {"pages": "211-216"})
    assert field(v, "pages").verdict == "same"
    assert v.decision == "duplicate"


def test_years_two_apart_are_distinct():
    v = pair({"year": 2013}, {"year": 2015})
    assert v.decision == "distinct"
    assert "years differ by more than one: 2013 vs 2015" in v.reasons


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


def test_hard_conflict_accepts_an_agreeing_identifier_over_pages():
    a = prepare(Citation(record_id="a", source="x", **{**BASE, "doi": "10.1000/x", "pages": "7"}))
    b = prepare(
        Citation(record_id="b", source="y", **{**BASE, "doi": "10.1000/x", "pages": "101576"})
    )
    assert hard_conflict(a, b) is None


def test_a_section_label_after_the_title_is_ignored():
    v = pair(
        {"title": "Hair loss at the office - [careers]", "issue": "3", "pages": "23"},
        {"title": "Hair loss at the office", "issue": "3", "pages": "23"},
    )
    assert v.decision == "duplicate"
    assert field(v, "title").verdict == "same"


CONFERENCE = {
    "title": "Scalp imaging with smartphones: a design science study of hair density apps",
    "authors": ("Okafor N", "Lindqvist P"),
    "volume": None,
    "issue": None,
    "pages": None,
    "publication_type": "inproceedings",
}


def test_a_conference_theme_after_the_series_name_is_the_same_venue():
    v = pair(
        {**CONFERENCE, "journal": "European Conference on Hair Research", "year": 2019},
        {**CONFERENCE, "journal": "ECHR : Growing Hair Together", "year": 2020},
    )
    assert field(v, "journal").verdict == "compatible"
    assert v.decision == "duplicate"


def test_different_editions_of_a_conference_are_not_merged():
    # Research-in-progress one year, the full paper the next: same title, two records.
    v = pair(
        {**CONFERENCE, "journal": "Proceedings of the 24th European Conference on Hair Research"},
        {**CONFERENCE, "journal": "Proc. 25th European Conference on Hair Research", "year": 2014},
    )
    assert v.decision == "maybe"
    assert "venue editions differ: 24 vs 25" in v.reasons


def test_series_volume_and_proceedings_part_are_different_numbering_schemes():
    conference = {**CONFERENCE, "journal": "Proceedings of the Hair Research Workshop"}
    v = pair({**conference, "volume": "11872"}, {**conference, "volume": "3"})
    assert field(v, "volume").verdict == "compatible"
    assert v.decision == "duplicate"
    # A journal's volumes are one scheme: 1864 vs 3 is a real difference.
    v = pair({"volume": "1864"}, {"volume": "3"})
    assert field(v, "volume").verdict == "different"
    assert v.decision == "maybe"


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


GERMAN = "Mikronadelung mit Minoxidil bei androgenetischer Alopezie: eine randomisierte Studie"


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


def test_a_shared_locator_is_worth_comparing():
    a = prepare(Citation(record_id="a", source="x", **{**BASE, "pages": "205-226"}))
    b = prepare(
        Citation(record_id="b", source="y", **{**BASE, "title": GERMAN, "pages": "205-226"})
    )
    assert a.locator == b.locator == "5:205:dhurat"
    assert worth_comparing(a, b)
    page_one = prepare(Citation(record_id="c", source="y", **{**BASE, "pages": "1-12"}))
    assert page_one.locator == ""


def test_a_placeholder_year_is_treated_as_missing():
    v = pair({}, {"year": 9999})
    assert field(v, "year").verdict == "missing"
    assert v.decision == "duplicate"


LONG = {
    "title": "Microneedling improves hair density in androgenetic alopecia",
    "pages": "141-177",
    "volume": "96",
    "issue": "2",
}


def test_a_title_cut_mid_word_with_its_subtitle_run_on_matches_the_full_citation():
    run_on = LONG["title"] + "the results of a multicentre cohort and"
    v = pair(LONG, {**LONG, "title": run_on})
    assert field(v, "title").verdict == "compatible"
    assert v.decision == "duplicate"


def test_a_run_on_title_without_the_full_citation_is_not_a_duplicate():
    run_on = LONG["title"] + "the results of a multicentre cohort and"
    v = pair(LONG, {**LONG, "title": run_on, "pages": None, "issue": None, "volume": None})
    assert v.decision != "duplicate"


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


def test_a_heading_before_the_title_with_full_citation_and_name_form_apart():
    title = "Can microneedling regrow hair in androgenetic alopecia?"
    fields = {"title": title, "authors": ("Il Cheong H",), "pages": "556-557"}
    other = {"title": "Hair loss: " + title, "authors": ("Cheong, H. I.",), "pages": "556-557"}
    v = pair(fields, other)
    assert field(v, "authors").verdict == "compatible"
    assert v.decision == "duplicate"


def prepare_pair(a_fields, b_fields):
    a = Citation(record_id="a", source="x", **{**BASE, **a_fields})
    b = Citation(record_id="b", source="y", **{**BASE, **b_fields})
    return prepare(a), prepare(b)


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


def test_a_study_group_beside_its_chair_is_no_author_conflict():
    group = {"authors": ("ALTS Study Group",), "pages": "1383-1392"}
    chair = {"authors": ("Solomon D",), "pages": "1383-1392"}
    v = pair(group, chair)
    assert field(v, "authors").verdict == "missing"
    assert v.decision == "duplicate"


def test_two_different_people_as_first_authors_still_differ():
    v = pair({"authors": ("Walker J",)}, {"authors": ("Solomon D",)})
    assert field(v, "authors").verdict == "different"
    assert v.decision != "duplicate"


def test_a_differing_issue_does_not_outweigh_title_authors_journal_and_volume():
    v = pair({"issue": "1834", "pages": None}, {"issue": "1833", "pages": None})
    assert v.decision == "duplicate"
    assert not any("issue differs" in reason for reason in v.reasons)


def test_a_differing_issue_still_counts_against_a_merely_close_title():
    close = BASE["title"].replace("randomized trial", "randomised controlled trial")
    v = pair({"issue": "1", "pages": None}, {"issue": "2", "pages": None, "title": close})
    assert v.decision == "maybe"
    assert "issue differs: 1 vs 2" in v.reasons
