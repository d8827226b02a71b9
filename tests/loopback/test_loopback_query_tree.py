"""The parsed query tree: history references found anywhere in it."""

from __future__ import annotations

from reviewkit.loopback.query import parse_query
from reviewkit.loopback.query_translation import format_translation
from reviewkit.loopback.query_tree import BoolOp, HistoryRef, Term, history_keys


def translate(text: str, **kwargs: str) -> str:
    return format_translation(parse_query(text, **kwargs).root)


def test_history_references() -> None:
    root = parse_query("#1 AND #3 NOT alopecia").root
    assert history_keys(root) == {1, 3}
    assert isinstance(root, BoolOp)
    assert isinstance(root.left, BoolOp)
    assert root.left.left == HistoryRef(key=1)
    assert translate("#2") == "#2"


def test_a_tree_without_history_references_has_no_keys() -> None:
    term = Term(text="x", field="all", tokens=("x",), key="x")
    assert history_keys(term) == set()
    assert history_keys(BoolOp(op="NOT", left=term, right=HistoryRef(key=4))) == {4}
