"""Tests for reviewkit.pubmed_xml.text: markup flattening and whitespace collapsing."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

import pytest

from reviewkit.pubmed_xml.text import children_text, optional_text, squash, text

WHITESPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())


def test_every_whitespace_character_but_the_space_is_unprintable():
    # squash() relies on this to skip the split for already clean text.
    assert [c for c in WHITESPACE if c.isprintable()] == [" "]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        " ",
        "Hair",
        "Hair growth",
        " Hair",
        "Hair ",
        "Hair  growth",
        "Hair\ngrowth",
        "Hair\tgrowth",
        "Hair\u00a0growth",  # no-break space
        "Hair\u2009growth",  # thin space
        "Hair\u3000growth",
        "Hair\x1fgrowth",
        "Hair\u00adgrowth",  # soft hyphen: unprintable but not whitespace
        "Café Łódź ±",
        *(f"a{c}b" for c in WHITESPACE),
        *(f"{c}a b{c}" for c in WHITESPACE),
    ],
)
def test_squash_is_split_and_join(raw):
    assert squash(raw) == " ".join(raw.split())


def test_text_flattens_markup_and_mathml():
    elem = ET.fromstring(
        "<AbstractText xmlns:mml='http://www.w3.org/1998/Math/MathML'>Rate <i>in\n vivo</i>"
        "<mml:math>\n  <mml:mi>V</mml:mi>\n  <mml:mtext> </mml:mtext><mml:mi>O</mml:mi>"
        "</mml:math> and H<sub>2</sub>O.  </AbstractText>"
    )
    assert text(elem) == "Rate in vivoV O and H2O."
    assert text(None) == ""
    assert text(ET.fromstring("<a/>")) == ""


def test_optional_text_is_none_when_empty():
    assert optional_text(None) is None
    assert optional_text(ET.fromstring("<a> \n </a>")) is None
    assert optional_text(ET.fromstring("<a><b/></a>")) is None
    assert optional_text(ET.fromstring("<a> x <b>y</b></a>")) == "x y"


def test_children_text_skips_empty_children_and_keeps_order():
    parent = ET.fromstring(
        "<KeywordList><Keyword>b</Keyword><Other>x</Other><Keyword> </Keyword>"
        "<Keyword>a <i>c</i></Keyword></KeywordList>"
    )
    assert children_text(parent, "Keyword") == ("b", "a c")
    assert children_text(None, "Keyword") == ()
