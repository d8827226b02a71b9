"""Field verdicts: titles, authors and journals that are the same, compatible or different."""

from reviewkit.dedup.verdicts import CLOSE_TITLE, GENERIC_TITLE_WORDS, SAME_TITLE
from tests.dedup.pair_support import CONFERENCE, field, pair


def test_the_title_thresholds_keep_their_values():
    assert (SAME_TITLE, CLOSE_TITLE) == (95.0, 85.0)
    assert GENERIC_TITLE_WORDS == 4


def test_a_section_label_after_the_title_is_ignored():
    v = pair(
        {"title": "Hair loss at the office - [careers]", "issue": "3", "pages": "23"},
        {"title": "Hair loss at the office", "issue": "3", "pages": "23"},
    )
    assert v.decision == "duplicate"
    assert field(v, "title").verdict == "same"


def test_a_conference_theme_after_the_series_name_is_the_same_venue():
    v = pair(
        {**CONFERENCE, "journal": "European Conference on Hair Research", "year": 2019},
        {**CONFERENCE, "journal": "ECHR : Growing Hair Together", "year": 2020},
    )
    assert field(v, "journal").verdict == "compatible"
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
