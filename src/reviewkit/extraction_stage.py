"""The extraction stage over the review database: workbooks out, checked entries in.

:func:`export_workbook` writes one reviewer's workbook for the chosen studies;
:func:`import_workbook` checks every cell of a filled one and stores it all or
nothing: any wrong type, out-of-range number, unknown choice, missing required
field, duplicate row, unknown study, tampered locked cell, other form or a
version that cannot be migrated rejects the whole workbook with a list of
``sheet!cell: reason`` lines. A workbook of an older form version is migrated
with :func:`reviewkit.extraction.versions.migrate` when the versions are
compatible and refused with the reason otherwise. The discrepancy workbook
(:mod:`reviewkit.extraction_consensus`) goes through the same import.

In single-verified mode a verifier's workbook is exported prefilled with the
extractor's current values; importing it verifies every study it covers (see
:mod:`reviewkit.extraction.verification`). It is refused for a study the
extractor has not extracted, or has re-extracted since the workbook was made.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reviewkit.errors import ConfigError, FormError, ParseError
from reviewkit.extraction.data import StudyCitation
from reviewkit.extraction.forms import Field, Form, Section, load_form
from reviewkit.extraction.values import check_row
from reviewkit.extraction.verification import Verification
from reviewkit.extraction.versions import compatible, migrate
from reviewkit.extraction.workbook import (
    RawRow,
    WorkbookMeta,
    input_fields,
    open_workbook,
    read_meta,
    read_workbook,
    write_workbook,
)
from reviewkit.protocol import Protocol
from reviewkit.screening import Decision, Stage
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.extraction import ExtractionStore
from reviewkit.storage.extraction_entries import NewRow, StoredEntry
from reviewkit.storage.screening import ScreeningStore
from reviewkit.storage.study_extractions import study_citation

__all__ = [
    "MAX_PROBLEMS",
    "ImportResult",
    "export_workbook",
    "import_workbook",
    "load_review_form",
    "prefill_rows",
    "reject",
    "select_studies",
    "store_for",
]

#: How many problems a rejected workbook lists before "and N more".
MAX_PROBLEMS = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportResult:
    """What an import stored.

    Attributes:
        notes: What migrating the workbook from an older form version did.
        verified: Single-verified, a verifier's workbook: the studies it verified.
        reopened: Single-verified, the extractor's workbook: the verifications it
            superseded (those studies are unverified again).
    """

    kind: str
    reviewer: str
    studies: int
    rows: int
    form_version: int
    notes: tuple[str, ...]
    verified: tuple[Verification, ...] = ()
    reopened: tuple[Verification, ...] = ()

    def line(self) -> str:
        """One line for the terminal."""
        migrated = f"; migrated from version {self.form_version}" if self.notes else ""
        checked = ""
        if self.verified:
            fixed = sum(len(v.corrections) for v in self.verified)
            checked = (f"; verified {len(self.verified)} studies, {fixed} "
                       f"value{'' if fixed == 1 else 's'} corrected")  # fmt: skip
        if self.reopened:
            ids = ", ".join(v.study_id for v in self.reopened)
            checked += f"; unverified again (re-extracted after verification): {ids}"
        return (f"{self.kind} workbook of {self.reviewer}: {self.rows} rows for "
                f"{self.studies} studies stored{migrated}{checked}")  # fmt: skip


def load_review_form(protocol: Protocol, review_dir: Path | None = None) -> Form:
    """The review's current extraction form (``[extraction] form``)."""
    return load_form(protocol.form_path(review_dir))


def store_for(db: ReviewDatabase, protocol: Protocol, form: Form) -> ExtractionStore:
    """An :class:`ExtractionStore` configured by the protocol's ``[extraction]`` section."""
    cfg = protocol.extraction
    return ExtractionStore(db, form=form, mode=cfg.mode, reviewers=cfg.reviewers)


def select_studies(db: ReviewDatabase, which: str) -> list[StudyCitation]:
    """``included`` (full-text includes), ``all`` current studies, or a comma list of ids."""
    store = ScreeningStore(db)
    current = store.studies()
    if which == "all":
        ids = sorted(current)
    elif which == "included":
        ids = sorted(o.cluster_id for o in store.outcomes(Stage.FULL_TEXT)
                     if o.status == "final" and o.decision is Decision.INCLUDE)  # fmt: skip
    else:
        ids = [i.strip() for i in which.split(",") if i.strip()]
        unknown = [i for i in ids if i not in current]
        if unknown:
            raise ConfigError(f"--studies: no current study {', '.join(unknown)} "
                              "(see `reviewkit status`)")  # fmt: skip
    return [study_citation(i, current[i].fields, current[i].record_ids) for i in ids]


def export_workbook(
    db: ReviewDatabase,
    protocol: Protocol,
    path: Path,
    *,
    form: Form,
    reviewer: str,
    studies: str = "included",
    now: datetime,
) -> int:
    """Write ``reviewer``'s extraction workbook; return how many studies it holds."""
    if reviewer not in protocol.extraction.reviewers:
        raise ConfigError(f"--reviewer {reviewer!r} is not one of review.toml [extraction] "
                          f"reviewers: {', '.join(protocol.extraction.reviewers)}")  # fmt: skip
    chosen = select_studies(db, studies)
    store = store_for(db, protocol, form)
    store.save_form(form, now=now)  # so this version can migrate later
    prefill = None
    if store.role_of(reviewer) == "verifier":
        wanted = {c.study_id for c in chosen}
        prefill = prefill_rows(e for e in store.reviewer_rows(store.extractor())
                               if e.study_id in wanted)  # fmt: skip
    write_workbook(path, form, chosen, review_id=protocol.review.id, reviewer=reviewer,
                   now=now, rows=prefill)  # fmt: skip
    return len(chosen)


def prefill_rows(entries: Iterable[StoredEntry]) -> dict[str, list[dict[str, Any]]]:
    """Entries as :func:`~reviewkit.extraction.workbook.write_workbook` prefills them."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for e in sorted(entries, key=lambda e: (e.study_id, e.section, e.keys)):
        rows.setdefault(e.section, []).append({"study_id": e.study_id, **dict(e.keys),
                                               **e.values})  # fmt: skip
    return rows


def reject(path: Path, problems: Sequence[str]) -> ParseError:
    """The all-or-nothing refusal: every problem on a line, capped at :data:`MAX_PROBLEMS`."""
    shown = list(problems[:MAX_PROBLEMS])
    if len(problems) > MAX_PROBLEMS:
        shown.append(f"and {len(problems) - MAX_PROBLEMS} more")
    head = f"{path}: workbook rejected, nothing stored ({len(problems)} problems):"
    return ParseError("\n  ".join([head, *shown]))


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise ParseError(f"{path}: cannot read the workbook: {exc.strerror}") from exc


def workbook_form(
    store: ExtractionStore, form: Form, form_id: str, version: int, extra: Sequence[Form] = ()
) -> tuple[Form | None, str | None]:
    """The form a workbook was made with, or the reason it cannot be used."""
    if form_id != form.id:
        return None, f"it was made with form '{form_id}', not '{form.id}' of this review"
    if version == form.version:
        return form, None
    old = next((f for f in extra if (f.id, f.version) == (form_id, version)), None)
    old = old or store.form(form_id, version)
    if old is None:
        return None, f"form '{form_id}' version {version} is unknown to this review"
    verdict = compatible(old, form)
    if not verdict:
        return None, f"version {version} cannot be migrated to version {form.version}: " + (
            verdict.reason
        )
    return old, None


def import_workbook(
    db: ReviewDatabase,
    protocol: Protocol,
    path: Path,
    *,
    form: Form,
    now: datetime,
    known_forms: Sequence[Form] = (),
) -> ImportResult:
    """Check a filled workbook against its form and store it whole, or reject it whole."""
    from reviewkit.extraction_consensus import import_discrepancies

    book = open_workbook(path)
    meta, _headers, _tampered = read_meta(book, path)
    if meta.kind == "discrepancies":
        return import_discrepancies(db, protocol, path, form=form, now=now)
    raw = read_workbook(path)
    store = store_for(db, protocol, form)
    problems = list(raw.problems)
    if meta.review_id != protocol.review.id:
        problems.append(f"_meta!B2: made for review '{meta.review_id}', not "
                        f"'{protocol.review.id}'")  # fmt: skip
    if meta.reviewer not in protocol.extraction.reviewers:
        problems.append(f"_meta!B2: reviewer '{meta.reviewer}' is not in [extraction] reviewers")
    made_with, why = workbook_form(store, form, meta.form_id, meta.form_version, known_forms)
    if made_with is None:
        raise reject(path, [*problems, f"_meta!B2: {why}"])
    current = set(ScreeningStore(db).studies())
    rows, found, studies = _check(made_with, raw.rows, current)
    problems += found
    if store.role_of(meta.reviewer) == "verifier":
        problems += _unverifiable(store, meta, rows)
    notes: list[str] = []
    if not problems and made_with is not form:
        rows, found, notes = _migrate(rows, made_with, form)
        problems += found
    if problems:
        raise reject(path, problems)
    stored = store.add_import([r for r, _ref in rows], kind="reviewer",
                              reviewer=meta.reviewer, form=form, file=path.name,
                              sha256=_digest(path), studies=studies, notes=notes,
                              now=now)  # fmt: skip
    return ImportResult(kind="reviewer", reviewer=meta.reviewer, studies=len(studies),
                        rows=len(rows), form_version=meta.form_version, notes=tuple(notes),
                        verified=stored.verified, reopened=stored.reopened)  # fmt: skip


def _unverifiable(
    store: ExtractionStore, meta: WorkbookMeta, rows: Sequence[tuple[NewRow, str]]
) -> list[str]:
    """A verifier's studies the extractor has not extracted, or re-extracted since export."""
    extractor = store.extractor()
    extracted: dict[str, datetime] = {}
    for e in store.entries(reviewer=extractor):
        extracted[e.study_id] = max(e.entered_at, extracted.get(e.study_id, e.entered_at))
    try:
        made = datetime.fromisoformat(meta.created_at)
    except ValueError:
        return [f"_meta!B2: unreadable creation time {meta.created_at!r}; export a fresh "
                "workbook"]  # fmt: skip
    problems: list[str] = []
    first: dict[str, str] = {}
    for row, ref in rows:
        first.setdefault(row.study_id, ref)  # the study-level row comes first
    for sid, ref in first.items():
        if sid not in extracted:
            problems.append(f"{ref}: study {sid} has not been extracted by {extractor} yet; "
                            f"{meta.reviewer} can verify it once {extractor}'s workbook "
                            "is imported")  # fmt: skip
        elif extracted[sid] > made:
            problems.append(f"{ref}: study {sid} was extracted again by {extractor} on "
                            f"{extracted[sid].isoformat()}, after this workbook was made "
                            f"({meta.created_at}); export a fresh workbook for "
                            f"{meta.reviewer}")  # fmt: skip
    return problems


def _order(form: Form) -> list[Section | None]:
    rank = {None: 0, "arm": 1, "outcome": 1, "result": 2}
    return sorted([None, *form.groups], key=lambda s: rank[s.repeat if s else None])


def _check(
    form: Form, raw_rows: Sequence[RawRow], current: set[str]
) -> tuple[list[tuple[NewRow, str]], list[str], set[str]]:
    """Coerce every row; return (rows with their first cell, problems, studies extracted)."""
    problems: list[str] = []
    out: list[tuple[NewRow, str]] = []
    study_values: dict[str, dict[str, object]] = {}
    parents: dict[tuple[str, str, tuple[tuple[str, str], ...]], dict[str, object]] = {}
    seen: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
    extracted = {r.values.get("study_id") for r in raw_rows if r.section}
    outcomes = {o.key for o in form.outcomes}
    for section in _order(form):
        key = section.key if section else ""
        fields = input_fields(section) if section else _study_fields(form)
        for raw in (r for r in raw_rows if r.section == key):
            sid_raw = raw.values.get("study_id")
            sid = "" if sid_raw is None else str(sid_raw).strip()
            typed = any(raw.values.get(f.key) is not None for f in fields)
            if not section and not typed and sid not in extracted:
                continue  # this study has not been extracted yet
            ref = raw.refs["study_id"]
            if sid not in current:
                problems.append(f"{ref}: unknown study {sid_raw!r}")
                continue
            keys, missing = _row_keys(section, raw, outcomes)
            problems += missing
            ident = (key, (("study_id", sid), *keys))
            if ident in seen:
                problems.append(f"{ref}: duplicate row (same keys as {seen[ident]})")
                continue
            seen[ident] = ref
            if section and section.repeat == "result":
                problems += _orphans(form, raw, sid, keys, parents)
            context = _context(section, sid, keys, study_values, parents)
            values, found = check_row(fields, raw.values, context=context)
            problems += [
                f"{raw.refs[field_key]}: {field_key}: {m}"
                for field_key, messages in found.items()
                for m in messages
            ]
            kept: dict[str, object] = {k: v for k, v in values.items() if v is not None}
            if section is None:
                study_values[sid] = kept
            else:
                parents[(sid, key, keys)] = kept
            out.append((NewRow(study_id=sid, section=key, keys=keys, values=kept), ref))
    studies = {r.study_id for r, _ref in out}
    return out, problems, studies


def _context(
    section: Section | None,
    sid: str,
    keys: tuple[tuple[str, str], ...],
    study_values: Mapping[str, Mapping[str, object]],
    parents: Mapping[tuple[str, str, tuple[tuple[str, str], ...]], Mapping[str, object]],
) -> dict[str, object]:
    """The values a row's checks may refer to: its study's, and a result row's parents'."""
    context: dict[str, object] = dict(study_values.get(sid, {}))
    if section and section.repeat == "result":
        # A result row sees its arm's and its outcome's values.
        for (psid, _psec, pkeys), pvalues in parents.items():
            if psid == sid and set(pkeys) <= set(keys):
                context.update(pvalues)
    return context


def _orphans(
    form: Form,
    raw: RawRow,
    sid: str,
    keys: tuple[tuple[str, str], ...],
    parents: Mapping[tuple[str, str, tuple[tuple[str, str], ...]], object],
) -> list[str]:
    """A result row must name an arm and an outcome × timepoint the study has rows for."""
    problems: list[str] = []
    given = dict(keys)
    for parent in (g for g in form.groups if g.repeat in ("arm", "outcome")):
        wanted = {name: given.get(name, "") for name in parent.row_keys[1:]}
        if not all(wanted.values()):
            continue  # the missing key is reported on its own
        if not any(psid == sid and psec == parent.key and dict(pkeys) == wanted
                   for psid, psec, pkeys in parents):  # fmt: skip
            what = " × ".join(f"{name} {value!r}" for name, value in wanted.items())
            cell = raw.refs[next(iter(wanted))]
            problems.append(
                f"{cell}: {what} has no row on sheet '{parent.key}' for study {sid}; "
                "add it there first"
            )
    return problems


def _study_fields(form: Form) -> tuple[Field, ...]:
    return tuple(f for s in form.sections if s.repeat is None for f in input_fields(s))


def _row_keys(
    section: Section | None, raw: RawRow, outcomes: set[str]
) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    if section is None:
        return (), []
    keys: list[tuple[str, str]] = []
    problems: list[str] = []
    for name in section.row_keys[1:]:
        value = raw.values.get(name)
        text = "" if value is None else str(value).strip()
        if not text:
            problems.append(f"{raw.refs[name]}: required: enter the {name}")
        elif name == "outcome" and outcomes and text not in outcomes:
            allowed = ", ".join(sorted(outcomes))
            problems.append(
                f"{raw.refs[name]}: unknown outcome {text!r}; expected one of {allowed}"
            )
        keys.append((name, text))
    return tuple(keys), problems


def _migrate(
    rows: Sequence[tuple[NewRow, str]], old: Form, new: Form
) -> tuple[list[tuple[NewRow, str]], list[str], list[str]]:
    out: list[tuple[NewRow, str]] = []
    problems: list[str] = []
    notes: set[str] = set()
    sections = {f.key: new.section_of(f.key).key for f in new.fields}
    for row, ref in rows:
        try:
            values, found = migrate(row.values, old, new)
        except FormError as exc:
            problems.append(f"{ref}: {exc}")
            continue
        notes.update(found)
        section = row.section
        if section and values:
            section = sections[next(iter(values))]  # a renamed section keeps its fields
        out.append((NewRow(study_id=row.study_id, section=section, keys=row.keys,
                           values=values), ref))  # fmt: skip
    return out, problems, sorted(notes)


def agreement_table(store: ExtractionStore) -> Mapping[str, tuple[int, int]]:
    """Field → (compared, agreed) between the first two reviewers."""
    from reviewkit.extraction.discrepancy import agreement

    form = store.current_form()
    first, second = store.reviewer_names()[:2]
    a = [e.row() for e in store.reviewer_rows(first)]
    b = [e.row() for e in store.reviewer_rows(second)]
    return {k: (v.compared, v.agreed) for k, v in agreement(form, a, b).items()}
