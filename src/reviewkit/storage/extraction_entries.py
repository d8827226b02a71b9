"""Extraction entries with their history (``extraction_entries``, migration 0004).

An entry is one reviewer's values for one row (study level, or one arm /
outcome × timepoint / result) of one study, made with one form version.
Entries are never deleted: a re-import marks the entries it replaces
superseded and adds new ones. Consensus entries (reviewer ``"consensus"``)
hold only the fields settled after double extraction, so a consensus import
merges each row with the settlements already in force.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, insert, select, update

from reviewkit.extraction.discrepancy import EntryRow
from reviewkit.extraction.forms import Form
from reviewkit.storage.database import ReviewDatabase
from reviewkit.storage.extraction_codec import decode, decode_keys, encode
from reviewkit.storage.schema import extraction_entries

__all__ = ["NewRow", "StoredEntry", "read_entries", "write_entries"]

# A row's identity within one reviewer's entries: study, section, keys.
_RowId = tuple[str, str, tuple[tuple[str, str], ...]]


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


def write_entries(
    conn: Connection,
    rows: Sequence[NewRow],
    *,
    import_id: int,
    kind: Literal["reviewer", "consensus"],
    reviewer: str,
    form: Form,
    covered: Sequence[str],
    now: datetime,
) -> None:
    """Store one import's rows inside the caller's transaction, superseding what they replace.

    A reviewer import supersedes that reviewer's current entries of ``covered``.
    A consensus import merges each row with the current consensus of the same
    row (new settlements win) and supersedes it.
    """
    current = (extraction_entries.c.reviewer == reviewer) & (
        extraction_entries.c.superseded_at.is_(None)
    )
    merged: dict[_RowId, dict[str, object]] = {
        (r.study_id, r.section, r.keys): dict(r.values) for r in rows
    }
    if kind == "consensus":
        _merge_settled(conn, merged, current, now)
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


def _merge_settled(
    conn: Connection,
    merged: dict[_RowId, dict[str, object]],
    current: ColumnElement[bool],
    now: datetime,
) -> None:
    """Fold the consensus in force into ``merged`` (in place) and supersede the rows folded."""
    old = conn.execute(select(extraction_entries).where(current)).all()
    for e in old:
        rid = (e.cluster_id, e.section, decode_keys(e.row_keys))
        if rid in merged:
            kept = {k: decode(v) for k, v in e.row_values.items()}
            merged[rid] = kept | merged[rid]
            conn.execute(update(extraction_entries)
                         .where(extraction_entries.c.id == e.id)
                         .values(superseded_at=now))  # fmt: skip


def read_entries(
    db: ReviewDatabase, *, reviewer: str | None = None, current: bool = True
) -> list[StoredEntry]:
    """Stored entries (only those in force unless ``current=False``), oldest first."""
    stmt = select(extraction_entries).order_by(extraction_entries.c.id)
    if reviewer is not None:
        stmt = stmt.where(extraction_entries.c.reviewer == reviewer)
    if current:
        stmt = stmt.where(extraction_entries.c.superseded_at.is_(None))
    with db.transaction("reading extraction entries") as conn:
        rows = conn.execute(stmt).all()
    return [_entry(r) for r in rows]


def _entry(r: Any) -> StoredEntry:
    return StoredEntry(id=r.id, import_id=r.import_id, study_id=r.cluster_id,
                       reviewer=r.reviewer, section=r.section, keys=decode_keys(r.row_keys),
                       values={k: decode(v) for k, v in r.row_values.items()},
                       form_id=r.form_id, form_version=r.form_version,
                       entered_at=r.entered_at, superseded_at=r.superseded_at)  # fmt: skip
