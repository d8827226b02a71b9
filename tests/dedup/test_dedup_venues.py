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
