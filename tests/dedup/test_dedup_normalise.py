"""The normalisation facade: every rule's public name, importable from one module."""

import importlib

import pytest

from reviewkit.dedup import normalise

# The names this module has always offered, and the concept module each now lives in.
HOMES = {
    "STOP_WORDS": "venues",
    "author_key": "names",
    "correction_citation": "titles",
    "first_page": "locators",
    "issue_key": "locators",
    "journal_tokens": "venues",
    "journals_compatible": "venues",
    "main_title": "titles",
    "name_words": "names",
    "normalise_doi": "identifiers",
    "normalise_pmid": "identifiers",
    "normalise_title": "titles",
    "page_range": "locators",
    "pages_compatible": "locators",
    "plausible_year": "locators",
    "series_volume": "locators",
    "strip_markup": "folding",
    "strip_section_label": "titles",
    "strip_title_notes": "titles",
    "title_language": "language",
    "venue_editions": "venues",
    "venue_head": "venues",
    "volume_key": "locators",
    "years_compatible": "locators",
}


def test_the_facade_offers_exactly_the_names_it_always_did():
    assert sorted(normalise.__all__) == sorted(HOMES)


@pytest.mark.parametrize(("name", "home"), sorted(HOMES.items()))
def test_each_name_is_the_concept_modules_own_object(name, home):
    module = importlib.import_module(f"reviewkit.dedup.{home}")
    assert name in module.__all__
    assert getattr(normalise, name) is getattr(module, name)


def test_the_rules_work_through_the_facade():
    assert normalise.normalise_doi("https://doi.org/10.4103/IJT.IJT_14_17.") == (
        "10.4103/ijt.ijt_14_17"
    )
    assert normalise.author_key("Rachita Dhurat") == "dhurat r"
    assert normalise.page_range("211-6") == ("211", "216")
