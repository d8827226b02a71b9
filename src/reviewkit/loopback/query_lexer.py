"""The query lexer: PubMed search text cut into tokens for the parser.

Tokens are parentheses, ``:`` (a range), a ``"quoted phrase"``, a ``[field tag]``
and bare words (operators included: telling ``AND`` from a word is the
parser's job, :mod:`~reviewkit.loopback.query`). Positions are kept so that
errors can name a column. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reviewkit.errors import ParseError

__all__ = ["QueryToken", "TokenKind", "lex_query"]

TokenKind = Literal["(", ")", "quoted", "tag", ":", "word"]


@dataclass(frozen=True, slots=True)
class QueryToken:
    """One token: its kind, its text (without quotes or brackets) and its 0-based column."""

    kind: TokenKind
    text: str
    pos: int


def lex_query(text: str) -> list[QueryToken]:
    """Cut a search term into tokens.

    >>> [(t.kind, t.text) for t in lex_query('hair* [tiab] AND "loss"')]
    [('word', 'hair*'), ('tag', 'tiab'), ('word', 'AND'), ('quoted', 'loss')]

    Raises:
        ParseError: a quote or bracket is never closed; the message gives the column.
    """
    tokens: list[QueryToken] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "():":
            tokens.append(QueryToken(c, c, i))  # type: ignore[arg-type]
            i += 1
        elif c in '"[':
            close = '"' if c == '"' else "]"
            end = text.find(close, i + 1)
            if end < 0:
                raise ParseError(f"query {text!r}: unterminated {c} at column {i + 1}")
            tokens.append(QueryToken("quoted" if c == '"' else "tag", text[i + 1 : end], i))
            i = end + 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in '()"[':
                i += 1
            tokens.append(QueryToken("word", text[start:i], start))
    return tokens
