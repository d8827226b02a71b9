"""A parsed PubMed query: the tree :func:`~reviewkit.loopback.query.parse_query` builds.

Leaves are :class:`Term` (words in a field), :class:`DateRange`,
:class:`UidRange` and :class:`HistoryRef` (``#n``); :class:`BoolOp` joins two
subtrees. The index evaluates the tree (:mod:`~reviewkit.loopback.index`) and
:mod:`~reviewkit.loopback.query_translation` prints it. Pure values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "BoolOp",
    "DateRange",
    "HistoryRef",
    "Node",
    "Query",
    "Term",
    "UidRange",
    "history_keys",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """A word or phrase searched in one field.

    ``tokens`` are the normalised words (see :func:`~reviewkit.loopback.words.tokenise`);
    ``key`` is the normalised whole value for fields matched as a unit (MeSH, author …).
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


def history_keys(node: Node) -> set[int]:
    """Query keys referenced as ``#n`` anywhere in the tree.

    >>> history_keys(BoolOp(op="OR", left=HistoryRef(key=1), right=HistoryRef(key=3)))
    {1, 3}
    """
    if isinstance(node, HistoryRef):
        return {node.key}
    if isinstance(node, BoolOp):
        return history_keys(node.left) | history_keys(node.right)
    return set()
