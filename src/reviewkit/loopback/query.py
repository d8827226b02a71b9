"""PubMed's query language, as far as the loopback server understands it.

Pure: parses a search term into a small tree and renders NCBI-style
``QueryTranslation`` text; :mod:`reviewkit.loopback.corpus` evaluates the tree.

Supported: ``AND``/``OR``/``NOT`` (any case) evaluated strictly left to right
as PubMed does, parentheses, implicit ``AND`` between adjacent terms, quoted
phrases, truncation ``word*``, field tags (``[tiab]``, ``[mh]``, ``[pt]`` …),
date and UID ranges (``2010:2020[dp]``, ``"2010/01/01"[dp] : "3000"[dp]``) and
history references (``#1``). Unknown field tags are reported as
``FieldNotFound`` and searched in all fields, like NCBI.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from reviewkit.errors import ParseError

__all__ = [
    "DATE_FIELDS",
    "FIELD_LABELS",
    "BoolOp",
    "DateRange",
    "HistoryRef",
    "Node",
    "Query",
    "Term",
    "UidRange",
    "format_date",
    "format_translation",
    "history_keys",
    "normalise_key",
    "parse_date_bound",
    "parse_query",
    "tokenise",
]

# Canonical field -> label NCBI prints in QueryTranslation.
FIELD_LABELS: dict[str, str] = {
    "all": "All Fields",
    "tiab": "Title/Abstract",
    "ti": "Title",
    "ab": "Abstract",
    "kw": "Other Term",
    "tw": "Text Word",
    "mh": "MeSH Terms",
    "majr": "MeSH Major Topic",
    "pt": "Publication Type",
    "au": "Author",
    "ta": "Journal",
    "la": "Language",
    "pdat": "Date - Publication",
    "edat": "Date - Entry",
    "mdat": "Date - Modification",
    "uid": "UID",
}

DATE_FIELDS = frozenset({"pdat", "edat", "mdat"})

_TAG_ALIASES: dict[str, str] = {
    "all": "all",
    "all fields": "all",
    "tiab": "tiab",
    "title/abstract": "tiab",
    "ti": "ti",
    "title": "ti",
    "ab": "ab",
    "abstract": "ab",
    "ot": "kw",
    "kw": "kw",
    "other term": "kw",
    "keyword": "kw",
    "keywords": "kw",
    "tw": "tw",
    "text word": "tw",
    "mh": "mh",
    "mesh": "mh",
    "mesh terms": "mh",
    "mh:noexp": "mh",
    "mesh terms:noexp": "mh",
    "majr": "majr",
    "mesh major topic": "majr",
    "majr:noexp": "majr",
    "pt": "pt",
    "publication type": "pt",
    "au": "au",
    "author": "au",
    "auth": "au",
    "full author name": "au",
    "fau": "au",
    "ta": "ta",
    "journal": "ta",
    "jour": "ta",
    "jt": "ta",
    "la": "la",
    "lang": "la",
    "language": "la",
    "dp": "pdat",
    "pdat": "pdat",
    "publication date": "pdat",
    "date - publication": "pdat",
    "edat": "edat",
    "entrez date": "edat",
    "date - entry": "edat",
    "entrez": "edat",
    "mdat": "mdat",
    "lr": "mdat",
    "modification date": "mdat",
    "date - modification": "mdat",
    "uid": "uid",
    "pmid": "uid",
}

_OPERATORS = frozenset({"AND", "OR", "NOT"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """A word or phrase searched in one field.

    ``tokens`` are the normalised words (see :func:`tokenise`); ``key`` is the
    normalised whole value for fields matched as a unit (MeSH, author …).
    """

    text: str
    field: str
    tokens: tuple[str, ...]
    key: str
    truncated: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DateRange:
    """Records whose ``field`` date (YYYYMMDD integers) lies in ``lo``–``hi``."""

    field: str
    lo: int
    hi: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class UidRange:
    """Records whose PMID lies in ``lo``–``hi``."""

    lo: int
    hi: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryRef:
    """``#n``: the set stored under query key ``n`` of the request's WebEnv."""

    key: int


@dataclass(frozen=True, slots=True, kw_only=True)
class BoolOp:
    """``left OP right``; NOT means "left but not right"."""

    op: Literal["AND", "OR", "NOT"]
    left: Node
    right: Node


Node = Term | DateRange | UidRange | HistoryRef | BoolOp


@dataclass(frozen=True, slots=True, kw_only=True)
class Query:
    """A parsed search term and the unknown field tags met on the way."""

    root: Node
    fields_not_found: tuple[str, ...] = ()


_WORD_RE = re.compile(r"[^\W_]+")


def tokenise(text: str) -> list[str]:
    """Split text into PubMed-style index words.

    Lower case, diacritics folded, punctuation and hyphens act as spaces.

    >>> tokenise("Micro-needling (MN) for Ålopécia's")
    ['micro', 'needling', 'mn', 'for', 'alopecia', 's']
    """
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return _WORD_RE.findall(text.lower())


def normalise_key(text: str) -> str:
    """Normalise a value matched as a whole (a MeSH heading, an author, a journal).

    A ``/`` separating a MeSH descriptor from a subheading is kept.

    >>> normalise_key("Alopecia/Therapy")
    'alopecia/therapy'
    >>> normalise_key("  Dhurat,  R. ")
    'dhurat r'
    """
    return "/".join(" ".join(tokenise(part)) for part in text.split("/"))


_DATE_RE = re.compile(r"^\s*(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?\s*$")


def parse_date_bound(text: str, *, upper: bool) -> int:
    """Turn ``YYYY``, ``YYYY/MM`` or ``YYYY/MM/DD`` into a YYYYMMDD integer.

    A lower bound starts at the first day of the period, an upper bound ends on
    its last day (day 31 is fine: only comparisons are made).

    >>> parse_date_bound("2010", upper=False), parse_date_bound("2010/02", upper=True)
    (20100101, 20100231)

    Raises:
        ParseError: the text is not one of the three forms.
    """
    match = _DATE_RE.match(text)
    if match is None:
        raise ParseError(f"date {text!r}: expected YYYY, YYYY/MM or YYYY/MM/DD")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else (12 if upper else 1)
    day = int(match.group(3)) if match.group(3) else (31 if upper else 1)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ParseError(f"date {text!r}: month or day out of range")
    return year * 10000 + month * 100 + day


def format_date(value: int) -> str:
    """Render a YYYYMMDD integer as NCBI prints it: ``2025/09/27``."""
    return f"{value // 10000:04d}/{value // 100 % 100:02d}/{value % 100:02d}"


# --- lexer -------------------------------------------------------------------

_TokKind = Literal["(", ")", "quoted", "tag", ":", "word"]


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: _TokKind
    text: str
    pos: int


def _lex(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "():":
            tokens.append(_Tok(c, c, i))  # type: ignore[arg-type]
            i += 1
        elif c in '"[':
            close = '"' if c == '"' else "]"
            end = text.find(close, i + 1)
            if end < 0:
                raise ParseError(f"query {text!r}: unterminated {c} at column {i + 1}")
            tokens.append(_Tok("quoted" if c == '"' else "tag", text[i + 1 : end], i))
            i = end + 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in '()"[':
                i += 1
            tokens.append(_Tok("word", text[start:i], start))
    return tokens


# --- parser ------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str, default_field: str) -> None:
        self.text = text
        self.tokens = _lex(text)
        self.pos = 0
        self.default_field = default_field
        self.fields_not_found: list[str] = []

    def fail(self, message: str, tok: _Tok | None = None) -> ParseError:
        where = f" at column {tok.pos + 1}" if tok else " at the end"
        return ParseError(f"query {self.text!r}: {message}{where}")

    def peek(self) -> _Tok | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Tok:
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
        raw = " ".join(tok.text.split()).lower()
        field = _TAG_ALIASES.get(raw)
        if field is None:
            self.fields_not_found.append(tok.text)
            return "all"
        return field

    def range_node(self, text: str, lower: str, upper: str, field: str | None, tok: _Tok) -> Node:
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

    >>> q = parse_query('microneedling[tiab] AND "hair loss" NOT review[pt]')
    >>> format_translation(q.root)
    '("microneedling"[Title/Abstract] AND "hair loss"[All Fields]) NOT "review"[Publication Type]'

    Raises:
        ParseError: the term is empty or malformed; the message gives the column.
    """
    return _Parser(text, default_field).parse()


def history_keys(node: Node) -> set[int]:
    """Query keys referenced as ``#n`` anywhere in the tree."""
    if isinstance(node, HistoryRef):
        return {node.key}
    if isinstance(node, BoolOp):
        return history_keys(node.left) | history_keys(node.right)
    return set()


def format_translation(node: Node) -> str:
    """Render the tree the way NCBI's ``QueryTranslation`` does.

    >>> format_translation(parse_query("2010:2020[dp] OR alopecia*[mh]").root)
    '2010/01/01:2020/12/31[Date - Publication] OR alopecia*[MeSH Terms]'
    """
    if isinstance(node, BoolOp):
        parts = []
        for child in (node.left, node.right):
            text = format_translation(child)
            parts.append(f"({text})" if isinstance(child, BoolOp) else text)
        return f"{parts[0]} {node.op} {parts[1]}"
    if isinstance(node, HistoryRef):
        return f"#{node.key}"
    if isinstance(node, DateRange):
        label = FIELD_LABELS[node.field]
        if ":" not in node.text and "/" not in node.text:  # a bare year, as typed
            return f'"{node.text.strip()}"[{label}]'
        return f"{format_date(node.lo)}:{format_date(node.hi)}[{label}]"
    if isinstance(node, UidRange):
        if node.lo == node.hi:
            return f'"{node.lo}"[UID]'
        return f"{node.lo}:{node.hi}[UID]"
    label = FIELD_LABELS[node.field]
    shown = node.key if node.field in ("mh", "majr") else " ".join(node.tokens)
    if node.truncated:
        return f"{shown}*[{label}]"
    return f'"{shown}"[{label}]'
