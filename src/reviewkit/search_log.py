"""The PRISMA-S search log: every search of every source, from the ledgers.

PRISMA-S (Rethlefsen et al. 2021, Syst Rev 10:39) asks, per source, for the
database and the platform it was searched on, the full search strategy, the limits,
the date searched and the number of records. The PubMed rows come from the refresh
ledger (one row per finished search run, with NCBI's ``QueryTranslation``); the
other databases' rows from the import ledger (one row per imported export file,
with the platform, strategy, limits and searched date the user gave, and "not
recorded" where they gave none). :func:`search_log_rows` is pure;
:func:`gather_search_log` reads the database; the formatters write CSV and Markdown.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields

from reviewkit.prisma import source_label
from reviewkit.storage import FINISHED_STATUSES, ReviewDatabase, RunSummary
from reviewkit.storage.citations import CitationStore, ImportEntry

__all__ = [
    "PUBMED_PLATFORM",
    "SearchLogRow",
    "format_csv",
    "format_markdown",
    "gather_search_log",
    "search_log_rows",
]

PUBMED_PLATFORM = "PubMed via NCBI E-utilities (ESearch, EFetch)"
_NOT_RECORDED = "not recorded"


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchLogRow:
    """One search of one source, as PRISMA-S reports it."""

    source: str
    platform: str
    query: str
    query_translation: str
    limits: str
    date_run: str
    hits: int | None
    records: int
    mode: str
    status: str
    file: str = ""


def _limits(run: RunSummary) -> str:
    if run.window_start is None and run.window_end is None:
        return "none"
    start = run.window_start.isoformat() if run.window_start else "…"
    end = run.window_end.isoformat() if run.window_end else "…"
    return f"{run.datetype or 'pdat'} {start} to {end}"


def _pubmed_row(run: RunSummary) -> SearchLogRow:
    return SearchLogRow(
        source="PubMed",
        platform=PUBMED_PLATFORM,
        query=run.query,
        query_translation=run.query_translation or "",
        limits=_limits(run),
        date_run=run.started_at.date().isoformat(),
        hits=run.count,
        records=run.fetched,
        mode=run.mode,
        status=run.status,
    )


def _import_row(entry: ImportEntry) -> SearchLogRow:
    dialect = f", {entry.dialect}" if entry.dialect else ""
    searched = (
        entry.searched.isoformat()
        if entry.searched
        else f"not given (imported {entry.imported_at.date().isoformat()})"
    )
    return SearchLogRow(
        source=source_label(entry.source),
        platform=f"{entry.platform or _NOT_RECORDED} (export file: {entry.format}{dialect})",
        # An export file does not carry its strategy: only what the user gave is known.
        query=entry.query or _NOT_RECORDED,
        query_translation="",
        limits=entry.limits or _NOT_RECORDED,
        date_run=searched,
        hits=entry.records_in_file,
        records=entry.records_parsed,
        mode="import (forced again)" if entry.forced else "import",
        status="imported",
        file=entry.file_name,
    )


def search_log_rows(
    runs: Sequence[RunSummary], imports: Sequence[ImportEntry]
) -> list[SearchLogRow]:
    """Rows for finished PubMed runs and every import, oldest first within each source. Pure."""
    pubmed = sorted((r for r in runs if r.status in FINISHED_STATUSES), key=lambda r: r.id)
    return [_pubmed_row(r) for r in pubmed] + [_import_row(e) for e in imports]


def gather_search_log(db: ReviewDatabase, *, limit: int = 100_000) -> list[SearchLogRow]:
    """Read the refresh and import ledgers of ``db`` into search-log rows."""
    return search_log_rows(db.runs(limit=limit), CitationStore(db).imports())


_COLUMNS = tuple(f.name for f in fields(SearchLogRow))


def format_csv(rows: Sequence[SearchLogRow]) -> str:
    """The log as CSV, one row per search, with a header of the field names."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in asdict(row).items()})
    return buffer.getvalue()


def _cell(text: object) -> str:
    # A pipe ends a Markdown table cell and a newline ends the row: escape both.
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _fenced(text: str) -> list[str]:
    # A fence longer than any backtick run inside, so a strategy can never close it early.
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", text, fence]


def _strategy(row: SearchLogRow) -> list[str]:
    if row.file and row.query == _NOT_RECORDED:
        # PRISMA-S item 8 wants every strategy in full: say how to record it.
        return [
            "Search strategy: not recorded. Give it with `reviewkit import … --query-file FILE` "
            "or `query_file` in the `[[imports]]` entry of review.toml."
        ]
    lines = ["Search strategy, as run:" if row.file else "Query:", "", *_fenced(row.query)]
    if row.query_translation:
        lines += ["", "NCBI query translation:", "", *_fenced(row.query_translation)]
    if "\n" in row.limits:
        # The table cell shows the limits on one line; here they are as given.
        lines += ["", "Limits:", "", *_fenced(row.limits)]
    return lines


def format_markdown(rows: Sequence[SearchLogRow], *, title: str) -> str:
    """The log as Markdown: a summary table, then each search's full strategy.

    Strategies (often many lines) go in a fenced block per search below the table,
    where they keep their line breaks.

    >>> print(format_markdown([], title="T").splitlines()[0])
    # Search log (PRISMA-S): T
    """
    lines = [f"# Search log (PRISMA-S): {_cell(title)}", ""]
    if not rows:
        return "\n".join([*lines, "No search has been run or imported yet.", ""])
    lines += [
        "| # | source | platform | date run | limits | hits | records | mode | status |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, r in enumerate(rows, 1):
        hits = "" if r.hits is None else r.hits
        cells = (n, r.source, r.platform, r.date_run, r.limits, hits, r.records, r.mode, r.status)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    for n, r in enumerate(rows, 1):
        lines += ["", f"## {n}. {_cell(r.source)}, {_cell(r.date_run)}", ""]
        if r.file:
            lines += [f"File: `{r.file}`", ""]
        lines += _strategy(r)
    return "\n".join(lines) + "\n"
