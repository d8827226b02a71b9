from datetime import date, datetime

import pytest

from reviewkit.errors import ParseError
from reviewkit.extraction.forms import Field
from reviewkit.extraction.values import check_row, coerce, is_empty, problems, visible


def field(type_: str, **rules: object) -> Field:
    return Field.model_validate({"key": "x", "label": "X", "type": type_, **rules})


N = field("integer", minimum=1, maximum=2000, required=True)
NEEDLE = field("number_with_unit", unit="mm", minimum=0.1, maximum=3)
DEVICE = field("single_choice", choices=["dermaroller", "dermapen", "electric"])
CO = field("multiple_choice", choices=["minoxidil", "PRP", "finasteride"])


@pytest.mark.parametrize(
    ("fld", "raw", "expected"),
    [
        (field("text"), "  Egypt ", "Egypt"),
        (field("text"), 2019.0, "2019"),
        (field("long_text"), "line one\nline two", "line one\nline two"),
        (N, 40, 40),
        (N, 40.0, 40),
        (N, " 12 ", 12),
        (NEEDLE, 1.5, 1.5),
        (NEEDLE, "1.5", 1.5),
        (NEEDLE, "1.5 mm", 1.5),
        (NEEDLE, "0.5MM", 0.5),
        (DEVICE, "Dermapen", "dermapen"),
        (CO, "PRP; minoxidil", ("minoxidil", "PRP")),
        (CO, ["prp", "PRP"], ("PRP",)),
        (field("yes_no_unclear"), "Unclear", "unclear"),
        (field("yes_no_unclear"), True, "yes"),
        (field("yes_no_unclear"), False, "no"),
        (field("date"), "2021-03-04", date(2021, 3, 4)),
        (field("date"), datetime(2021, 3, 4, 10, 0), date(2021, 3, 4)),
        (field("date"), date(2020, 1, 1), date(2020, 1, 1)),
        (field("text"), "   ", None),
        (CO, [], None),
    ],
)
def test_good_values_coerce_to_their_type(fld, raw, expected):
    assert problems(fld, raw) == []
    assert coerce(fld, raw) == expected


@pytest.mark.parametrize(
    ("fld", "raw", "message"),
    [
        (N, "12.5", "expected a whole number between 1 and 2000, got '12.5'"),
        (N, 0, "expected a whole number between 1 and 2000, got '0'"),
        (N, 2001, "expected a whole number between 1 and 2000, got '2001'"),
        (N, True, "expected a whole number between 1 and 2000, got 'True'"),
        (N, None, "required: enter a value"),
        (N, "", "required: enter a value"),
        (field("integer", minimum=0), "-1", "expected a whole number of at least 0, got '-1'"),
        (field("integer", maximum=9), "x", "expected a whole number of at most 9, got 'x'"),
        (field("integer"), "nan", "expected a whole number, got 'nan'"),
        (NEEDLE, "3.5", "expected a number in mm between 0.1 and 3, got '3.5'"),
        (NEEDLE, "0.15 cm", "expected a number in mm between 0.1 and 3, got '0.15 cm'"),
        (DEVICE, "stamp", "expected one of 'dermaroller', 'dermapen', 'electric', got 'stamp'"),
        (DEVICE, 3, "expected one of 'dermaroller', 'dermapen', 'electric', got '3'"),
        (CO, "minoxidil; laser", "expected one of 'minoxidil', 'PRP', 'finasteride', got 'laser'"),
        (CO, 5, "expected choices separated by ';', got '5'"),
        (field("yes_no_unclear"), "maybe", "expected one of 'yes', 'no', 'unclear', got 'maybe'"),
        (field("date"), "04/03/2021", "expected a date as YYYY-MM-DD, got '04/03/2021'"),
        (field("date"), 44000, "expected a date as YYYY-MM-DD, got '44000'"),
        (field("text", max_length=5), "too long", "expected at most 5 characters, got 8"),
        (field("text"), True, "expected text, got 'True'"),
        (field("long_text"), ["a"], "expected text, got 'a'"),
    ],
)
def test_bad_values_are_explained(fld, raw, message):
    assert problems(fld, raw) == [message]
    with pytest.raises(ParseError, match=r"^x: "):
        coerce(fld, raw)


def test_empty_means_none_blank_or_an_empty_list():
    assert is_empty(None)
    assert is_empty(" ")
    assert is_empty([])
    assert is_empty(())
    assert not is_empty(0)
    assert not is_empty("0")
    assert not is_empty(False)


MINOXIDIL = Field.model_validate(
    {"key": "minoxidil_percent", "label": "Minoxidil %", "type": "number_with_unit",
     "unit": "%", "required": True, "show_if": {"co_treatments": "minoxidil"}}
)  # fmt: skip
POWERED = Field.model_validate(
    {"key": "needle", "label": "Needle", "type": "integer",
     "show_if": {"device": ["dermapen", "electric"], "blinded": True}}
)  # fmt: skip


def test_a_conditional_field_applies_only_when_its_condition_holds():
    assert visible(MINOXIDIL, {"co_treatments": ("minoxidil", "PRP")})
    assert not visible(MINOXIDIL, {"co_treatments": ("PRP",)})
    assert not visible(MINOXIDIL, {})
    # A bare YAML `yes` arrives as True and means the choice "yes".
    assert visible(POWERED, {"device": "Dermapen", "blinded": "yes"})
    assert not visible(POWERED, {"device": "dermapen", "blinded": "no"})
    assert not visible(POWERED, {"device": "dermaroller", "blinded": "yes"})


def test_a_hidden_field_is_not_required_and_must_stay_empty():
    hidden = {"co_treatments": ("PRP",)}
    assert problems(MINOXIDIL, None, context=hidden) == []
    assert coerce(MINOXIDIL, None, context=hidden) is None
    assert problems(MINOXIDIL, "5", context=hidden) == [
        "only applies when co_treatments is 'minoxidil'; leave it empty, got '5'"
    ]
    assert problems(POWERED, 1, context={"device": "dermaroller"}) == [
        "only applies when device is 'dermapen' or 'electric' and blinded is 'yes'; "
        "leave it empty, got '1'"
    ]
    shown = {"co_treatments": ("minoxidil",)}
    assert problems(MINOXIDIL, None, context=shown) == ["required: enter a value"]
    assert coerce(MINOXIDIL, "5 %", context=shown) == 5.0
    # Without a context the condition is not checked at all.
    assert problems(MINOXIDIL, "5") == []


def test_check_row_coerces_in_order_so_later_fields_see_earlier_ones():
    co = Field.model_validate(
        {"key": "co_treatments", "label": "Co", "type": "multiple_choice",
         "choices": ["minoxidil", "PRP"]}
    )  # fmt: skip
    values, found = check_row(
        [co, MINOXIDIL], {"co_treatments": "minoxidil", "minoxidil_percent": 5}
    )
    assert values == {"co_treatments": ("minoxidil",), "minoxidil_percent": 5.0}
    assert found == {}
    values, found = check_row([co, MINOXIDIL], {"co_treatments": "PRP", "minoxidil_percent": "x"})
    assert values == {"co_treatments": ("PRP",)}
    assert list(found) == ["minoxidil_percent"]
    _, found = check_row([MINOXIDIL], {}, context={"co_treatments": ("minoxidil",)})
    assert found == {"minoxidil_percent": ["required: enter a value"]}
