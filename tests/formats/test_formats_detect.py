from __future__ import annotations

import codecs

import pytest

from reviewkit.errors import ParseError
from reviewkit.formats.detect import decode, detect_format


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (b"TY  - JOUR\r\nER  - \r\n", "TY  - JOUR\nER  - \n", "utf-8"),
        (codecs.BOM_UTF8 + "Müller\n".encode(), "Müller\n", "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "PT\tTI\r\n".encode("utf-16-le"), "PT\tTI\n", "utf-16"),
        (codecs.BOM_UTF16_BE + "a\rb".encode("utf-16-be"), "a\nb", "utf-16"),
        ("café – x".encode("cp1252"), "café – x", "cp1252"),
        (b"\x81caf\xe9", "\x81café", "latin-1"),  # 0x81 is undefined in cp1252
    ],
)
def test_decode(data, text, encoding):
    assert decode(data, file_name="f") == (text, encoding)


def test_binary_is_refused():
    with pytest.raises(ParseError, match="NUL bytes"):
        decode(b"PK\x03\x04\x00\x00", file_name="export.zip")


@pytest.mark.parametrize(
    ("text", "name", "fmt"),
    [
        ("\nTY  - JOUR\nER  - \n", "export.txt", "ris"),
        ("\nPMID- 123\nTI  - x\n", "pubmed.txt", "medline"),
        ("% c\n@Article{k,\n}", "refs.txt", "bibtex"),
        ('<?xml version="1.0"?><xml><records></records></xml>', "lib.txt", "endnote-xml"),
        ('"Authors","Title","Year"\n', "scopus.dat", "csv"),
        ("PT\tAU\tTI\tSO\n", "savedrecs.txt", "csv"),
        ("title;doi\n", "x.dat", "csv"),
        ("???", "a.ris", "ris"),
        ("???", "a.NBIB", "medline"),
        ("???", "a.bib", "bibtex"),
        ("???", "a.csv", "csv"),
        ("???", "a.xml", "endnote-xml"),
        ("FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n", "savedrecs.txt", "wos"),
        ("FN Thomson Reuters Web of Science\u2122\nVR 1.0\n", "savedrecs.ris", "wos"),
        ("PT J\nAU Dhurat, R\nTI x\nER\n\nEF\n", "export.txt", "wos"),
        ("???", "savedrecs.ciw", "wos"),
        # MEDLINE's "PT  - " and RIS's "ER  - " are not Web of Science lines.
        ("PMID- 1\nPT  - Journal Article\n", "pubmed.txt", "medline"),
        ("TY  - JOUR\nPT  - J\nER  - \n", "wos.ris", "ris"),
        ("PT J\nTI x\n", "cut.txt", "medline"),  # no ER: only the extension speaks
    ],
)
def test_detect_by_content_then_extension(text, name, fmt):
    assert detect_format(text, file_name=name) == fmt


def test_unknown_format_asks_for_format():
    with pytest.raises(ParseError) as caught:
        detect_format("hello", file_name="notes.doc")
    assert str(caught.value) == (
        "notes.doc: cannot tell the format from its content or extension; "
        "pass --format ris|medline|bibtex|csv|endnote-xml|wos"
    )
