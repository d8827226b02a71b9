"""The ledger of imported extraction workbooks (``extraction_imports``, migration 0004).

One row per workbook imported, reviewer or consensus, with its file, digest,
row count and notes; entries and verifications point at the import that made
them. Rows are only ever added.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, insert, select

from reviewkit.extraction.forms import Form
from reviewkit.storage.database import ReviewDatabase
from reviewkit.storage.schema import extraction_imports

__all__ = ["read_imports", "write_import"]


def write_import(
    conn: Connection,
    *,
    kind: Literal["reviewer", "consensus"],
    reviewer: str,
    form: Form,
    file: str,
    sha256: str,
    rows: int,
    notes: Sequence[str],
    now: datetime,
) -> int:
    """Add one workbook to the ledger inside the caller's transaction; return its id."""
    result = conn.execute(insert(extraction_imports).values(
        kind=kind, reviewer=reviewer, form_id=form.id, form_version=form.version,
        file=file, sha256=sha256, rows=rows, notes=list(notes), imported_at=now,
    ))  # fmt: skip
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def read_imports(db: ReviewDatabase) -> list[dict[str, Any]]:
    """The import ledger, oldest first."""
    stmt = select(extraction_imports).order_by(extraction_imports.c.id)
    with db.transaction("reading the extraction import ledger") as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]
