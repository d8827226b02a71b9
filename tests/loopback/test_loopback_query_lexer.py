"""The query lexer: tokens, their kinds and columns, unterminated quotes and tags."""

from __future__ import annotations

import pytest

from reviewkit.errors import ParseError
from reviewkit.loopback.query_lexer import QueryToken, lex_query


def test_tokens_carry_kind_text_and_column() -> None:
    # A colon inside a word stays in it; only a free-standing one is a range token.
    assert lex_query('(hair* OR "hair loss"[ti]) 2010:2020[dp] : 2021 #1') == [
        QueryToken("(", "(", 0),
        QueryToken("word", "hair*", 1),
        QueryToken("word", "OR", 7),
        QueryToken("quoted", "hair loss", 10),
        QueryToken("tag", "ti", 21),
        QueryToken(")", ")", 25),
        QueryToken("word", "2010:2020", 27),
        QueryToken("tag", "dp", 36),
        QueryToken(":", ":", 41),
        QueryToken("word", "2021", 43),
        QueryToken("word", "#1", 48),
    ]


def test_whitespace_alone_gives_no_tokens() -> None:
    assert lex_query(" \t\n ") == []


@pytest.mark.parametrize(("text", "column"), [('a "hair loss', 3), ("alopecia[tiab", 9)])
def test_an_unclosed_quote_or_tag_names_its_column(text: str, column: int) -> None:
    with pytest.raises(ParseError, match=f"unterminated . at column {column}$"):
        lex_query(text)
