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


def entry(searched):
    return ImportEntry(id=1, file_name="embase.ris", sha256="0" * 64, source="embase",
                       format="ris", dialect="ovid", encoding="utf-8", searched=searched,
                       records_in_file=10, records_parsed=9, skipped=(), warnings=(), flagged=0,
                       forced=False, imported_at=T)  # fmt: skip


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
    assert embase.platform == "export file (ris, ovid)"
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
