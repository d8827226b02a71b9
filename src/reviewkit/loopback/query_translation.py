"""``QueryTranslation``: a parsed query printed back the way NCBI's ESearch shows it.

NCBI parenthesises every nested operation, quotes whole terms, leaves a
truncated term (``alopec*``) unquoted, prints ranges as ``YYYY/MM/DD`` bounds
and names each field by its label (:data:`~reviewkit.loopback.search_fields.FIELD_LABELS`).
Pure.
"""

from __future__ import annotations

from reviewkit.loopback.dates import format_date
from reviewkit.loopback.query_tree import BoolOp, DateRange, HistoryRef, Node, UidRange
from reviewkit.loopback.search_fields import FIELD_LABELS

__all__ = ["format_translation"]


def format_translation(node: Node) -> str:
    """Render the tree the way NCBI's ``QueryTranslation`` does.

    >>> from reviewkit.loopback.query import parse_query
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
