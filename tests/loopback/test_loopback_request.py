"""Reading E-utilities parameters: repeated ids, WebEnv spellings, integers, PMID lists."""

from __future__ import annotations

import pytest

from reviewkit.errors import ParseError
from reviewkit.loopback.request import (
    MAX_UID,
    UTILITIES,
    add_param,
    count_ids,
    int_param,
    split_ids,
    webenv,
)


def test_the_five_served_utilities() -> None:
    assert UTILITIES == ("esearch", "efetch", "epost", "einfo", "esummary")


def test_repeated_ids_add_up_and_other_repeats_keep_the_last() -> None:
    params: dict[str, str] = {}
    for name, value in [("id", "1"), ("term", "a"), ("id", "2,3"), ("term", "b"), ("id", "")]:
        add_param(params, name, value)
    assert params == {"id": "1,2,3,", "term": "b"}


def test_a_blank_first_id_is_replaced_not_joined() -> None:
    params: dict[str, str] = {}
    add_param(params, "id", "")
    add_param(params, "id", "7")
    assert params == {"id": "7"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"WebEnv": " MCID_1 "}, "MCID_1"),
        ({"webenv": "MCID_2"}, "MCID_2"),
        ({"WebEnv": "", "webenv": "MCID_3"}, "MCID_3"),
        ({"WebEnv": "   "}, None),
        ({}, None),
    ],
)
def test_webenv_in_either_spelling(params: dict[str, str], expected: str | None) -> None:
    assert webenv(params) == expected


def test_int_param_default_value_and_error() -> None:
    assert int_param({}, "retmax", 20) == 20
    assert int_param({"retmax": "  "}, "retmax", 20) == 20
    assert int_param({"retmax": " 7 "}, "retmax", 20) == 7
    with pytest.raises(ParseError, match=r"retmax='-1': expected a non-negative integer"):
        int_param({"retmax": "-1"}, "retmax", 20)


def test_split_ids_keeps_order_drops_duplicates_and_counts_invalid() -> None:
    assert split_ids("5 3\n5,,x,0") == ([5, 3], 2)
    assert split_ids(f"{MAX_UID},{MAX_UID + 1}") == ([MAX_UID], 1)
    assert split_ids("") == ([], 0)


def test_count_ids_counts_every_entry_valid_or_not() -> None:
    assert count_ids({"id": "1, 2,abc,,3"}) == 4
    assert count_ids({}) == 0
