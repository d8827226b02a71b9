"""Text of PubMed XML elements: inline markup flattened, whitespace collapsed.

Titles and abstracts carry HTML-like markup (``<i>``, ``<sup>``) and MathML;
the text of an element is the text of all its descendants, MathML reduced to
its tokens, with every run of whitespace collapsed to one space.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

__all__ = ["Element", "children_text", "optional_text", "squash", "text"]

Element = ET.Element


def squash(raw: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends.

    Same result as ``" ".join(raw.split())``, without building a list of words
    when there is nothing to collapse, as in almost all of PubMed's text.

    >>> squash("  Hair\\n  growth ")
    'Hair growth'
    """
    # Every whitespace character but the space is unprintable, so a printable
    # text without double, leading or trailing spaces is already collapsed.
    if raw.isprintable() and "  " not in raw and raw[:1] != " " and raw[-1:] != " ":
        return raw
    return " ".join(raw.split())


def text(elem: Element | None) -> str:
    """Return the element's text with inline markup flattened, whitespace collapsed."""
    if elem is None:
        return ""
    if len(elem):
        parts: list[str] = []
        _gather(elem, parts)
        return squash("".join(parts))
    raw = elem.text
    return squash(raw) if raw else ""


def optional_text(elem: Element | None) -> str | None:
    """Like :func:`text` but None for a missing element or empty text."""
    if elem is None:
        return None
    if len(elem):
        return text(elem) or None
    raw = elem.text
    return (squash(raw) or None) if raw else None


def children_text(parent: Element | None, tag: str) -> tuple[str, ...]:
    """The non-empty texts of ``parent``'s ``tag`` children, in order."""
    if parent is None:
        return ()
    texts = []
    for e in parent.findall(tag):
        raw = e.text
        # Keywords and types are plain text: skip text()'s call for leaves.
        value = text(e) if len(e) else squash(raw) if raw else ""
        if value:
            texts.append(value)
    return tuple(texts)


def _gather(elem: Element, parts: list[str]) -> None:
    if elem.text:
        parts.append(elem.text)
    for child in elem:
        if child.tag.rpartition("}")[2] == "math":
            parts.append(_math_text(child))
        else:
            _gather(child, parts)
        if child.tail:
            parts.append(child.tail)


def _math_text(math: Element) -> str:
    """Reduce MathML to its tokens: ``<mi>V</mi><mo>.</mo>…`` becomes ``V.O2max``.

    Whitespace containing a newline is pretty-printing between MathML tags and
    is dropped; other whitespace (an ``<mtext>`` space) is kept.
    """
    return "".join(t for t in math.itertext() if t.strip() or "\n" not in t)
