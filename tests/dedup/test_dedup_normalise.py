"""Each normalisation rule, plus the doctests of every dedup module."""

import doctest

import pytest

from reviewkit.dedup import (
    blocking,
    clustering,
    engine,
    evaluation,
    merge,
    normalise,
    relations,
    scoring,
    table,
)
from reviewkit.dedup.normalise import (
    author_key,
    first_page,
    journal_tokens,
    journals_compatible,
    main_title,
    normalise_doi,
    normalise_pmid,
    normalise_title,
    page_range,
    pages_compatible,
    plausible_year,
    series_volume,
    strip_section_label,
    venue_editions,
    venue_head,
    volume_key,
    years_compatible,
)


@pytest.mark.parametrize(
    "module",
    [normalise, relations, scoring, blocking, clustering, merge, engine, evaluation, table],
)
def test_doctests(module):
    failures, _ = doctest.testmod(module, raise_on_error=False)
    assert failures == 0


@pytest.mark.parametrize(
    "raw",
    [
        "10.4103/ijt.ijt_14_17",
        "https://doi.org/10.4103/IJT.IJT_14_17",
        "http://dx.doi.org/10.4103/ijt.ijt_14_17",
        "doi:10.4103/ijt.ijt_14_17",
        "DOI 10.4103/IJT.IJT_14_17",
        "DOI: 10.4103/ijt.ijt_14_17.",
        "https://doi.org/10.4103%2Fijt.ijt_14_17",
        " 10.4103/ijt.ijt_14_17; ",
    ],
)
def test_doi_forms(raw):
    assert normalise_doi(raw) == "10.4103/ijt.ijt_14_17"


@pytest.mark.parametrize("raw", [None, "", "n/a", "11.1000/x", "10.1000"])
def test_invalid_dois_are_absent(raw):
    assert normalise_doi(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("23960389", "23960389"),
        ("PMID: 23960389", "23960389"),
        ("pmid23960389", "23960389"),
        ("https://pubmed.ncbi.nlm.nih.gov/23960389/", "23960389"),
        ("https://www.ncbi.nlm.nih.gov/pubmed/23960389", "23960389"),
        ("CN-01799773", None),
        ("WOS:000123", None),
        (None, None),
    ],
)
def test_pmid_forms(raw, expected):
    assert normalise_pmid(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Microneedling in Alopecia.", "microneedling in alopecia"),
        ("[Microneedling in alopecia].", "Microneedling in alopecia"),
        ("Effect of <i>minoxidil</i> &amp; microneedling", "Effect of minoxidil & microneedling"),
        ("TGF-β signalling in α-cells", "TGF-beta signalling in alpha-cells"),
        ("Évaluation du microneedling", "Evaluation du microneedling"),
        ("The microneedling trial", "Microneedling trial"),
        ("Microneedling &lt;sup&gt;2&lt;/sup&gt; study", "Microneedling 2 study"),
        ("Microneedling—a review", "Microneedling: a review"),
    ],
)
def test_title_variants_normalise_equal(a, b):
    assert normalise_title(a) == normalise_title(b)


def test_main_title_drops_the_subtitle():
    assert main_title("Microneedling: a randomized trial") == "microneedling"
    assert main_title("Microneedling") == "microneedling"


@pytest.mark.parametrize(
    "name",
    ["Dhurat R", "Rachita Dhurat", "Dhurat, Rachita", "DHURAT R.", "Dhurat, R.", "Dhurat RS"],
)
def test_author_forms(name):
    assert author_key(name) == "dhurat r"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("English RS Jr", "Robert S English Jr"),
        ("van der Berg J", "Jan van der Berg"),
        ("Müller-Lüdenscheidt, K.", "Mueller Ludenscheidt K"),
    ],
)
def test_author_particles_suffixes_and_diacritics(a, b):
    if "Mueller" in b:  # transliteration (ü -> ue) is a different spelling, not a form
        assert author_key(a) == "mullerludenscheidt k"
    else:
        assert author_key(a) == author_key(b)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Int J Trichology", "International Journal of Trichology", True),
        ("J Cosmet Dermatol", "Journal of Cosmetic Dermatology", True),
        ("Natl Med J India", "The National Medical Journal of India", True),
        ("JAMA", "Journal of the American Medical Association", True),
        ("Lancet", "The Lancet", True),
        ("Kinderkrankenschwester", "Kinderkrankenschwester : Organ der Sektion", True),
        ("J Cosmet Dermatol", "Journal of Clinical Dermatology", False),
        ("Value in Health", "Antimicrobial Resistance and Infection Control", False),
    ],
)
def test_journal_abbreviations(a, b, expected):
    assert journals_compatible(journal_tokens(a), journal_tokens(b)) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("211-6", ("211", "216")),
        ("211-216", ("211", "216")),
        ("1565-71", ("1565", "1571")),
        ("401‐403", ("401", "403")),
        ("761--778", ("761", "778")),
        ("083-087", ("83", "87")),
        ("e14267", ("e14267", "e14267")),
        ("905140", ("905140", "905140")),
        ("S12", ("s12", "s12")),
        ("S12-S15", ("s12", "s15")),
    ],
)
def test_page_ranges(raw, expected):
    assert page_range(raw) == expected


def test_pages_compatibility():
    assert pages_compatible(first_page("211-6"), first_page("211-216"))
    assert pages_compatible(first_page("e14267"), first_page("14267"))
    assert pages_compatible(first_page("1-10"), first_page("905140"))
    assert not pages_compatible(first_page("211-6"), first_page("311-6"))


def test_volumes_and_years():
    assert volume_key("Vol. 45") == volume_key("45") == "45"
    assert volume_key("10628 LNCS") == "10628"
    assert volume_key("(no pagination)") == ""
    assert years_compatible(2019, 2020)
    assert not years_compatible(2018, 2020)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Scalp care for night-shift nurses - [careers]", "scalp care for night shift nurses"),
        ("Scalp care for night-shift nurses [Editorial].", "scalp care for night shift nurses"),
        (
            "Scalp care for night-shift nurses [In Process Citation]",
            "scalp care for night shift nurses",
        ),
        # A long bracketed tail is a second-language title: kept for comparison.
        (
            "Scalp care [Kopfhautpflege bei Nachtschicht und Schlafmangel]",
            "scalp care kopfhautpflege bei nachtschicht und schlafmangel",
        ),
        # Brackets that belong to a chemical name are not labels.
        ("Uptake of 2-[18F]fluoro-deoxyglucose", "uptake of 2 18f fluoro deoxyglucose"),
        # PubMed's whole-title brackets (a translated title) keep their words.
        ("[Scalp care for night-shift nurses].", "scalp care for night shift nurses"),
    ],
)
def test_section_labels_after_a_title_are_dropped(raw, expected):
    assert normalise_title(raw) == expected


def test_section_label_needs_a_title_before_it():
    assert strip_section_label("[careers]") == "[careers]"


def test_venue_head_drops_a_conference_theme():
    assert venue_head("ECHR : Growing Hair Together") == "ECHR"
    assert venue_head("Journal of Hair Research") == "Journal of Hair Research"
    assert journals_compatible(
        journal_tokens(venue_head("ECHR: Growing Hair Together")),
        journal_tokens("European Conference on Hair Research"),
    )


def test_venue_editions():
    assert venue_editions("Proc. 24th Hair Symposium (HS 2019)") == ({"24"}, {"2019"})
    assert venue_editions("Hair Symposium") == (frozenset(), frozenset())


def test_placeholder_years_are_absent():
    assert plausible_year(2013) == 2013
    assert plausible_year(0) is None
    assert plausible_year(9999) is None


def test_series_volume_numbering():
    assert series_volume("11872", "3")
    assert not series_volume("45", "46")
    assert not series_volume("1864", "1865")
    assert not series_volume("11872", "")
