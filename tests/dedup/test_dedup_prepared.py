"""Prepared records: the fields comparison uses, normalised once."""

from reviewkit.dedup.decision import worth_comparing
from reviewkit.dedup.prepared import prepare
from reviewkit.records import Citation
from tests.dedup.pair_support import BASE, GERMAN, field, pair


def test_a_shared_locator_is_worth_comparing():
    a = prepare(Citation(record_id="a", source="x", **{**BASE, "pages": "205-226"}))
    b = prepare(
        Citation(record_id="b", source="y", **{**BASE, "title": GERMAN, "pages": "205-226"})
    )
    assert a.locator == b.locator == "5:205:dhurat"
    assert worth_comparing(a, b)
    page_one = prepare(Citation(record_id="c", source="y", **{**BASE, "pages": "1-12"}))
    assert page_one.locator == ""


def test_a_placeholder_year_is_treated_as_missing():
    v = pair({}, {"year": 9999})
    assert field(v, "year").verdict == "missing"
    assert v.decision == "duplicate"
