"""The deduplication stage: every record of the review grouped into studies.

:func:`run_deduplication` gathers the citations (imported ones plus every stored
PubMed record as ``pubmed:<pmid>``), the human decisions and the studies of the
last run, calls the engine (:func:`reviewkit.dedup.deduplicate`) and stores the
outcome in one transaction. Runs are incremental and idempotent: earlier studies
keep their ids, human decisions are always obeyed and never overridden, and a run
with nothing new changes nothing. The summary holds the PRISMA identification
numbers (records identified per source, duplicates removed, studies) and the new
records that joined a study already screened.

:func:`decide` and :func:`undo_merge` record human decisions; :func:`dedup_file`
is the standalone ``reviewkit dedup file`` command, with no review database.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from reviewkit.dedup import DedupResult, deduplicate
from reviewkit.dedup.table import format_assignments, header_warnings, read_table
from reviewkit.errors import ParseError, ReviewkitError
from reviewkit.formats import read_export
from reviewkit.records import Citation, citation_from_pubmed
from reviewkit.storage import ReviewDatabase, lock_holder
from reviewkit.storage.studies import NewDecision, PairDecision, StudyStore

__all__ = [
    "DedupSummary",
    "FileSummary",
    "ScreenedJoin",
    "decide",
    "dedup_file",
    "prisma_rows",
    "run_deduplication",
    "summarise",
    "sync_pubmed",
    "undo_merge",
]

_LOCK = "deduplicate"


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreenedJoin:
    """A record that joined a study screened before it arrived."""

    record_id: str
    cluster_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupSummary:
    """The outcome of one deduplication run, with the PRISMA identification numbers.

    ``per_source`` is ``(source, records)`` pairs, largest first;
    ``duplicates_removed`` is ``records - studies``.
    """

    records: int
    per_source: tuple[tuple[str, int], ...]
    studies: int
    duplicates_removed: int
    maybe_open: int
    relations: int
    flagged: int
    new_records: int
    joined_screened: tuple[ScreenedJoin, ...] = ()
    run_id: int | None = None
    changed: bool = False
    stats: Mapping[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def line(self) -> str:
        """One line for the terminal.

        >>> DedupSummary(records=3, per_source=(("pubmed", 2), ("embase", 1)), studies=2,
        ...     duplicates_removed=1, maybe_open=0, relations=0, flagged=0, new_records=3).line()
        '3 records (pubmed 2, embase 1) → 2 studies, 1 duplicates removed, 0 maybe'
        """
        sources = ", ".join(f"{name} {n}" for name, n in self.per_source)
        text = (
            f"{self.records} records{f' ({sources})' if sources else ''} → {self.studies} studies, "
            f"{self.duplicates_removed} duplicates removed, {self.maybe_open} maybe"
        )
        if self.joined_screened:
            text += f"; {len(self.joined_screened)} new records joined studies already screened"
        for warning in self.warnings:
            text += f"; warning: {warning}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (flow results, ``--json`` output)."""
        return {
            "run_id": self.run_id,
            "records": self.records,
            "per_source": dict(self.per_source),
            "studies": self.studies,
            "duplicates_removed": self.duplicates_removed,
            "maybe_open": self.maybe_open,
            "relations": self.relations,
            "flagged": self.flagged,
            "new_records": self.new_records,
            "joined_screened": [
                {"record_id": j.record_id, "cluster_id": j.cluster_id} for j in self.joined_screened
            ],
            "changed": self.changed,
            "warnings": list(self.warnings),
            "line": self.line(),
        }


def summarise(
    result: DedupResult,
    citations: Sequence[Citation],
    *,
    before: Mapping[str, str],
    screened: Mapping[str, datetime],
) -> DedupSummary:
    """Count what a run found; ``before`` maps record → study of the previous run. Pure."""
    per_source = Counter(c.source for c in citations)
    placed = {rid: c.cluster_id for c in result.clusters for rid in c.record_ids}
    joined = tuple(
        ScreenedJoin(record_id=rid, cluster_id=cid)
        for rid, cid in sorted(placed.items())
        if cid in screened and before.get(rid) != cid
    )
    return DedupSummary(
        records=len(citations),
        per_source=tuple(sorted(per_source.items(), key=lambda kv: (-kv[1], kv[0]))),
        studies=len(result.clusters),
        duplicates_removed=len(citations) - len(result.clusters),
        maybe_open=len(result.maybe),
        relations=len(result.relations),
        flagged=len(result.flagged),
        new_records=sum(1 for c in citations if c.record_id not in before),
        joined_screened=joined,
        stats=dict(result.stats),
        warnings=result.warnings,
    )


def sync_pubmed(db: ReviewDatabase, *, now: datetime) -> tuple[int, int]:
    """Mirror every stored PubMed record as a ``pubmed:<pmid>`` citation; (new, updated).

    Records PubMed later withdrew are kept: they were identified, and a citation is
    never deleted.
    """
    found = (citation_from_pubmed(s.record) for s in db.iter_records(include_deleted=True))
    return StudyStore(db).sync_citations(list(found), now=now)


def run_deduplication(db: ReviewDatabase, *, now: datetime) -> DedupSummary:
    """Run the dedup stage over the whole review and store it in one transaction.

    Raises:
        RefreshInProgress: another deduplication of this review is running.
        StorageError: the database could not be read or written.
    """
    store = StudyStore(db)
    with db.refresh_lock(_LOCK, holder=lock_holder(), now=now):
        sync_pubmed(db, now=now)
        citations = store.citations()
        result = deduplicate(citations, decisions=store.decisions(), existing=store.clusters())
        summary = summarise(
            result, citations, before=store.memberships(), screened=store.screened()
        )
        counts = {
            "records": summary.records,
            "per_source": dict(summary.per_source),
            "studies": summary.studies,
            "duplicates_removed": summary.duplicates_removed,
            "maybe_open": summary.maybe_open,
            "relations": summary.relations,
            "flagged": summary.flagged,
            "new_records": summary.new_records,
            "joined_screened": summary.to_dict()["joined_screened"],
            "stats": dict(summary.stats),
        }
        run_id, changed = store.save_result(result, counts=counts, now=now)
    return DedupSummary(
        **{name: getattr(summary, name) for name in summary.__dataclass_fields__}
        | {"run_id": run_id, "changed": changed}
    )


def prisma_rows(summary: DedupSummary) -> list[dict[str, object]]:
    """The PRISMA 2020 identification box as table rows (``item``, ``records``)."""
    rows: list[dict[str, object]] = [
        {"item": f"Records identified from {name}", "records": n} for name, n in summary.per_source
    ]
    rows += [
        {"item": "Records identified (total)", "records": summary.records},
        {"item": "Duplicate records removed", "records": summary.duplicates_removed},
        {"item": "Studies (records to screen)", "records": summary.studies},
        {"item": "Pairs awaiting a human decision (maybe)", "records": summary.maybe_open},
    ]
    return rows


def decide(
    db: ReviewDatabase,
    a: str,
    b: str,
    decision: PairDecision,
    *,
    by: str,
    now: datetime,
    note: str | None = None,
) -> None:
    """Record a reviewer's decision on a pair; the next run obeys it.

    Raises:
        ReviewkitError: unknown record, the same record twice, or a bad decision value.
    """
    new = NewDecision(a=a, b=b, decision=decision, decided_by=by, note=note, origin="cli")
    StudyStore(db).add_decisions([new], now=now)


def undo_merge(
    db: ReviewDatabase, cluster_id: str, *, by: str, now: datetime, note: str | None = None
) -> int:
    """Undo a merge: decide ``different`` for every pair of the study's records.

    The next run splits the study; no record was ever deleted. Returns the number
    of decisions recorded.

    Raises:
        ReviewkitError: no such study, or it holds one record only.
    """
    store = StudyStore(db)
    study = store.study(cluster_id)
    if len(study.record_ids) < 2:
        raise ReviewkitError(
            f"study {cluster_id!r} holds one record only: there is no merge to undo"
        )
    decisions = [
        NewDecision(
            a=a, b=b, decision="different", decided_by=by, note=note, origin=f"undo {cluster_id}"
        )
        for a, b in combinations(study.record_ids, 2)
    ]
    return store.add_decisions(decisions, now=now)


@dataclass(frozen=True, slots=True, kw_only=True)
class FileSummary:
    """What ``reviewkit dedup file`` did."""

    records: int
    studies: int
    maybe: int
    read_as: str
    warnings: tuple[str, ...] = ()


def _header(path: Path) -> list[str]:
    """The first row of a CSV file (empty when it cannot be read)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return []  # the reader proper reports the problem


def _is_contract_table(path: Path) -> bool:
    """Whether ``path`` is a CSV whose header has a ``record_id`` column."""
    if path.suffix.lower() != ".csv":
        return False
    return "record_id" in (h.strip().lower() for h in _header(path))


def dedup_file(
    path: Path, output: Path, *, source: str = "file", fmt: str | None = None
) -> FileSummary:
    """Deduplicate one file with no review database; write ``record_id,cluster_id,decision``.

    ``path`` is the CSV contract (a ``record_id`` column) or any export format
    :func:`reviewkit.formats.read_export` reads (record ids ``source:file#n`` then).

    Raises:
        ParseError: the input cannot be read, or the output cannot be written.
    """
    notes: list[str] = []
    if fmt is None and _is_contract_table(path):
        citations, read_as = read_table(path), "table"
        notes = header_warnings(_header(path))
    else:
        imported = read_export(path, source=source, fmt=fmt)
        citations, read_as = list(imported.citations), imported.format
        notes = list(imported.warnings)
    result = deduplicate(citations)
    text = format_assignments(result, [c.record_id for c in citations])
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise ParseError(f"{output}: cannot write the assignments: {exc.strerror or exc}") from exc
    return FileSummary(
        records=len(citations),
        studies=len(result.clusters),
        maybe=len(result.maybe),
        read_as=read_as,
        warnings=(*notes, *result.warnings),
    )
