"""Extraction in the review database: the store the extraction stage talks to.

``ExtractionStore`` reads and writes the tables of migrations 0004 and 0006
through the modules that own them: stored form versions
(:mod:`~reviewkit.storage.extraction_forms`), the import ledger
(:mod:`~reviewkit.storage.extraction_imports`), entries with their history
(:mod:`~reviewkit.storage.extraction_entries`) and, in single-verified mode,
verifications (:mod:`~reviewkit.storage.extraction_verifications`). One
imported workbook is stored in one transaction: its ledger row, its entries
and, for a verifier, a verification per study with the fields the verifier
corrected; the extractor's re-import supersedes those verifications.
:meth:`ExtractionStore.extractions` builds the
:class:`~reviewkit.extraction.data.StudyExtraction` objects the evidence
tables read (:mod:`~reviewkit.storage.study_extractions`), migrating entries of
older form versions to the current form.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from reviewkit.errors import FormError
from reviewkit.extraction.data import CONSENSUS, Provenance, StudyExtraction
from reviewkit.extraction.discrepancy import Discrepancy, EntryRow, apply_consensus
from reviewkit.extraction.forms import Form
from reviewkit.extraction.status import StudyStatus
from reviewkit.extraction.verification import Role, Verification, role_of
from reviewkit.extraction.versions import migrate
from reviewkit.storage.database import ReviewDatabase
from reviewkit.storage.extraction_entries import NewRow, StoredEntry, read_entries, write_entries
from reviewkit.storage.extraction_forms import read_form, write_form
from reviewkit.storage.extraction_imports import read_imports, write_import
from reviewkit.storage.extraction_verifications import (
    PlannedCheck,
    plan_checks,
    read_verifications,
    reopen_verifications,
    write_verifications,
)
from reviewkit.storage.study_extractions import build_study, read_citations

__all__ = ["ExtractionStore", "StoredImport"]

Mode = Literal["double", "single-verified"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredImport:
    """What :meth:`ExtractionStore.add_import` stored.

    Attributes:
        id: The import's id in the ledger.
        verified: Single-verified, a verifier's import: the studies it verified.
        reopened: Single-verified, the extractor's import: the verifications its
            re-extraction superseded (those studies are unverified again).
    """

    id: int
    verified: tuple[Verification, ...] = ()
    reopened: tuple[Verification, ...] = ()


class ExtractionStore:
    """The extraction tables of one review database, read against the current form."""

    def __init__(
        self,
        db: ReviewDatabase,
        *,
        form: Form | None = None,
        mode: Mode = "double",
        reviewers: Sequence[str] = ("reviewer-a", "reviewer-b"),
    ) -> None:
        self._db, self._form, self._mode, self._reviewers = db, form, mode, tuple(reviewers)

    # ------------------------------------------------------------------- forms

    def save_form(self, form: Form, *, now: datetime) -> None:
        """Keep ``form``'s definition (once per id and version) so old entries can migrate."""
        write_form(self._db, form, now=now)

    def form(self, form_id: str, version: int) -> Form | None:
        """A stored form definition, or ``None``."""
        return read_form(self._db, form_id, version)

    # ----------------------------------------------------------------- imports

    def add_import(
        self,
        rows: Sequence[NewRow],
        *,
        kind: Literal["reviewer", "consensus"],
        reviewer: str,
        form: Form,
        file: str,
        sha256: str,
        studies: Iterable[str],
        notes: Sequence[str] = (),
        now: datetime,
    ) -> StoredImport:
        """Store one imported workbook's rows in one transaction.

        A reviewer import supersedes that reviewer's current entries of
        ``studies``. A consensus import merges each row with the current
        consensus of the same row (new settlements win) and supersedes it. In
        single-verified mode a verifier's import also verifies each of
        ``studies`` (recording the fields changed against the extractor's
        current values), and the extractor's import supersedes the
        verifications of ``studies``.

        Raises:
            StorageError: a verifier's import covers a study the extractor has
                not extracted, or the extraction changed meanwhile.
        """
        self.save_form(form, now=now)
        covered = sorted(set(studies))
        reviewer = CONSENSUS if kind == "consensus" else reviewer
        role = self.role_of(reviewer) if kind == "reviewer" else None
        checks = self._checks(rows, covered, reviewer, form) if role == "verifier" else []
        with self._db.transaction("storing extraction entries", write=True) as conn:
            import_id = write_import(conn, kind=kind, reviewer=reviewer, form=form, file=file,
                                     sha256=sha256, rows=len(rows), notes=notes,
                                     now=now)  # fmt: skip
            write_entries(conn, rows, import_id=import_id, kind=kind, reviewer=reviewer,
                          form=form, covered=covered, now=now)  # fmt: skip
            stored = StoredImport(id=import_id)
            if role == "verifier":
                verified = write_verifications(conn, checks, verifier=reviewer,
                                               extractor=self.extractor(), form=form,
                                               import_id=import_id, now=now)  # fmt: skip
                stored = StoredImport(id=import_id, verified=verified)
            elif role == "extractor":
                reopened = reopen_verifications(conn, covered, now=now)
                stored = StoredImport(id=import_id, reopened=reopened)
        return stored

    # ------------------------------------------------------------ verification

    def role_of(self, reviewer: str) -> Role | None:
        """``reviewer``'s role in single-verified extraction (``None`` in double mode)."""
        return role_of(self._mode, self._reviewers, reviewer)

    def extractor(self) -> str:
        """The reviewer who extracts in single-verified mode (the first configured)."""
        return self._reviewers[0]

    def _checks(
        self, rows: Sequence[NewRow], covered: Sequence[str], verifier: str, form: Form
    ) -> list[PlannedCheck]:
        """Each covered study's check against the extractor's current (migrated) entries."""
        extractor = self.extractor()
        return plan_checks(rows, covered, verifier=verifier, extractor=extractor, form=form,
                           extracted=self.reviewer_rows(extractor))  # fmt: skip

    def verifications(self, *, current: bool = True) -> list[Verification]:
        """Verifications (only those in force unless ``current=False``), oldest first."""
        return read_verifications(self._db, current=current)

    def imports(self) -> list[dict[str, Any]]:
        """The import ledger, oldest first."""
        return read_imports(self._db)

    def entries(self, *, reviewer: str | None = None, current: bool = True) -> list[StoredEntry]:
        """Stored entries (only those in force unless ``current=False``), oldest first."""
        return read_entries(self._db, reviewer=reviewer, current=current)

    # ------------------------------------------------------------- extractions

    def reviewer_names(self) -> tuple[str, ...]:
        """The configured reviewers, in order (the first two are compared)."""
        return self._reviewers

    def current_form(self) -> Form:
        """The form entries are read against (given to the constructor)."""
        if self._form is None:
            raise FormError("ExtractionStore needs the current form to build extractions")
        return self._form

    def migrated(self, entry: StoredEntry) -> StoredEntry:
        """``entry`` with its values moved to the current form version."""
        form = self.current_form()
        if (entry.form_id, entry.form_version) == (form.id, form.version):
            return entry
        old = self.form(entry.form_id, entry.form_version)
        if old is None:
            raise FormError(
                f"entry {entry.id}: form {entry.form_id} version {entry.form_version} "
                "is not stored, so it cannot be migrated"
            )
        filled = {k: v for k, v in entry.values.items() if v is not None}
        values, _notes = migrate(filled, old, form)
        return replace(entry, values=values)

    def reviewer_rows(self, reviewer: str) -> list[StoredEntry]:
        """A reviewer's current entries, migrated to the current form."""
        return [self.migrated(e) for e in self.entries(reviewer=reviewer)]

    def extractions(
        self, *, consensus: bool | None = None, unverified: bool = False
    ) -> list[StudyExtraction]:
        """Every extracted study, by study id, as the evidence tables read it.

        With ``consensus`` (double extraction): the studies both of the first two
        reviewers extracted, with their shared values and the settled ones
        (provenance ``"consensus"``); fields still in dispute are left out.
        Without (single extraction with verification): the verified studies, each
        with its verifier's corrected values; ``unverified`` adds the studies not
        verified yet with the extractor's values, which by default are left out.
        ``consensus=None`` follows the store's mode.
        """
        form = self.current_form()
        built: dict[str, list[tuple[EntryRow, Provenance]]] = {}
        if consensus if consensus is not None else self._mode == "double":
            rows, _open, latest = self._consensus()
            for row in rows:
                at = latest[row.study_id]
                prov = Provenance(reviewer=CONSENSUS, form_id=form.id,
                                  form_version=form.version, entered_at=at)  # fmt: skip
                built.setdefault(row.study_id, []).append((row, prov))
        else:
            for sid, entries in self._checked(unverified=unverified).items():
                for e in entries:
                    prov = Provenance(
                        reviewer=e.reviewer, form_id=e.form_id,
                        form_version=e.form_version, entered_at=e.entered_at,
                    )  # fmt: skip
                    built.setdefault(sid, []).append((self.migrated(e).row(), prov))
        cites = read_citations(self._db, sorted(built))
        return [build_study(form, cites[sid], built[sid]) for sid in sorted(built)]

    def _checked(self, *, unverified: bool) -> dict[str, list[StoredEntry]]:
        """Study → the entries of its verification in force (else the extractor's, if asked)."""
        checks = {v.study_id: v for v in self.verifications()}
        chosen: dict[str, list[StoredEntry]] = {}
        for e in self.entries():
            check = checks.get(e.study_id)
            if check is not None:
                take = (e.reviewer, e.import_id) == (check.verifier, check.import_id)
            else:
                take = unverified and e.reviewer == self.extractor()
            if take:
                chosen.setdefault(e.study_id, []).append(e)
        return chosen

    def statuses(self) -> list[StudyStatus]:
        """Each extracted study's progress, by study id (see :mod:`reviewkit.extraction.status`)."""
        latest: dict[str, dict[str, datetime]] = {}
        for e in self.entries():
            seen = latest.setdefault(e.study_id, {})
            seen[e.reviewer] = max(e.entered_at, seen.get(e.reviewer, e.entered_at))
        single = self._mode == "single-verified"
        counted = self._reviewers[:1] if single else self._reviewers
        who = {sid: tuple(r for r in counted if r in by) for sid, by in latest.items()}
        ids = sorted(sid for sid, names in who.items() if names)
        checks = {v.study_id: v for v in self.verifications()} if single else {}
        disputes: dict[str, int] = {}
        if not single:
            for d in self.unresolved():
                disputes[d.study_id] = disputes.get(d.study_id, 0) + 1
        both = set(self._reviewers[:2])
        cites = read_citations(self._db, ids)
        return [
            StudyStatus(
                citation=cites[sid], extracted_by=who[sid],
                extracted_at=max(latest[sid][r] for r in who[sid]),
                verification=checks.get(sid),
                open_fields=None if single or not both <= set(who[sid])
                else disputes.get(sid, 0),
            )
            for sid in ids
        ]  # fmt: skip

    def unresolved(self) -> list[Discrepancy]:
        """Fields the first two reviewers still disagree on and nobody has settled."""
        return self._consensus()[1]

    def _consensus(self) -> tuple[list[EntryRow], list[Discrepancy], dict[str, datetime]]:
        if len(self._reviewers) < 2:
            raise FormError("double extraction needs two reviewers in [extraction] reviewers")
        form = self.current_form()
        a, b = self.reviewer_rows(self._reviewers[0]), self.reviewer_rows(self._reviewers[1])
        settled = self.reviewer_rows(CONSENSUS)
        agreed = {((e.study_id, e.section, e.keys), k): v
                  for e in settled for k, v in e.values.items()}  # fmt: skip
        rows, unresolved = apply_consensus(form, [e.row() for e in a], [e.row() for e in b],
                                           agreed)  # fmt: skip
        return rows, unresolved, _latest([*a, *b, *settled])


def _latest(entries: Iterable[StoredEntry]) -> dict[str, datetime]:
    latest: dict[str, datetime] = {}
    for e in entries:
        if e.study_id not in latest or latest[e.study_id] < e.entered_at:
            latest[e.study_id] = e.entered_at
    return latest
