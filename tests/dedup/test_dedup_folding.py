"""Folding: markup, Greek letters, ligatures and diacritics become plain ASCII words."""

import pytest

from reviewkit.dedup.folding import fold, strip_markup


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Effect of <i>minoxidil</i>", "Effect of minoxidil"),
        ("CO<sub>2</sub> laser &amp; microneedling", "CO2 laser & microneedling"),
        # Escaped tags (``&lt;i&gt;``) are decoded, then dropped like real ones.
        ("&lt;i&gt;minoxidil&lt;/i&gt; foam", "minoxidil foam"),
        ("no markup at all", "no markup at all"),
    ],
)
def test_strip_markup(raw, expected):
    assert strip_markup(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Microneedling—A Review!", "microneedling a review"),
        ("TGF-β1 and α-MSH", "tgf beta 1 and alpha msh"),
        ("µg and μg", "mu g and mu g"),  # micro sign and Greek mu are one letter
        ("Straße, Æther, Œdème, Øvre, Łódź", "strasse aether oedeme ovre lodz"),
        ("Évaluation à Zürich", "evaluation a zurich"),
        ("  --  ", ""),
    ],
)
def test_fold(raw, expected):
    assert fold(raw) == expected


def test_fold_gives_the_same_words_for_ascii_and_non_ascii_spellings():
    assert fold("Beta-cells in TNF-alpha") == fold("β-cells in TNF-α")
