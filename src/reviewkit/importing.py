"""Import other databases' exports into the review: the ledger and the citations.

``reviewkit import FILE --source embase`` and the ``review`` flow's imports step
both come here. Reading a file is :func:`reviewkit.formats.read_export`'s job;
this module refuses a file already imported (same SHA-256) unless forced, stores
the ledger row and the citations in one transaction (a malformed file raises
``ParseError`` before anything is stored), and words what the reviewer must know:
records skipped, count mismatches, records flagged for having no title or
identifier. The platform, search strategy and limits the user gives travel with
the file into the ledger, for the PRISMA-S search log.
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
    "SAMPLE_LIMITS",
    "SAMPLE_PLATFORM",
    "SAMPLE_QUERY",
    "SAMPLE_SOURCE",
    "PlannedImport",
    "PlannedOutcome",
    "check_source",
    "import_file",
    "import_lines",
    "import_planned",
    "planned_imports",
    "read_strategy",
]

SAMPLE_EXPORT = "embase_sample.ris"
SAMPLE_SOURCE = "embase"
SAMPLE_PLATFORM = "Embase.com"
# The offline demo's ILLUSTRATIVE strategy, written by the reviewkit project in
# Embase.com syntax to match the PubMed query of the default review: it was never
# run, and the sample export was not produced by it (see snapshot/README.md).
SAMPLE_QUERY = """\
#1  'microneedling'/exp OR 'microneedle'/exp
#2  microneedl*:ti,ab,kw OR 'micro needling':ti,ab,kw OR 'micro-needling':ti,ab,kw \
OR 'micro needle*':ti,ab,kw OR 'micro-needle*':ti,ab,kw
#3  dermaroller*:ti,ab,kw OR 'derma roller*':ti,ab,kw OR dermapen*:ti,ab,kw \
OR 'derma pen*':ti,ab,kw OR 'collagen induction therapy':ti,ab,kw \
OR 'percutaneous collagen induction':ti,ab,kw
#4  #1 OR #2 OR #3
#5  'alopecia'/exp OR 'alopecia areata'/exp OR 'androgenetic alopecia'/exp
#6  alopecia*:ti,ab,kw OR 'hair loss':ti,ab,kw OR 'pattern hair loss':ti,ab,kw \
OR baldness:ti,ab,kw OR 'telogen effluvium':ti,ab,kw \
OR (hair NEAR/3 (regrowth OR growth OR density OR count)):ti,ab,kw
#7  #5 OR #6
#8  #4 AND #7"""
# PRISMA-S item 9 wants "no limits" said, not left blank.
SAMPLE_LIMITS = "none"
_SOURCE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedImport:
    """A file the pipeline imports when it has not been imported yet."""

    path: Path
    source: str
    searched: date | None = None
    fmt: str | None = None
    platform: str | None = None
    query: str | None = None
    limits: str | None = None


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


def read_strategy(path: Path, *, origin: str = "") -> str:
    """Read a search strategy file (UTF-8 text, often one numbered line per step).

    The text is kept as written, only surrounding blank space removed (and a BOM).
    ``origin`` says where the file was named, for the error message.

    Raises:
        ConfigError: the file is missing, unreadable, not UTF-8 text or empty.
    """
    where = f" ({origin})" if origin else ""
    try:
        # utf-8-sig: editors on Windows put a byte-order mark in front.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: search strategy file not found{where}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(
            f"{path}: cannot read the search strategy{where}: {reason}; expected a UTF-8 text file"
        ) from exc
    strategy = text.strip()
    if not strategy:
        raise ConfigError(f"{path}: the search strategy file is empty{where}")
    return strategy


def _given(text: str | None) -> str | None:
    # A blank option is the same as a missing one: the log then says "not recorded".
    if text is None:
        return None
    return text.strip() or None


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
    platform: str | None = None,
    query: str | None = None,
    limits: str | None = None,
) -> ImportEntry:
    """Import one exported file: read it, then store the ledger row and its citations.

    ``platform`` (e.g. "Ovid"), ``query`` (the full strategy as run) and ``limits``
    are stored with the ledger row for the PRISMA-S search log.

    Raises:
        ConfigError: ``source`` is not a usable name.
        ParseError: the file is missing, of unknown format or malformed (nothing stored).
        ReviewkitError: the same file was imported before and ``force`` is false.
    """
    result = read_export(path, source=check_source(source), fmt=fmt, column_map=column_map)
    return StudyStore(db).record_import(
        result, source=source, searched=searched, forced=force, now=now,
        platform=_given(platform), query=_given(query), limits=_given(limits),
    )  # fmt: skip


def import_lines(entry: ImportEntry) -> tuple[list[str], list[str]]:
    """What to tell the reviewer about an import: (report lines, warning lines)."""
    kind = ", ".join(p for p in (entry.format, entry.dialect, entry.encoding) if p)
    searched = f", searched {entry.searched.isoformat()}" if entry.searched else ""
    platform = f" on {entry.platform}" if entry.platform else ""
    report = [
        f"imported {entry.file_name} from {entry.source}{platform} as import #{entry.id} "
        f"({kind}{searched}): {entry.records_in_file} records in the file, "
        f"{entry.records_parsed} parsed, {len(entry.skipped)} skipped"
    ]
    if entry.query or entry.limits:
        steps = len(entry.query.splitlines()) if entry.query else 0
        report.append(
            f"search strategy: {f'{steps} line(s) recorded' if steps else 'not given'}; "
            f"limits: {entry.limits or 'not given'}"
        )
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
    """The files the pipeline imports: the bundled Embase sample offline, ``[[imports]]`` live.

    A ``query_file`` is read here, relative to the review folder.

    Raises:
        ConfigError: a ``query_file`` is missing, unreadable or empty.
    """
    if offline:
        return [
            PlannedImport(
                path=snapshot_dir() / SAMPLE_EXPORT, source=SAMPLE_SOURCE,
                platform=SAMPLE_PLATFORM, query=SAMPLE_QUERY, limits=SAMPLE_LIMITS,
            )
        ]  # fmt: skip
    planned: list[PlannedImport] = []
    for n, spec in enumerate(protocol.imports, 1):
        query = spec.query
        if spec.query_file is not None:
            origin = f"query_file of [[imports]] entry {n}, {spec.path}"
            query = read_strategy(review_dir / spec.query_file, origin=origin)
        planned.append(
            PlannedImport(
                path=review_dir / spec.path, source=spec.source, searched=spec.searched,
                fmt=spec.format, platform=spec.platform, query=query, limits=spec.limits,
            )
        )  # fmt: skip
    return planned


def import_planned(
    db: ReviewDatabase, planned: Sequence[PlannedImport], *, now: datetime
) -> list[PlannedOutcome]:
    """Import each planned file once; a file whose hash is in the ledger is skipped quietly.

    A skipped file's ledger row still gets the platform, strategy and limits it lacks
    (declared after the file was first imported); recorded values are kept.

    Raises:
        ParseError: a planned file is missing or malformed (files before it stay imported).
    """
    store = StudyStore(db)
    outcomes: list[PlannedOutcome] = []
    for plan in planned:
        result = read_export(plan.path, source=check_source(plan.source), fmt=plan.fmt)
        known = store.find_import(result.sha256)
        if known is not None:
            store.complete_import(
                known.id, platform=plan.platform, query=plan.query, limits=plan.limits
            )
            outcomes.append(
                PlannedOutcome(
                    path=plan.path, source=plan.source, entry=None, skipped_as_known=True
                )
            )
            continue
        entry = store.record_import(
            result, source=plan.source, searched=plan.searched, forced=False, now=now,
            platform=plan.platform, query=plan.query, limits=plan.limits,
        )  # fmt: skip
        outcomes.append(
            PlannedOutcome(path=plan.path, source=plan.source, entry=entry, skipped_as_known=False)
        )
    return outcomes
