"""Title normalisation: markup, notes, section labels and translated-title brackets."""

import pytest

from reviewkit.dedup.titles import main_title, normalise_title, strip_section_label


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
