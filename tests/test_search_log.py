"""The PRISMA-S search log from the refresh and import ledgers."""

import csv
import io
from datetime import UTC, date, datetime

from reviewkit.search_log import (
    PUBMED_PLATFORM,
    format_csv,
    format_markdown,
    search_log_rows,
)
from reviewkit.storage import RunSummary
from reviewkit.storage.citations import ImportEntry

T = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def run(n, status="succeeded", **kw):
    values = dict(id=n, source="pubmed", query="microneedling[tiab] | x", mode="full",
                  query_translation='"microneedling"[tiab]', status=status, started_at=T,
                  finished_at=T, count=42, fetched=42, new=42, updated=0, deleted=0, skipped=0,
                  pmid_set_hash=None, error=None, requests=3, window_start=date(1990, 1, 1),
                  window_end=date(2026, 11, 27), warnings=(), datetype="pdat")  # fmt: skip
    return RunSummary(**(values | kw))


def entry(searched, **kw):
    return ImportEntry(id=1, file_name="embase.ris", sha256="0" * 64, source="embase",
                       format="ris", dialect="ovid", encoding="utf-8", searched=searched,
                       records_in_file=10, records_parsed=9, skipped=(), warnings=(), flagged=0,
                       forced=False, imported_at=T, **kw)  # fmt: skip


def test_rows_hold_query_translation_limits_date_and_hits():
    rows = search_log_rows([run(2, mode="incremental"), run(1), run(3, status="running")],
                           [entry(date(2026, 11, 1))])  # fmt: skip
    assert [r.source for r in rows] == ["PubMed", "PubMed", "Embase"]
    first, second, embase = rows
    assert first.platform == PUBMED_PLATFORM
    assert first.query_translation == '"microneedling"[tiab]'
    assert first.limits == "pdat 1990-01-01 to 2026-11-27"
    assert (first.date_run, first.hits, first.records) == ("2026-11-27", 42, 42)
    assert second.mode == "incremental"
    assert embase.platform == "not recorded (export file: ris, ovid)"
    assert (embase.query, embase.limits) == ("not recorded", "not recorded")
    assert (embase.date_run, embase.hits, embase.records) == ("2026-11-01", 10, 9)


def test_an_import_without_a_searched_date_says_so():
    (row,) = search_log_rows([], [entry(None)])
    assert row.date_run == "not given (imported 2026-11-27)"


def test_csv_and_markdown():
    rows = search_log_rows([run(1)], [entry(date(2026, 11, 1))])
    table = list(csv.DictReader(io.StringIO(format_csv(rows))))
    assert table[0]["query"] == "microneedling[tiab] | x"
    assert table[1]["file"] == "embase.ris"
    text = format_markdown(rows, title="Review")
    assert "| 1 | PubMed | PubMed via NCBI E-utilities (ESearch, EFetch) | 2026-11-27 |" in text
    assert "microneedling[tiab] | x" in text  # the full query, verbatim, in a code block
    assert "NCBI query translation:" in text


OVID = """\
1. exp Alopecia/
2. (alopecia or "hair loss" | baldness).ti,ab.
3. ```microneedl*```.ti,ab.
4. 1 and 2 and 3"""


def recorded(**kw):
    values = dict(platform="Ovid", query=OVID, limits="English\n2000 to current") | kw
    return entry(date(2026, 11, 1), **values)


def test_an_import_row_uses_the_recorded_platform_strategy_and_limits():
    (row,) = search_log_rows([], [recorded()])
    assert row.platform == "Ovid (export file: ris, ovid)"
    assert row.query == OVID
    assert row.limits == "English\n2000 to current"
    (partial,) = search_log_rows([], [recorded(query=None, limits="none")])
    assert (partial.query, partial.limits) == ("not recorded", "none")


def test_csv_keeps_a_multi_line_strategy_in_one_cell():
    rows = search_log_rows([], [recorded(), entry(None)])
    table = list(csv.DictReader(io.StringIO(format_csv(rows))))
    assert len(table) == 2
    assert table[0]["query"] == OVID
    assert table[0]["platform"] == "Ovid (export file: ris, ovid)"
    assert table[1]["query"] == table[1]["limits"] == "not recorded"


def test_markdown_puts_a_multi_line_strategy_in_a_fence_below_the_table():
    rows = search_log_rows([], [recorded()])
    lines = format_markdown(rows, title="Review").splitlines()
    table = [line for line in lines if line.startswith("| 1 |")]
    # One table row however many lines the strategy and limits have.
    assert table == [
        "| 1 | Embase | Ovid (export file: ris, ovid) | 2026-11-01 | English 2000 to current "
        "| 10 | 9 | import | imported |"
    ]
    start = lines.index("Search strategy, as run:")
    # The strategy holds a ``` run: the fence is longer, so it cannot end early.
    assert lines[start + 2] == "````text"
    assert lines[start + 3 : start + 7] == OVID.splitlines()
    assert lines[start + 7] == "````"
    limits = lines.index("Limits:")
    assert lines[limits + 2 : limits + 6] == ["```text", "English", "2000 to current", "```"]


def test_markdown_says_how_to_record_a_missing_strategy():
    text = format_markdown(search_log_rows([], [entry(None)]), title="Review")
    assert "| not recorded (export file: ris, ovid) |" in text
    assert "Search strategy: not recorded. Give it with `reviewkit import … --query-file" in text
    assert "```" not in text
