"""Extraction in the review database: forms, imported workbooks and entries with history.

``ExtractionStore`` reads and writes the tables of migration 0004. An entry is
one reviewer's values for one row (study level, or one arm / outcome ×
timepoint / result) of one study, made with one form version. A corrected
workbook re-imported later marks that reviewer's current entries for its
studies superseded and adds new ones, so the history stays. Consensus entries
(reviewer ``"consensus"``) hold only the fields that were settled after double
extraction. In single-verified mode a verifier's import also records a
verification per study (migration 0006) with the fields the verifier
corrected, and the extractor's re-import supersedes it.
:meth:`ExtractionStore.extractions` builds the
:class:`~reviewkit.extraction.data.StudyExtraction` objects the evidence
tables read, migrating entries of older form versions to the current form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import Connection, insert, select, update

from reviewkit.errors import FormError, StorageError
from reviewkit.extraction.data import (
    CONSENSUS,
    ExtractedRow,
    ExtractedValue,
    Provenance,
    StudyCitation,
    StudyExtraction,
)
from reviewkit.extraction.discrepancy import Discrepancy, EntryRow, apply_consensus
from reviewkit.extraction.forms import Form
from reviewkit.extraction.rob2 import derive
from reviewkit.extraction.status import StudyStatus
from reviewkit.extraction.verification import Correction, Role, Verification, corrections, role_of
from reviewkit.extraction.versions import migrate
from reviewkit.storage.database import ReviewDatabase
from reviewkit.storage.schema import (
    extraction_entries,
    extraction_forms,
    extraction_imports,
    extraction_verifications,
    studies,
    study_members,
)

__all__ = ["ExtractionStore", "NewRow", "StoredEntry", "StoredImport", "decode", "encode"]

Mode = Literal["double", "single-verified"]
# A verifier's check before it is stored: study, the extractor's import, corrections.
_Check = tuple[str, int, tuple[Correction, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class NewRow:
    """Coerced values of one row to store (``section`` ``""``: the study-level row)."""

    study_id: str
    section: str
    keys: tuple[tuple[str, str], ...]
    values: Mapping[str, object]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredEntry:
    """A stored entry; ``superseded_at`` is set once a later import replaced it."""

    id: int
    import_id: int
    study_id: str
    reviewer: str
    section: str
    keys: tuple[tuple[str, str], ...]
    values: Mapping[str, object]
    form_id: str
    form_version: int
    entered_at: datetime
    superseded_at: datetime | None

    def row(self) -> EntryRow:
        """The entry as :mod:`reviewkit.extraction.discrepancy` compares it."""
        return EntryRow(study_id=self.study_id, section=self.section, keys=self.keys,
                        values=self.values)  # fmt: skip


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


def encode(value: object) -> Any:
    """A coerced value as JSON (dates tagged, tuples as lists)."""
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    return value


def decode(value: Any) -> object:
    """The inverse of :func:`encode`."""
    if isinstance(value, dict) and "date" in value:
        return date.fromisoformat(value["date"])
    if isinstance(value, list):
        return tuple(decode(v) for v in value)
    return value


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
        with self._db.transaction("storing the extraction form", write=True) as conn:
            found = conn.execute(
                select(extraction_forms.c.id).where(
                    extraction_forms.c.form_id == form.id,
                    extraction_forms.c.version == form.version,
                )
            ).first()
            if found is None:
                conn.execute(insert(extraction_forms).values(
                    form_id=form.id, version=form.version,
                    definition=form.model_dump(mode="json"), stored_at=now))  # fmt: skip

    def form(self, form_id: str, version: int) -> Form | None:
        """A stored form definition, or ``None``."""
        stmt = select(extraction_forms.c.definition).where(
            extraction_forms.c.form_id == form_id, extraction_forms.c.version == version
        )
        with self._db.transaction("reading an extraction form") as conn:
            row = conn.execute(stmt).first()
        return None if row is None else Form.model_validate(row[0])

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
            import_id = int(conn.execute(insert(extraction_imports).values(
                kind=kind, reviewer=reviewer, form_id=form.id, form_version=form.version,
                file=file, sha256=sha256, rows=len(rows), notes=list(notes), imported_at=now,
            )).inserted_primary_key[0])  # type: ignore[index]  # fmt: skip
            current = (extraction_entries.c.reviewer == reviewer) & (
                extraction_entries.c.superseded_at.is_(None)
            )
            merged = {(r.study_id, r.section, r.keys): dict(r.values) for r in rows}
            if kind == "consensus":
                old = conn.execute(select(extraction_entries).where(current)).all()
                for e in old:
                    rid = (e.cluster_id, e.section, _keys(e.row_keys))
                    if rid in merged:
                        kept = {k: decode(v) for k, v in e.row_values.items()}
                        merged[rid] = kept | merged[rid]
                        conn.execute(update(extraction_entries)
                                     .where(extraction_entries.c.id == e.id)
                                     .values(superseded_at=now))  # fmt: skip
            elif covered:
                conn.execute(update(extraction_entries)
                             .where(current, extraction_entries.c.cluster_id.in_(covered))
                             .values(superseded_at=now))  # fmt: skip
            payload = [
                {"import_id": import_id, "cluster_id": sid, "reviewer": reviewer,
                 "section": section, "row_keys": [list(k) for k in keys],
                 "row_values": {k: encode(v) for k, v in values.items()},
                 "form_id": form.id, "form_version": form.version, "entered_at": now}
                for (sid, section, keys), values in merged.items()
            ]  # fmt: skip
            if payload:
                conn.execute(insert(extraction_entries), payload)
            stored = StoredImport(id=import_id)
            if role == "verifier":
                verified = self._verify(conn, checks, reviewer, form, import_id, now)
                stored = StoredImport(id=import_id, verified=verified)
            elif role == "extractor":
                stored = StoredImport(id=import_id, reopened=_reopen(conn, covered, now))
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
    ) -> list[_Check]:
        """Each covered study's check: the extractor's import and the fields changed."""
        extractor = self.extractor()
        done: dict[str, list[StoredEntry]] = {}
        for e in self.reviewer_rows(extractor):
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
            checks.append((sid, done[sid][0].import_id, corrections(form, before, after)))
        return checks

    def _verify(
        self,
        conn: Connection,
        checks: Sequence[_Check],
        verifier: str,
        form: Form,
        import_id: int,
        now: datetime,
    ) -> tuple[Verification, ...]:
        """Record ``checks`` in force, superseding earlier verifications of the same studies."""
        extractor = self.extractor()
        covered = [sid for sid, _checked, _found in checks]
        # The corrections were computed before this transaction began.
        found = {sid: checked for sid, checked in conn.execute(
            select(extraction_entries.c.cluster_id, extraction_entries.c.import_id).where(
                extraction_entries.c.reviewer == extractor,
                extraction_entries.c.superseded_at.is_(None),
                extraction_entries.c.cluster_id.in_(covered),
            ))}  # fmt: skip
        changed = [sid for sid, checked, _f in checks if found.get(sid) != checked]
        if changed:
            raise StorageError(f"{extractor} re-extracted {', '.join(changed)} while "
                               f"{verifier}'s workbook was imported; import it again")  # fmt: skip
        _reopen(conn, covered, now)
        made = tuple(
            Verification(study_id=sid, verifier=verifier, extractor=extractor, verified_at=now,
                         form_id=form.id, form_version=form.version, import_id=import_id,
                         checked_import_id=checked, corrections=fixed)
            for sid, checked, fixed in checks
        )  # fmt: skip
        if made:
            conn.execute(insert(extraction_verifications), [_verification_row(v) for v in made])
        return made

    def verifications(self, *, current: bool = True) -> list[Verification]:
        """Verifications (only those in force unless ``current=False``), oldest first."""
        table = extraction_verifications
        stmt = select(table).order_by(table.c.id)
        if current:
            stmt = stmt.where(table.c.superseded_at.is_(None))
        with self._db.transaction("reading extraction verifications") as conn:
            return [_verification(r) for r in conn.execute(stmt)]

    def imports(self) -> list[dict[str, Any]]:
        """The import ledger, oldest first."""
        stmt = select(extraction_imports).order_by(extraction_imports.c.id)
        with self._db.transaction("reading the extraction import ledger") as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    def entries(self, *, reviewer: str | None = None, current: bool = True) -> list[StoredEntry]:
        """Stored entries (only those in force unless ``current=False``), oldest first."""
        stmt = select(extraction_entries).order_by(extraction_entries.c.id)
        if reviewer is not None:
            stmt = stmt.where(extraction_entries.c.reviewer == reviewer)
        if current:
            stmt = stmt.where(extraction_entries.c.superseded_at.is_(None))
        with self._db.transaction("reading extraction entries") as conn:
            rows = conn.execute(stmt).all()
        return [
            StoredEntry(id=r.id, import_id=r.import_id, study_id=r.cluster_id,
                        reviewer=r.reviewer, section=r.section, keys=_keys(r.row_keys),
                        values={k: decode(v) for k, v in r.row_values.items()},
                        form_id=r.form_id, form_version=r.form_version,
                        entered_at=r.entered_at, superseded_at=r.superseded_at)
            for r in rows
        ]  # fmt: skip

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
        return StoredEntry(**{**_fields(entry), "values": values})

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
        cites = self._citations(sorted(built))
        return [_study(form, cites[sid], built[sid]) for sid in sorted(built)]

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
        cites = self._citations(ids)
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

    def _citations(self, ids: Sequence[str]) -> dict[str, StudyCitation]:
        with self._db.transaction("reading studies for extraction") as conn:
            rows = conn.execute(select(studies.c.cluster_id, studies.c.fields)
                                .where(studies.c.cluster_id.in_(ids))).all()  # fmt: skip
            members: dict[str, list[str]] = {}
            for rid, cid in conn.execute(select(study_members.c.record_id,
                                                study_members.c.cluster_id)
                                         .where(study_members.c.cluster_id.in_(ids))):  # fmt: skip
                members.setdefault(cid, []).append(rid)
        return {cid: study_citation(cid, fields, members.get(cid, ())) for cid, fields in rows}


def study_citation(
    study_id: str, fields: Mapping[str, Any], record_ids: Iterable[str]
) -> StudyCitation:
    """A study's citation from its merged dedup fields."""
    authors = fields.get("authors") or ()
    first = str(authors[0]).split(",")[0].split(" ")[0] if authors else None
    year = fields.get("year")
    return StudyCitation(
        study_id=study_id, first_author=first or None,
        year=int(year) if isinstance(year, int | float | str) and str(year).isdigit() else None,
        title=fields.get("title"), pmid=fields.get("pmid"), doi=fields.get("doi"),
        record_ids=tuple(sorted(record_ids)),
    )  # fmt: skip


def _keys(raw: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in raw)


def _fields(entry: StoredEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in StoredEntry.__slots__}


def _latest(entries: Iterable[StoredEntry]) -> dict[str, datetime]:
    latest: dict[str, datetime] = {}
    for e in entries:
        if e.study_id not in latest or latest[e.study_id] < e.entered_at:
            latest[e.study_id] = e.entered_at
    return latest


def _study(
    form: Form, citation: StudyCitation, rows: Sequence[tuple[EntryRow, Provenance]]
) -> StudyExtraction:
    fields: dict[str, ExtractedValue] = {}
    groups: dict[str, list[ExtractedRow]] = {}
    for row, prov in sorted(rows, key=lambda rp: (rp[0].section, rp[0].keys)):
        values = {k: ExtractedValue(value=v, provenance=prov)
                  for k, v in row.values.items() if v is not None}  # fmt: skip
        if row.section == "":
            fields.update(values)
        else:
            groups.setdefault(row.section, []).append(ExtractedRow(keys=row.keys, values=values))
    for field in form.fields:
        if field.derived is None or field.derived.rule != "rob2_overall":
            continue
        plain = {k: v.value for k, v in fields.items()}
        result = derive(field.derived, plain)
        source = fields.get(field.derived.domains[0])
        if result is not None and source is not None:
            fields[field.key] = ExtractedValue(value=result.judgement.value,
                                               provenance=source.provenance)  # fmt: skip
    return StudyExtraction(citation=citation, fields=fields,
                           groups={k: tuple(v) for k, v in groups.items()})  # fmt: skip


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
        Correction(section=c["section"], keys=_keys(c["keys"]), field=c["field"],
                   before=decode(c["before"]), after=decode(c["after"]))
        for c in r.corrections
    )  # fmt: skip
    return Verification(study_id=r.cluster_id, verifier=r.verifier, extractor=r.extractor,
                        verified_at=r.verified_at, form_id=r.form_id,
                        form_version=r.form_version, import_id=r.import_id,
                        checked_import_id=r.checked_import_id, corrections=fixed,
                        superseded_at=r.superseded_at)  # fmt: skip


def _reopen(conn: Connection, covered: Sequence[str], now: datetime) -> tuple[Verification, ...]:
    """Supersede the verifications in force of ``covered``; return them as they now stand."""
    table = extraction_verifications
    in_force = (table.c.superseded_at.is_(None)) & table.c.cluster_id.in_(covered)
    found = conn.execute(select(table).where(in_force).order_by(table.c.id)).all()
    if found:
        conn.execute(update(table).where(in_force).values(superseded_at=now))
    return tuple(replace(_verification(r), superseded_at=now) for r in found)
