"""Journal and venue names: abbreviations, conference themes and editions."""

import pytest

from reviewkit.dedup.venues import journal_tokens, journals_compatible, venue_editions, venue_head


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


def test_a_conference_series_acronym_with_its_year_names_the_conference():
    from reviewkit.dedup import deduplicate
    from reviewkit.records import Citation

    title = "Trust in microneedling clinics on sharing platforms: a decision making perspective"
    full = Citation(record_id="a", source="x", title=title, authors=("Lei, Yu", "Kahai, S"),
                    year=2017, journal="Americas Conference on Information Systems")  # fmt: skip
    acronym = Citation(record_id="b", source="y", title=title, authors=("Lei, Y", "Kahai, S"),
                       year=2017, journal="AMCIS 2017 Proceedings")  # fmt: skip
    journal = Citation(record_id="c", source="z", title=title, authors=("Lei, Yu",), year=2018,
                       journal="Journal of Global Information Technology Management",
                       volume="7", issue="4", pages="47-65")  # fmt: skip
    result = deduplicate([full, acronym, journal])
    assert result.cluster_of("a") == result.cluster_of("b")
    assert result.cluster_of("c") != result.cluster_of("a")


def test_an_acronym_must_spell_every_word_of_the_name():
    assert not journals_compatible(
        journal_tokens("ICIS 2019 Proceedings"),
        journal_tokens("Americas Conference on Information Systems"),
    )
