"""PRISMA 2020 counts gathered from the review database, and the PRISMA output files.

Nothing is typed in: identification comes from the latest dedup run (the records
per source it deduplicated: PubMed records and every imported export), duplicates
removed from the same run, and screening from the stored screening outcomes:

* title-abstract: final *exclude* → records excluded; final *include* → reports
  sought; anything else (pending, conflict, not assigned) → awaiting;
* full text, over the reports sought: final *exclude* with the reason
  ``full text not retrievable`` → reports not retrieved; other final exclusions →
  reports excluded, per reason; final *include* → included; else awaiting.

One study is one report (dedup groups records into studies; linking several
reports of one study is a later step). :func:`write_prisma_outputs` writes
``prisma.csv``, ``prisma.svg``, ``prisma.png``, ``search_log.csv`` and
``search_log.md``, each replaced atomically, after everything was rendered.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewkit.errors import StorageError
from reviewkit.prisma import REGISTERS, PrismaCounts, format_prisma2020_csv, source_label
from reviewkit.screening import Decision, Stage
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.screening import ScreeningStore, StoredOutcome
from reviewkit.storage.studies import StudyStore

__all__ = [
    "NOT_RETRIEVED",
    "OUTPUT_FILES",
    "PrismaData",
    "counts_from",
    "gather",
    "write_prisma_outputs",
]

# The exclusion reason that PRISMA 2020 counts as "reports not retrieved".
NOT_RETRIEVED = "full text not retrievable"
OUTPUT_FILES = ("prisma.csv", "prisma.svg", "prisma.png", "search_log.csv", "search_log.md")


@dataclass(frozen=True, slots=True, kw_only=True)
class PrismaData:
    """The counts, plus notes on anything that makes them provisional."""

    counts: PrismaCounts
    notes: tuple[str, ...] = ()

    def line(self) -> str:
        """One line for the terminal."""
        c = self.counts
        return (
            f"{c.identified} records identified, {c.duplicates} duplicates removed, "
            f"{c.records_screened} screened, {c.records_excluded} excluded, "
            f"{c.reports_assessed} reports assessed, {c.new_studies} studies included"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (flow results)."""
        return {"line": self.line(), "notes": list(self.notes)}


def _by_source(per_source: Mapping[str, int]) -> tuple[tuple[tuple[str, int], ...], ...]:
    """(databases, registers), each largest first, with readers' names."""
    ordered = sorted(per_source.items(), key=lambda kv: (-kv[1], kv[0]))
    databases = tuple((source_label(s), n) for s, n in ordered if s.lower() not in REGISTERS)
    registers = tuple((source_label(s), n) for s, n in ordered if s.lower() in REGISTERS)
    return databases, registers


def _final(outcome: StoredOutcome | None, decision: Decision) -> bool:
    return outcome is not None and outcome.status == "final" and outcome.decision is decision


def counts_from(
    *,
    per_source: Mapping[str, int],
    duplicates: int,
    studies: Iterable[str],
    title_abstract: Sequence[StoredOutcome],
    full_text: Sequence[StoredOutcome],
    reasons: Sequence[str] = (),
    previous_studies: int = 0,
    previous_reports: int = 0,
) -> PrismaCounts:
    """Build the counts from plain values. Pure.

    ``studies`` are the current studies (records screened); outcomes of other
    studies (dissolved by a later dedup run) are ignored. ``reasons`` orders the
    full-text exclusion reasons and lists them even when no report has them.
    """
    current = set(studies)
    ta = {o.cluster_id: o for o in title_abstract if o.cluster_id in current}
    excluded = {cid for cid in current if _final(ta.get(cid), Decision.EXCLUDE)}
    sought = {cid for cid in current if _final(ta.get(cid), Decision.INCLUDE)}
    ft = {o.cluster_id: o for o in full_text if o.cluster_id in sought}
    not_retrieved = included = 0
    per_reason: Counter[str] = Counter()
    for cid in sought:
        outcome = ft.get(cid)
        if _final(outcome, Decision.INCLUDE):
            included += 1
        elif outcome is not None and _final(outcome, Decision.EXCLUDE):
            reason = outcome.reason or "no reason recorded"
            if reason == NOT_RETRIEVED:
                not_retrieved += 1
            else:
                per_reason[reason] += 1
    listed = [r for r in reasons if r != NOT_RETRIEVED]
    listed += sorted(set(per_reason) - set(listed))
    assessed = len(sought) - not_retrieved
    excluded_reports = sum(per_reason.values())
    databases, registers = _by_source(per_source)
    return PrismaCounts(
        databases=databases,
        registers=registers,
        duplicates=duplicates,
        records_screened=len(current),
        records_excluded=len(excluded),
        records_awaiting=len(current) - len(excluded) - len(sought),
        reports_sought=len(sought),
        reports_not_retrieved=not_retrieved,
        reports_assessed=assessed,
        reports_excluded=tuple((r, per_reason[r]) for r in listed),
        reports_awaiting=assessed - excluded_reports - included,
        new_studies=included,
        new_reports=included,
        previous_studies=previous_studies,
        previous_reports=previous_reports,
    )


def _current_per_source(db: ReviewDatabase, store: StudyStore) -> Counter[str]:
    """Records per source now; PubMed records not yet mirrored as citations count too."""
    found = Counter(c.source for c in store.citations())
    found["pubmed"] = max(found["pubmed"], db.record_count(include_deleted=True))
    return +found  # drops a zero "pubmed"


def gather(
    db: ReviewDatabase,
    *,
    reasons: Sequence[str] = (),
    previous_studies: int = 0,
    previous_reports: int = 0,
) -> PrismaData:
    """Count every PRISMA 2020 box from the review database.

    Raises:
        StorageError: the database could not be read.
    """
    store = StudyStore(db)
    screening = ScreeningStore(db)
    runs = store.dedup_runs()
    now = _current_per_source(db, store)
    notes: list[str] = []
    studies = list(screening.studies())
    if runs:
        last = runs[-1]
        per_source = {str(k): int(v) for k, v in dict(last["per_source"]).items()}
        duplicates = int(last["duplicates_removed"])
        if dict(now) != per_source:
            notes.append(
                f"{sum(now.values())} records are stored but the last dedup run "
                f"(#{last['id']}) counted {last['records']}: run `reviewkit dedup run`"
            )
    else:
        per_source, duplicates = dict(now), 0
        if per_source:
            notes.append("no dedup run yet: duplicates are not removed (run `reviewkit dedup run`)")
        studies = []
    counts = counts_from(
        per_source=per_source,
        duplicates=duplicates,
        studies=studies,
        title_abstract=screening.outcomes(Stage.TITLE_ABSTRACT),
        full_text=screening.outcomes(Stage.FULL_TEXT),
        reasons=reasons,
        previous_studies=previous_studies,
        previous_reports=previous_reports,
    )
    if not runs and per_source:
        # Nothing was deduplicated, so nothing was screened: every record still waits.
        counts = _unscreened(counts)
    if counts.records_awaiting:
        notes.append(f"{counts.records_awaiting} studies await a final title-abstract decision")
    if counts.reports_awaiting:
        notes.append(f"{counts.reports_awaiting} reports await a final full-text decision")
    return PrismaData(counts=counts, notes=tuple(notes))


def _unscreened(counts: PrismaCounts) -> PrismaCounts:
    return PrismaCounts(
        databases=counts.databases, registers=counts.registers, duplicates=0,
        records_screened=counts.identified, records_excluded=0,
        records_awaiting=counts.identified, reports_sought=0, reports_not_retrieved=0,
        reports_assessed=0, reports_excluded=tuple((r, 0) for r, _ in counts.reports_excluded),
        new_studies=0, new_reports=0, previous_studies=counts.previous_studies,
        previous_reports=counts.previous_reports,
    )  # fmt: skip


def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and an atomic rename."""
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except OSError:
        Path(temp).unlink(missing_ok=True)
        raise


def write_prisma_outputs(
    db: ReviewDatabase,
    out_dir: Path,
    *,
    title: str,
    reasons: Sequence[str] = (),
    previous_studies: int = 0,
    previous_reports: int = 0,
) -> PrismaData:
    """Write the PRISMA CSV, diagram (SVG, PNG) and PRISMA-S search log into ``out_dir``.

    ``previous_studies`` / ``previous_reports``: what the previous version of an
    updated review included (``[prisma]`` in ``review.toml``).

    Everything is rendered in memory first, so a failure leaves the old files;
    each file is then replaced atomically.

    Raises:
        StorageError: the database could not be read, or ``out_dir`` not written.
    """
    from reviewkit.prisma_diagram import format_svg, layout, render_png
    from reviewkit.search_log import format_csv, format_markdown, gather_search_log

    data = gather(
        db, reasons=reasons, previous_studies=previous_studies, previous_reports=previous_reports
    )
    drawing = layout(data.counts, title=title)
    log = gather_search_log(db)
    files: dict[str, bytes] = {
        "prisma.csv": format_prisma2020_csv(data.counts).encode("utf-8"),
        "prisma.svg": format_svg(drawing).encode("utf-8"),
        "prisma.png": render_png(drawing),
        "search_log.csv": format_csv(log).encode("utf-8"),
        "search_log.md": format_markdown(log, title=title).encode("utf-8"),
    }
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            _replace(out_dir / name, content)
    except OSError as exc:
        raise StorageError(
            f"{out_dir}: cannot write the PRISMA outputs: {exc.strerror or exc}"
        ) from exc
    return data
