"""Verifications of single-verified extraction (``extraction_verifications``, migration 0006).

A verifier's import verifies each study it covers: the verification records the
extractor's import it checked and, field by field, what the verifier corrected
(:func:`reviewkit.extraction.verification.corrections`). The corrections are
computed before the import's transaction (:func:`plan_checks`) and recorded in
it (:func:`write_verifications`), which refuses them if the extractor
re-extracted a study meanwhile. A later verification, or the extractor's
re-import, supersedes the one in force (:func:`reopen_verifications`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from reviewkit.errors import StorageError
from reviewkit.extraction.discrepancy import EntryRow
from reviewkit.extraction.forms import Form
from reviewkit.extraction.verification import Correction, Verification, corrections
from reviewkit.storage.database import ReviewDatabase
from reviewkit.storage.extraction_codec import decode, decode_keys, encode
from reviewkit.storage.extraction_entries import NewRow, StoredEntry
from reviewkit.storage.schema import extraction_entries, extraction_verifications

__all__ = [
    "PlannedCheck",
    "plan_checks",
    "read_verifications",
    "reopen_verifications",
    "write_verifications",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedCheck:
    """A verifier's check of one study before it is stored.

    Attributes:
        study_id: The study checked.
        checked_import_id: The extractor's import whose values were checked.
        corrections: The fields the verifier changed.
    """

    study_id: str
    checked_import_id: int
    corrections: tuple[Correction, ...]


def plan_checks(
    rows: Sequence[NewRow],
    covered: Sequence[str],
    *,
    verifier: str,
    extractor: str,
    form: Form,
    extracted: Iterable[StoredEntry],
) -> list[PlannedCheck]:
    """Each covered study's check: the extractor's import and the fields changed.

    ``extracted`` are the extractor's current entries, migrated to ``form``.

    Raises:
        StorageError: ``covered`` names a study the extractor has not extracted.
    """
    done: dict[str, list[StoredEntry]] = {}
    for e in extracted:
        done.setdefault(e.study_id, []).append(e)
    missing = [sid for sid in covered if sid not in done]
    if missing:
        raise StorageError(
            f"{verifier} cannot verify {', '.join(missing)}: {extractor} has not "
            "extracted it yet; nothing stored"
        )
    checks = []
    for sid in covered:
        before = [e.row() for e in done[sid]]
        after = [EntryRow(study_id=r.study_id, section=r.section, keys=r.keys,
                          values=r.values) for r in rows if r.study_id == sid]  # fmt: skip
        checks.append(PlannedCheck(study_id=sid, checked_import_id=done[sid][0].import_id,
                                   corrections=corrections(form, before, after)))  # fmt: skip
    return checks


def write_verifications(
    conn: Connection,
    checks: Sequence[PlannedCheck],
    *,
    verifier: str,
    extractor: str,
    form: Form,
    import_id: int,
    now: datetime,
) -> tuple[Verification, ...]:
    """Record ``checks`` in force, superseding earlier verifications of the same studies.

    Raises:
        StorageError: the extractor re-extracted a checked study since
            :func:`plan_checks` ran.
    """
    covered = [c.study_id for c in checks]
    # The corrections were computed before this transaction began.
    found = {sid: checked for sid, checked in conn.execute(
        select(extraction_entries.c.cluster_id, extraction_entries.c.import_id).where(
            extraction_entries.c.reviewer == extractor,
            extraction_entries.c.superseded_at.is_(None),
            extraction_entries.c.cluster_id.in_(covered),
        ))}  # fmt: skip
    changed = [c.study_id for c in checks if found.get(c.study_id) != c.checked_import_id]
    if changed:
        raise StorageError(f"{extractor} re-extracted {', '.join(changed)} while "
                           f"{verifier}'s workbook was imported; import it again")  # fmt: skip
    reopen_verifications(conn, covered, now=now)
    made = tuple(
        Verification(study_id=c.study_id, verifier=verifier, extractor=extractor,
                     verified_at=now, form_id=form.id, form_version=form.version,
                     import_id=import_id, checked_import_id=c.checked_import_id,
                     corrections=c.corrections)
        for c in checks
    )  # fmt: skip
    if made:
        conn.execute(insert(extraction_verifications), [_verification_row(v) for v in made])
    return made


def reopen_verifications(
    conn: Connection, covered: Sequence[str], *, now: datetime
) -> tuple[Verification, ...]:
    """Supersede the verifications in force of ``covered``; return them as they now stand."""
    table = extraction_verifications
    in_force = (table.c.superseded_at.is_(None)) & table.c.cluster_id.in_(covered)
    found = conn.execute(select(table).where(in_force).order_by(table.c.id)).all()
    if found:
        conn.execute(update(table).where(in_force).values(superseded_at=now))
    return tuple(replace(_verification(r), superseded_at=now) for r in found)


def read_verifications(db: ReviewDatabase, *, current: bool = True) -> list[Verification]:
    """Verifications (only those in force unless ``current=False``), oldest first."""
    table = extraction_verifications
    stmt = select(table).order_by(table.c.id)
    if current:
        stmt = stmt.where(table.c.superseded_at.is_(None))
    with db.transaction("reading extraction verifications") as conn:
        return [_verification(r) for r in conn.execute(stmt)]


def _correction_json(c: Correction) -> dict[str, Any]:
    return {"section": c.section, "keys": [list(k) for k in c.keys], "field": c.field,
            "before": encode(c.before), "after": encode(c.after)}  # fmt: skip


def _verification_row(v: Verification) -> dict[str, Any]:
    return {"import_id": v.import_id, "cluster_id": v.study_id, "verifier": v.verifier,
            "extractor": v.extractor, "checked_import_id": v.checked_import_id,
            "form_id": v.form_id, "form_version": v.form_version,
            "corrections": [_correction_json(c) for c in v.corrections],
            "verified_at": v.verified_at, "superseded_at": v.superseded_at}  # fmt: skip


def _verification(r: Any) -> Verification:
    fixed = tuple(
        Correction(section=c["section"], keys=decode_keys(c["keys"]), field=c["field"],
                   before=decode(c["before"]), after=decode(c["after"]))
        for c in r.corrections
    )  # fmt: skip
    return Verification(study_id=r.cluster_id, verifier=r.verifier, extractor=r.extractor,
                        verified_at=r.verified_at, form_id=r.form_id,
                        form_version=r.form_version, import_id=r.import_id,
                        checked_import_id=r.checked_import_id, corrections=fixed,
                        superseded_at=r.superseded_at)  # fmt: skip
