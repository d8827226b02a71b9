"""Title language: judged by function words, and ``None`` when the words do not decide."""

import pytest

from reviewkit.dedup.language import title_language


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Microneedling with minoxidil for the treatment of alopecia", "en"),
        ("Mikronadelung und Minoxidil bei der androgenetischen Alopezie", "de"),
        ("Le microneedling dans les alopécies et pour les cicatrices", "fr"),
        ("Microagujas y minoxidil para la alopecia en los hombres", "es"),
        ("Microagulhamento com minoxidil para os homens e as mulheres", "pt"),
        ("<i>Microneedling</i> (and) “the” minoxidil", "en"),  # markup and quotes stripped
    ],
)
def test_languages_by_their_function_words(title, expected):
    assert title_language(title) == expected


@pytest.mark.parametrize(
    "title",
    [
        None,
        "",
        "Microneedling",
        "Microneedling for alopecia",  # one function word is not enough
        "Hair and the Haare und der",  # a tie between two languages decides nothing
    ],
)
def test_no_language_when_unsure(title):
    assert title_language(title) is None
