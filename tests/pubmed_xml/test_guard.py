"""Tests for reviewkit.pubmed_xml.guard: entity refusal, root check, whole-document check."""

from __future__ import annotations

import time

import pytest

from reviewkit.errors import ParseError, UnsafeXML
from reviewkit.pubmed_xml import parse_pubmed_file, parse_pubmed_xml, pubmed_xml_is_complete
from tests.pubmed_xml.pubmed_xml_support import ENTREZ, QUIRKS, REAL_FILES, DripStream, article


def test_pubmed3_html_is_refused_with_a_clear_message():
    path = ENTREZ / "pubmed3.html"
    with pytest.raises(
        ParseError, match=r"pubmed3\.html: expected root element <PubmedArticleSet>"
    ):
        list(parse_pubmed_file(path))
    with pytest.raises(ParseError, match=r"found <html>"):
        pubmed_xml_is_complete(path.read_bytes(), origin="pubmed3.html")


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_real_files_are_complete(path):
    pubmed_xml_is_complete(path.read_bytes(), origin=path.name)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion_laughs.xml", r"billion_laughs\.xml: the DOCTYPE declares entity 'lol' at line 3"),
        ("external_entity.xml", r"external_entity\.xml: the DOCTYPE declares entity 'xxe'"),
        ("external_parameter_entity.xml", r"declares parameter entity 'remote'"),
    ],
)
def test_entity_declarations_are_refused(name, message):
    path = QUIRKS / name
    started = time.perf_counter()
    with pytest.raises(UnsafeXML, match=message):
        list(parse_pubmed_file(path))
    with pytest.raises(UnsafeXML, match=message):
        pubmed_xml_is_complete(path.read_bytes(), origin=name)
    with pytest.raises(UnsafeXML):
        list(parse_pubmed_xml(DripStream(path.read_bytes(), 5)))  # type: ignore[arg-type]
    assert time.perf_counter() - started < 1.0  # refused before any expansion


def test_unsafe_xml_is_a_parse_error():
    assert issubclass(UnsafeXML, ParseError)


def test_truncated_body_raises_with_origin_line_and_column():
    data = (QUIRKS / "truncated.xml").read_bytes()
    with pytest.raises(ParseError, match=r"^batch 7: .* at line 4, column 1313: no element found"):
        list(parse_pubmed_xml(data, origin="batch 7"))
    with pytest.raises(ParseError, match=r"^batch 7: .*line 4, column 1313"):
        pubmed_xml_is_complete(data, origin="batch 7")


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.2, 0.5, 0.9, 0.999])
def test_is_complete_rejects_every_cut(fraction):
    data = (ENTREZ / "pubmed1.xml").read_bytes()
    with pytest.raises(ParseError):
        pubmed_xml_is_complete(data[: int(len(data) * fraction)])


def test_undefined_entity_is_malformed():
    path = QUIRKS / "undefined_entity.xml"
    with pytest.raises(ParseError, match=r"line 3, column 127: undefined entity &nbsp;"):
        list(parse_pubmed_file(path))
    with pytest.raises(ParseError, match=r"undefined entity &nbsp;"):
        pubmed_xml_is_complete(path.read_bytes())


def test_efetch_error_envelope_is_not_a_pubmed_article_set():
    with pytest.raises(ParseError, match=r"found <eFetchResult>"):
        list(parse_pubmed_file(QUIRKS / "efetch_error.xml"))


@pytest.mark.parametrize("cut", [-30, -200, -400])
def test_errors_on_a_shared_line_after_non_ascii_text_match_a_whole_document_check(cut):
    # Columns count characters, like expat's; "é" and "Ł" are two bytes each.
    data = b"<PubmedArticleSet>" + article(1, "Café Ł") * 3
    data = (data + article(9, "x" * 300))[:cut]
    with pytest.raises(ParseError) as whole:
        pubmed_xml_is_complete(data, origin="w")
    with pytest.raises(ParseError) as streamed:
        list(parse_pubmed_xml(data, origin="w"))
    assert str(streamed.value) == str(whole.value)
