"""Field evidence: how the locator fields of a pair compare."""

from tests.dedup.pair_support import CONFERENCE, field, pair


def test_abbreviated_page_ranges_agree():
    v = pair({"pages": "211-6"}, {"pages": "211-216"})
    assert field(v, "pages").verdict == "same"
    assert v.decision == "duplicate"


def test_series_volume_and_proceedings_part_are_different_numbering_schemes():
    conference = {**CONFERENCE, "journal": "Proceedings of the Hair Research Workshop"}
    v = pair({**conference, "volume": "11872"}, {**conference, "volume": "3"})
    assert field(v, "volume").verdict == "compatible"
    assert v.decision == "duplicate"
    # A journal's volumes are one scheme: 1864 vs 3 is a real difference.
    v = pair({"volume": "1864"}, {"volume": "3"})
    assert field(v, "volume").verdict == "different"
    assert v.decision == "maybe"
