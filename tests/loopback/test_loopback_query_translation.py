"""QueryTranslation: the parsed query printed back as NCBI's ESearch shows it."""

from __future__ import annotations

import pytest

from reviewkit.loopback.query import parse_query
from reviewkit.loopback.query_translation import format_translation
from reviewkit.loopback.query_tree import BoolOp, DateRange, Term, UidRange


def test_truncation_is_kept_and_rendered_unquoted() -> None:
    root = parse_query("alopec*[tiab]").root
    assert isinstance(root, Term)
    assert root.truncated
    assert root.tokens == ("alopec",)
    assert format_translation(root) == "alopec*[Title/Abstract]"


def test_a_single_year_is_a_whole_year_range() -> None:
    root = parse_query("2015[pdat]").root
    assert isinstance(root, DateRange)
    assert (root.lo, root.hi) == (20150101, 20151231)
    assert format_translation(root) == '"2015"[Date - Publication]'


@pytest.mark.parametrize(
    ("tag", "field", "label"),
    [
        ("edat", "edat", "Date - Entry"),
        ("mdat", "mdat", "Date - Modification"),
    ],
)
def test_entry_and_modification_dates(tag: str, field: str, label: str) -> None:
    root = parse_query(f"2020/03:2020/04[{tag}]").root
    assert isinstance(root, DateRange)
    assert root.field == field
    assert format_translation(root) == f"2020/03/01:2020/04/31[{label}]"


def test_nested_operations_are_parenthesised_on_either_side() -> None:
    a = Term(text="a", field="all", tokens=("a",), key="a")
    b = Term(text="b", field="ti", tokens=("b",), key="b")
    node = BoolOp(op="OR", left=a, right=BoolOp(op="AND", left=a, right=b))
    assert format_translation(node) == '"a"[All Fields] OR ("a"[All Fields] AND "b"[Title])'


def test_mesh_terms_show_their_key_and_other_fields_their_words() -> None:
    mesh = Term(
        text="Alopecia/Therapy", field="mh", tokens=("alopecia", "therapy"), key="alopecia/therapy"
    )
    words = Term(text="Hair-loss", field="tiab", tokens=("hair", "loss"), key="hair loss")
    assert format_translation(mesh) == '"alopecia/therapy"[MeSH Terms]'
    assert format_translation(words) == '"hair loss"[Title/Abstract]'


def test_a_one_pmid_uid_range_is_quoted() -> None:
    assert format_translation(UidRange(lo=5, hi=5, text="5")) == '"5"[UID]'
    assert format_translation(UidRange(lo=5, hi=9, text="5:9")) == "5:9[UID]"
    whole = DateRange(field="edat", lo=20200101, hi=20201231, text="2020/01:2020")
    assert format_translation(whole) == "2020/01/01:2020/12/31[Date - Entry]"
