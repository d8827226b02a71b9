"""PubMed's query language, as far as the loopback server understands it.

Pure: parses a search term into a small tree (:mod:`~reviewkit.loopback.query_tree`)
that the index evaluates (:mod:`~reviewkit.loopback.index`) and
:mod:`~reviewkit.loopback.query_translation` renders as NCBI-style
``QueryTranslation`` text. The lexer, field tags, index words and dates live in
:mod:`~reviewkit.loopback.query_lexer`, :mod:`~reviewkit.loopback.search_fields`,
:mod:`~reviewkit.loopback.words` and :mod:`~reviewkit.loopback.dates`.

Supported: ``AND``/``OR``/``NOT`` (any case) evaluated strictly left to right
as PubMed does, parentheses, implicit ``AND`` between adjacent terms, quoted
phrases, truncation ``word*``, field tags (``[tiab]``, ``[mh]``, ``[pt]`` …),
date and UID ranges (``2010:2020[dp]``, ``"2010/01/01"[dp] : "3000"[dp]``) and
history references (``#1``). Unknown field tags are reported as
``FieldNotFound`` and searched in all fields, like NCBI.
"""

from __future__ import annotations

import re

from reviewkit.errors import ParseError
from reviewkit.loopback.dates import parse_date_bound
from reviewkit.loopback.query_lexer import QueryToken, lex_query
from reviewkit.loopback.query_tree import (
    BoolOp,
    DateRange,
    HistoryRef,
    Node,
    Query,
    Term,
    UidRange,
)
from reviewkit.loopback.search_fields import DATE_FIELDS, FIELD_LABELS, canonical_field
from reviewkit.loopback.words import normalise_key, tokenise

__all__ = ["parse_query"]

_OPERATORS = frozenset({"AND", "OR", "NOT"})


class _Parser:
    """Recursive descent over one term's tokens, collecting unknown field tags."""

    def __init__(self, text: str, default_field: str) -> None:
        self.text = text
        self.tokens = lex_query(text)
        self.pos = 0
        self.default_field = default_field
        self.fields_not_found: list[str] = []

    def fail(self, message: str, tok: QueryToken | None = None) -> ParseError:
        where = f" at column {tok.pos + 1}" if tok else " at the end"
        return ParseError(f"query {self.text!r}: {message}{where}")

    def peek(self) -> QueryToken | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> QueryToken:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Query:
        if not self.tokens:
            raise self.fail("empty query")
        root = self.expression()
        tok = self.peek()
        if tok is not None:
            raise self.fail(f"unexpected {tok.text!r}", tok)
        return Query(root=root, fields_not_found=tuple(self.fields_not_found))

    def expression(self) -> Node:
        node = self.operand()
        while (tok := self.peek()) is not None and tok.kind != ")":
            op = "AND"
            if tok.kind == "word" and tok.text.upper() in _OPERATORS:
                op = tok.text.upper()
                self.take()
            # PubMed evaluates left to right with no precedence; adjacency means AND.
            node = BoolOp(op=op, left=node, right=self.operand())  # type: ignore[arg-type]
        return node

    def operand(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.fail("expected a search term")
        if tok.kind == "(":
            self.take()
            if (inner := self.peek()) is not None and inner.kind == ")":
                raise self.fail("empty parentheses", inner)
            node = self.expression()
            close = self.peek()
            if close is None or close.kind != ")":
                raise self.fail("missing ')' for '('", tok)
            self.take()
            return node
        if tok.kind == "word" and tok.text.upper() in _OPERATORS:
            raise self.fail(f"operator {tok.text!r} needs a term before it", tok)
        if tok.kind == "word" and re.fullmatch(r"#\d+", tok.text):
            self.take()
            return HistoryRef(key=int(tok.text[1:]))
        if tok.kind not in ("word", "quoted"):
            raise self.fail(f"unexpected {tok.text!r}", tok)
        return self.term()

    def term(self) -> Node:
        first = self.peek()
        assert first is not None
        value, words = self.value()
        tag = self.tag()
        if (colon := self.peek()) is not None and colon.kind == ":":
            self.take()
            if (nxt := self.peek()) is None or nxt.kind not in ("word", "quoted"):
                raise self.fail("a range needs a value after ':'", colon)
            upper, _ = self.value()
            upper_tag = self.tag()
            if tag and upper_tag and tag != upper_tag:
                raise self.fail("both ends of a range need the same field", colon)
            return self.range_node(f"{value}:{upper}", value, upper, tag or upper_tag, first)
        field = tag or self.default_field
        if field in DATE_FIELDS or field == "uid":
            lower, _, upper = value.partition(":")
            return self.range_node(value, lower, upper or lower, field, first)
        if len(words) > 1 and tag is None:
            # Untagged bare words are separate terms, ANDed (PubMed's default).
            node: Node = self.make_term(words[0], field)
            for word in words[1:]:
                node = BoolOp(op="AND", left=node, right=self.make_term(word, field))
            return node
        return self.make_term(value, field)

    def value(self) -> tuple[str, list[str]]:
        tok = self.take()
        if tok.kind == "quoted":
            if not tok.text.strip():
                raise self.fail("empty quoted phrase", tok)
            return tok.text, [tok.text]
        words = [tok.text]
        while (
            (nxt := self.peek()) is not None
            and nxt.kind == "word"
            and nxt.text.upper() not in _OPERATORS
            and not nxt.text.startswith("#")
        ):
            words.append(self.take().text)
        return " ".join(words), words

    def tag(self) -> str | None:
        tok = self.peek()
        if tok is None or tok.kind != "tag":
            return None
        self.take()
        field = canonical_field(tok.text)
        if field is None:
            self.fields_not_found.append(tok.text)
            return "all"
        return field

    def range_node(
        self, text: str, lower: str, upper: str, field: str | None, tok: QueryToken
    ) -> Node:
        if field in DATE_FIELDS:
            try:
                lo = parse_date_bound(lower, upper=False)
                hi = parse_date_bound(upper, upper=True)
            except ParseError as exc:
                raise self.fail(f"{exc} in a [{FIELD_LABELS[field]}] term", tok) from exc
            return DateRange(field=field, lo=lo, hi=hi, text=text)
        if field == "uid":
            if not (lower.strip().isdigit() and upper.strip().isdigit()):
                raise self.fail(f"UID {text!r} is not a number or a number range", tok)
            return UidRange(lo=int(lower), hi=int(upper), text=text)
        raise self.fail(f"range {text!r} needs a date or UID field tag such as [dp]", tok)

    def make_term(self, text: str, field: str) -> Term:
        truncated = text.rstrip().endswith("*")
        core = text.rstrip().rstrip("*")
        return Term(
            text=text,
            field=field,
            tokens=tuple(tokenise(core)),
            key=normalise_key(core),
            truncated=truncated,
        )


def parse_query(text: str, *, default_field: str = "all") -> Query:
    """Parse a PubMed search term.

    Args:
        text: the ``term`` parameter as received.
        default_field: canonical field for untagged terms (ESearch's ``field``).

    >>> from reviewkit.loopback.query_translation import format_translation
    >>> q = parse_query('microneedling[tiab] AND "hair loss" NOT review[pt]')
    >>> format_translation(q.root)
    '("microneedling"[Title/Abstract] AND "hair loss"[All Fields]) NOT "review"[Publication Type]'

    Raises:
        ParseError: the term is empty or malformed; the message gives the column.
    """
    return _Parser(text, default_field).parse()
