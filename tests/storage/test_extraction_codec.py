"""The JSON form of extracted values and row keys."""

import json
from datetime import date

import pytest

from reviewkit.storage.extraction_codec import decode, decode_keys, encode


@pytest.mark.parametrize(
    "value",
    [None, "parallel", 6, 0.5, date(2020, 1, 2), ("PRP", "minoxidil"), (date(2020, 1, 2), 3), ()],
)
def test_values_survive_a_json_round_trip(value):
    assert decode(json.loads(json.dumps(encode(value)))) == value


def test_dates_are_tagged_and_tuples_become_lists():
    assert encode(("a", date(2020, 1, 2))) == ["a", {"date": "2020-01-02"}]
    assert encode(["a", ("b",)]) == ["a", ["b"]]


def test_a_mapping_without_a_date_tag_is_left_alone():
    assert decode({"value": 1}) == {"value": 1}


def test_row_keys_come_back_as_pairs_of_text():
    assert decode_keys([["arm", "A"], ["timepoint", 12]]) == (("arm", "A"), ("timepoint", "12"))
    assert decode_keys([]) == ()
