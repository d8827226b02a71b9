"""The standalone CSV contract: read_table and format_assignments."""

import csv
import io
from pathlib import Path

import pytest

from reviewkit.dedup import deduplicate
from reviewkit.dedup.table import format_assignments, header_warnings, parse_table, read_table
from reviewkit.errors import ParseError

TABLE_FILE = Path(__file__).resolve().parents[1] / "data" / "dedup" / "standalone.csv"
TABLE = TABLE_FILE.read_text(encoding="utf-8")


def test_read_table(tmp_path):
    path = tmp_path / "records.csv"
    path.write_text(TABLE, encoding="utf-8")
    citations = read_table(path)
    assert [c.record_id for c in citations] == ["z1", "a2", "m3", "q4", "e5"]
    first = citations[0]
    assert first.authors == ("Dhurat R", "Sukesh M")
    assert first.year == 2013
    assert first.abstract is None  # empty cell = absent
    assert first.origin == f"{path}:2"
    assert citations[1].authors == ("Dhurat, R.", "Sukesh, M.")
    assert citations[4].title is None


def test_assignments_in_input_order():
    citations = parse_table(TABLE)
    result = deduplicate(citations)
    text = format_assignments(result, [c.record_id for c in citations])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == "record_id,cluster_id,decision"
    assert [r["record_id"] for r in rows] == ["z1", "a2", "m3", "q4", "e5"]
    by_id = {r["record_id"]: r for r in rows}
    assert by_id["z1"]["cluster_id"] == by_id["a2"]["cluster_id"]
    assert sorted([by_id["z1"]["decision"], by_id["a2"]["decision"]]) == ["duplicate", "maybe"]
    # m3 has the same title and authors but nothing else: a human must look.
    assert by_id["m3"]["decision"] == "maybe"
    assert by_id["q4"]["decision"] == "keep"
    assert by_id["e5"]["decision"] == "keep"
    assert result.flagged == ("e5",)
    assert len({r["cluster_id"] for r in rows}) == 4


def test_missing_record_id_column_is_named():
    with pytest.raises(ParseError, match=r"my\.csv: no 'record_id' column"):
        parse_table("id,title\n1,x\n", origin="my.csv")


def test_duplicate_record_id_names_file_and_line():
    text = "record_id,title\nr1,x\nr2,y\nr1,z\n"
    with pytest.raises(ParseError, match=r"my\.csv, line 4: record_id 'r1' already used on line 2"):
        parse_table(text, origin="my.csv")


def test_empty_record_id_is_refused():
    with pytest.raises(ParseError, match="line 2: empty record_id"):
        parse_table("record_id,title\n,x\n", origin="my.csv")


def test_unreadable_file(tmp_path):
    with pytest.raises(ParseError, match="cannot read"):
        read_table(tmp_path / "missing.csv")


def test_header_names_match_whatever_their_case():
    (only,) = parse_table("Record_ID, Title ,AUTHORS\nr1,Hair loss,Dhurat R; Sukesh M\n")
    assert (only.record_id, only.title, only.authors) == (
        "r1",
        "Hair loss",
        ("Dhurat R", "Sukesh M"),
    )


def test_missing_contract_columns_are_named_with_the_likely_misnamed_one():
    found = header_warnings(["record_id", "title", "author", "year", "number", "doi"])
    assert found[0] == (
        "no 'authors' column, so every record's authors are absent (is 'author' meant?)"
    )
    assert "no 'issue' column, so every record's issue is absent (is 'number' meant?)" in found
    assert "no 'abstract' column, so every record's abstract is absent" in found
    assert header_warnings(list(next(csv.reader(io.StringIO(TABLE))))) == []
