from __future__ import annotations

import hashlib

import pytest

from reviewkit.errors import ParseError, ReviewkitError
from reviewkit.formats import FORMATS, ImportResult, Skipped, parse_export, read_export


def test_public_surface():
    import reviewkit.formats as formats

    assert sorted(formats.__all__) == [
        "FORMATS",
        "ImportResult",
        "Skipped",
        "parse_export",
        "read_export",
    ]
    assert FORMATS == ("ris", "medline", "bibtex", "csv", "endnote-xml", "wos")
    assert Skipped(where="a.ris:1", reason="r").where == "a.ris:1"


def test_result_describes_the_file(data_dir):
    path = data_dir / "ris_wos.ris"
    result = read_export(path, source="wos")
    assert isinstance(result, ImportResult)
    assert result.file_name == "ris_wos.ris"
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (result.format, result.encoding) == ("ris", "utf-8")


def test_reimport_gives_the_same_record_ids(data_dir):
    first = read_export(data_dir / "csv_generic.csv", source="mine")
    again = read_export(data_dir / "csv_generic.csv", source="mine")
    assert first == again


def test_explicit_format_overrides_detection():
    data = b"record_id,title,authors,year,journal,volume,issue,pages,doi,abstract\n"
    with pytest.raises(ParseError, match=r"^x\.csv:1: text outside a record"):
        parse_export(data, file_name="x.csv", source="s", fmt="ris")


def test_bad_options_are_refused():
    with pytest.raises(ParseError, match="unknown format 'word'"):
        parse_export(b"x", file_name="x", source="s", fmt="word")
    with pytest.raises(ParseError, match="column map applies to CSV only"):
        parse_export(b"TY  - JOUR\nER  - \n", file_name="x.ris", source="s", column_map={})


def test_missing_file_is_a_reviewkit_error(tmp_path):
    with pytest.raises(ReviewkitError, match="cannot read the export"):
        read_export(tmp_path / "absent.ris", source="s")
