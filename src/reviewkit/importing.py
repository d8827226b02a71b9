"""Import other databases' exports into the review: the ledger and the citations.

``reviewkit import FILE --source embase`` and the ``review`` flow's imports step
both come here. Reading a file is :func:`reviewkit.formats.read_export`'s job;
this module refuses a file already imported (same SHA-256) unless forced, stores
the ledger row and the citations in one transaction (a malformed file raises
``ParseError`` before anything is stored), and words what the reviewer must know:
records skipped, count mismatches, records flagged for having no title or
identifier.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reviewkit.errors import ConfigError
from reviewkit.formats import read_export
from reviewkit.protocol import Protocol
from reviewkit.snapshot import snapshot_dir
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.citations import ImportEntry
from reviewkit.storage.studies import StudyStore

__all__ = [
    "SAMPLE_EXPORT",
    "SAMPLE_SOURCE",
    "PlannedImport",
    "PlannedOutcome",
    "check_source",
    "import_file",
    "import_lines",
    "import_planned",
    "planned_imports",
]

SAMPLE_EXPORT = "embase_sample.ris"
SAMPLE_SOURCE = "embase"
_SOURCE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedImport:
    """A file the pipeline imports when it has not been imported yet."""

    path: Path
    source: str
    searched: date | None = None
    fmt: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedOutcome:
    """What the pipeline's imports step did with one planned file."""

    path: Path
    source: str
    entry: ImportEntry | None
    skipped_as_known: bool

    def to_dict(self) -> dict[str, object]:
        """JSON-ready summary for flow results."""
        entry = self.entry
        return {
            "file": self.path.name,
            "source": self.source,
            "already_imported": self.skipped_as_known,
            "import_id": entry.id if entry else None,
            "records_in_file": entry.records_in_file if entry else None,
            "records_parsed": entry.records_parsed if entry else None,
            "skipped": len(entry.skipped) if entry else None,
        }


def check_source(source: str) -> str:
    """Return ``source`` if it can name a database in record ids, else raise ConfigError.

    >>> check_source("embase")
    'embase'
    """
    if not _SOURCE.fullmatch(source):
        raise ConfigError(
            f"source {source!r}: expected a short lower-case name such as embase, scopus, "
            "wos or central (letters, digits, - and _)"
        )
    return source


def import_file(
    db: ReviewDatabase,
    path: Path,
    *,
    source: str,
    now: datetime,
    searched: date | None = None,
    fmt: str | None = None,
    force: bool = False,
    column_map: Mapping[str, str] | None = None,
) -> ImportEntry:
    """Import one exported file: read it, then store the ledger row and its citations.

    Raises:
        ConfigError: ``source`` is not a usable name.
        ParseError: the file is missing, of unknown format or malformed (nothing stored).
        ReviewkitError: the same file was imported before and ``force`` is false.
    """
    result = read_export(path, source=check_source(source), fmt=fmt, column_map=column_map)
    return StudyStore(db).record_import(
        result, source=source, searched=searched, forced=force, now=now
    )


def import_lines(entry: ImportEntry) -> tuple[list[str], list[str]]:
    """What to tell the reviewer about an import: (report lines, warning lines)."""
    kind = ", ".join(p for p in (entry.format, entry.dialect, entry.encoding) if p)
    searched = f", searched {entry.searched.isoformat()}" if entry.searched else ""
    report = [
        f"imported {entry.file_name} from {entry.source} as import #{entry.id} ({kind}{searched}): "
        f"{entry.records_in_file} records in the file, {entry.records_parsed} parsed, "
        f"{len(entry.skipped)} skipped"
    ]
    warnings: list[str] = []
    if entry.skipped or entry.records_parsed != entry.records_in_file:
        warnings.append(
            f"{entry.file_name}: {entry.records_in_file} records in the file but "
            f"{entry.records_parsed} parsed; skipped:"
            + "".join(f"\n  {s.where}: {s.reason}" for s in entry.skipped)
            + ("" if entry.skipped else " none listed")
        )
    warnings.extend(entry.warnings)
    if entry.flagged:
        warnings.append(
            f"{entry.file_name}: {entry.flagged} record(s) have neither a title nor an "
            "identifier: kept and flagged, never merged"
        )
    return report, warnings


def planned_imports(protocol: Protocol, review_dir: Path, *, offline: bool) -> list[PlannedImport]:
    """The files the pipeline imports: the bundled Embase sample offline, ``[[imports]]`` live."""
    if offline:
        return [PlannedImport(path=snapshot_dir() / SAMPLE_EXPORT, source=SAMPLE_SOURCE)]
    return [
        PlannedImport(
            path=review_dir / spec.path, source=spec.source, searched=spec.searched, fmt=spec.format
        )
        for spec in protocol.imports
    ]


def import_planned(
    db: ReviewDatabase, planned: Sequence[PlannedImport], *, now: datetime
) -> list[PlannedOutcome]:
    """Import each planned file once; a file whose hash is in the ledger is skipped quietly.

    Raises:
        ParseError: a planned file is missing or malformed (files before it stay imported).
    """
    store = StudyStore(db)
    outcomes: list[PlannedOutcome] = []
    for plan in planned:
        result = read_export(plan.path, source=check_source(plan.source), fmt=plan.fmt)
        if store.find_import(result.sha256) is not None:
            outcomes.append(
                PlannedOutcome(
                    path=plan.path, source=plan.source, entry=None, skipped_as_known=True
                )
            )
            continue
        entry = store.record_import(
            result, source=plan.source, searched=plan.searched, forced=False, now=now
        )
        outcomes.append(
            PlannedOutcome(path=plan.path, source=plan.source, entry=entry, skipped_as_known=False)
        )
    return outcomes
