"""The loopback server's PubMed query parser: terms, fields, operators, ranges, errors."""

from __future__ import annotations

import re

import pytest

from reviewkit.errors import ParseError
from reviewkit.loopback.query import parse_query
from reviewkit.loopback.query_translation import format_translation
from reviewkit.loopback.query_tree import BoolOp, DateRange, Term, UidRange


def translate(text: str, **kwargs: str) -> str:
    return format_translation(parse_query(text, **kwargs).root)


def test_a_bare_word_searches_all_fields() -> None:
    root = parse_query("microneedling").root
    assert root == Term(
        text="microneedling", field="all", tokens=("microneedling",), key="microneedling"
    )
    assert format_translation(root) == '"microneedling"[All Fields]'


def test_words_before_a_tag_form_one_phrase() -> None:
    root = parse_query("randomized controlled trial[pt]").root
    assert isinstance(root, Term)
    assert root.tokens == ("randomized", "controlled", "trial")
    assert root.key == "randomized controlled trial"


def test_untagged_adjacent_words_are_anded() -> None:
    assert translate("hair loss") == '"hair"[All Fields] AND "loss"[All Fields]'


def test_quoted_phrase_stays_one_term() -> None:
    assert translate('"hair loss"[tiab]') == '"hair loss"[Title/Abstract]'


def test_operators_are_case_insensitive_and_evaluated_left_to_right() -> None:
    root = parse_query("a or b and c").root
    assert isinstance(root, BoolOp)
    assert root.op == "AND"
    assert isinstance(root.left, BoolOp)
    assert root.left.op == "OR"
    assert translate("a or b and c") == ('("a"[All Fields] OR "b"[All Fields]) AND "c"[All Fields]')


def test_parentheses_group() -> None:
    assert translate("a AND (b OR c) NOT d") == (
        '("a"[All Fields] AND ("b"[All Fields] OR "c"[All Fields])) NOT "d"[All Fields]'
    )


def test_date_ranges_in_both_spellings() -> None:
    compact = parse_query("2010:2020[dp]").root
    assert compact == DateRange(field="pdat", lo=20100101, hi=20201231, text="2010:2020")
    spaced = parse_query('"2010/01/01"[dp] : "3000"[dp]').root
    assert isinstance(spaced, DateRange)
    assert (spaced.lo, spaced.hi) == (20100101, 30001231)
    assert format_translation(spaced) == "2010/01/01:3000/12/31[Date - Publication]"


def test_uid_ranges_and_single_uids() -> None:
    assert parse_query("1:7500[uid]").root == UidRange(lo=1, hi=7500, text="1:7500")
    assert translate("12345[pmid]") == '"12345"[UID]'


def test_unknown_field_tags_are_reported_and_searched_everywhere() -> None:
    query = parse_query("alopecia[xyz]")
    assert query.fields_not_found == ("xyz",)
    assert isinstance(query.root, Term)
    assert query.root.field == "all"


def test_default_field_applies_to_untagged_terms() -> None:
    assert translate("alopecia", default_field="ti") == '"alopecia"[Title]'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ("(alopecia", "missing ')'"),
        ("alopecia)", "unexpected ')'"),
        ("alopecia AND", "expected a search term"),
        ("AND alopecia", "needs a term before it"),
        ('"hair loss', "unterminated"),
        ("alopecia[tiab", "unterminated"),
        ("()", "empty parentheses"),
        ('""', "empty quoted phrase"),
        ('"2010"[tiab] : "2020"[tiab]', "needs a date or UID field"),
        ("20x0[dp]", "expected YYYY"),
        ("2010/13[dp]", "out of range"),
        ("abc[uid]", "not a number"),
        ("2010[dp]:2020[edat]", "same field"),
        ("2010[dp]:", "needs a value"),
    ],
)
def test_syntax_errors_are_parse_errors_naming_the_query(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)) as info:
        parse_query(text)
    assert repr(text) in str(info.value)
