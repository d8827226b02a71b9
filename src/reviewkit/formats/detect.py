"""Decode exported files and tell which format they are in.

Pure: works on bytes and text. Decoding tries the encodings reference managers
actually write (UTF-8 with or without BOM, UTF-16 with BOM, Windows cp1252, and
Latin-1 as the fallback that never fails); detection looks at the content first and
the file extension second.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath

from reviewkit.errors import ParseError

__all__ = ["FORMATS", "decode", "detect_format"]

FORMATS: tuple[str, ...] = ("ris", "medline", "bibtex", "csv", "endnote-xml", "wos")

_SNIFF_CHARS = 65_536
_RIS = re.compile(r"^TY  - ", re.MULTILINE)
_MEDLINE = re.compile(r"^PMID- ", re.MULTILINE)
_BIBTEX = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.MULTILINE)
_ENDNOTE_XML = re.compile(r"<xml>\s*<records>")
# Web of Science plain text: the "FN …" + "VR …" header, or bare "PT J" … "ER" records
# (RIS writes "ER  - " and MEDLINE "PT  - ", so neither matches these).
_WOS_HEADER = re.compile(r"^FN [^\n]*\nVR ", re.MULTILINE)
_WOS_PT = re.compile(r"^PT [A-Z] *$", re.MULTILINE)
_WOS_ER = re.compile(r"^ER *$", re.MULTILINE)
# Header cells that mark a table export: generic, Scopus and Web of Science names.
_CSV_HEADER_CELLS = frozenset({"title", "ti", "authors", "au", "doi", "di", "year", "py", "eid"})
_EXTENSIONS = {
    ".ris": "ris",
    ".txt": "medline",
    ".nbib": "medline",
    ".medline": "medline",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".csv": "csv",
    ".tsv": "csv",
    ".xml": "endnote-xml",
    ".ciw": "wos",
}


def decode(data: bytes, *, file_name: str) -> tuple[str, str]:
    """Decode an export and normalise its newlines to ``\\n``.

    Returns:
        The text and the name of the encoding used: ``utf-8``, ``utf-8-sig``,
        ``utf-16``, ``cp1252`` or ``latin-1``.

    Raises:
        ParseError: the file holds NUL bytes outside UTF-16, i.e. it is binary.

    >>> decode(b"\\xef\\xbb\\xbfTY  - JOUR\\r\\n", file_name="a.ris")
    ('TY  - JOUR\\n', 'utf-8-sig')
    >>> decode(b"Garc\\xeda", file_name="a.csv")
    ('García', 'cp1252')
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _newlines(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise ParseError(f"{file_name}: starts with a UTF-16 mark but is not UTF-16") from exc
    if b"\x00" in data:
        raise ParseError(f"{file_name}: holds NUL bytes; expected a text export, not a binary file")
    if data.startswith(codecs.BOM_UTF8):
        encoding_order = ("utf-8-sig", "cp1252", "latin-1")
    else:
        encoding_order = ("utf-8", "cp1252", "latin-1")
    for encoding in encoding_order:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _newlines(text), encoding
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_format(text: str, *, file_name: str) -> str:
    """Tell an export's format from its content, else from its extension.

    Raises:
        ParseError: neither the content nor the extension says which format it is.

    >>> detect_format("\\nTY  - JOUR\\nER  - \\n", file_name="export.txt")
    'ris'
    >>> detect_format("record_id,title,doi\\n1,A,\\n", file_name="mine.dat")
    'csv'
    """
    head = text[:_SNIFF_CHARS]
    if _ENDNOTE_XML.search(head):
        return "endnote-xml"
    if _RIS.search(head):
        return "ris"
    if _MEDLINE.search(head):
        return "medline"
    if _WOS_HEADER.search(head) or (_WOS_PT.search(head) and _WOS_ER.search(head)):
        return "wos"
    if _BIBTEX.search(head):
        return "bibtex"
    if _looks_like_table(head):
        return "csv"
    suffix = PurePath(file_name).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    raise ParseError(
        f"{file_name}: cannot tell the format from its content or extension; "
        f"pass --format {'|'.join(FORMATS)}"
    )


def _looks_like_table(head: str) -> bool:
    first_line = head.lstrip("\n").split("\n", 1)[0]
    for delimiter in ("\t", ",", ";"):
        cells = [c.strip().strip('"').lower() for c in first_line.split(delimiter)]
        if len(cells) >= 2 and _CSV_HEADER_CELLS.intersection(cells):
            return True
    return False
