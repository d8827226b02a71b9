"""The import ledger's PRISMA-S fields (platform, strategy, limits) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reviewkit.errors import ReviewkitError
from reviewkit.formats import ImportResult
from reviewkit.records import Citation
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.citations import CitationStore

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
# A multi-line Ovid strategy with quotes, a dollar sign and non-ASCII text, stored verbatim.
OVID = """\
1. exp Alopecia/
2. (alopecia or "hair loss" or calvitie$).ti,ab.
3. (microneedl* or dermaroll* or "micro-needling").ti,ab.
4. (1 or 2) and 3
5. limit 4 to (english or français)"""


def result(sha: str = "e" * 64) -> ImportResult:
    citation = Citation(record_id="embase:e.ris#1", source="embase", title="Microneedling")
    return ImportResult(
        file_name="e.ris", sha256=sha, format="ris", dialect="ovid-embase", encoding="utf-8",
        records_in_file=1, citations=(citation,), skipped=(), warnings=(),
    )  # fmt: skip


def test_the_ledger_stores_and_reads_back_platform_strategy_and_limits(db: ReviewDatabase) -> None:
    store = CitationStore(db)
    entry = store.record_import(
        result(), source="embase", searched=None, forced=False, now=T0,
        platform="Ovid", query=OVID, limits="English; 2000 to current",
    )  # fmt: skip
    assert (entry.platform, entry.query, entry.limits) == ("Ovid", OVID, "English; 2000 to current")
    assert store.imports() == [entry]
    assert store.find_import("e" * 64) == entry


def test_an_import_without_them_stores_none(db: ReviewDatabase) -> None:
    store = CitationStore(db)
    entry = store.record_import(result(), source="embase", searched=None, forced=False, now=T0)
    assert (entry.platform, entry.query, entry.limits) == (None, None, None)
    assert store.imports() == [entry]


def test_completing_an_import_fills_only_what_is_missing(db: ReviewDatabase) -> None:
    store = CitationStore(db)
    first = store.record_import(
        result(), source="embase", searched=None, forced=False, now=T0, platform="Ovid"
    )
    done = store.complete_import(first.id, platform="Embase.com", query=OVID, limits=None)
    # The platform first recorded stays; the missing strategy is filled in.
    assert (done.platform, done.query, done.limits) == ("Ovid", OVID, None)
    assert store.imports() == [done]
    assert store.complete_import(first.id) == done
    with pytest.raises(ReviewkitError, match="import #99 is not in the import ledger"):
        store.complete_import(99, query="x")
