"""Pair decisions and the reasons they give."""

from reviewkit.dedup.scoring import compare, hard_conflict, prepare
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
