"""Index words: case, diacritics and punctuation folded alike for records and queries."""

from __future__ import annotations

from reviewkit.loopback.words import normalise_key, tokenise


def test_tokenise_folds_case_diacritics_and_punctuation() -> None:
    assert tokenise("Müller-Lüdenscheidt's <b>CO2</b> laser") == [
        "muller",
        "ludenscheidt",
        "s",
        "b",
        "co2",
        "b",
        "laser",
    ]
    assert tokenise("") == []


def test_normalise_key_keeps_the_mesh_subheading_slash() -> None:
    assert normalise_key("Alopecia / Therapy") == "alopecia/therapy"
    assert normalise_key("Dermatitis, Atopic") == "dermatitis atopic"


def test_tokenise_keeps_digits_and_drops_underscores() -> None:
    assert tokenise("CO2_laser 5-ARI") == ["co2", "laser", "5", "ari"]


def test_normalise_key_of_an_empty_subheading_keeps_the_slash() -> None:
    assert normalise_key("Alopecia/") == "alopecia/"
