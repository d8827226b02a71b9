"""Stored extraction form definitions, one per form id and version (migration 0004).

Every form version entries were made with is kept, so that entries of an older
version can be migrated to the current form when the evidence tables read them
(:func:`reviewkit.extraction.versions.migrate`). A definition, once stored, is
never changed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select

from reviewkit.extraction.forms import Form
from reviewkit.storage.database import ReviewDatabase
from reviewkit.storage.schema import extraction_forms

__all__ = ["read_form", "write_form"]


def write_form(db: ReviewDatabase, form: Form, *, now: datetime) -> None:
    """Keep ``form``'s definition (once per id and version) so old entries can migrate."""
    with db.transaction("storing the extraction form", write=True) as conn:
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


def read_form(db: ReviewDatabase, form_id: str, version: int) -> Form | None:
    """A stored form definition, or ``None``."""
    stmt = select(extraction_forms.c.definition).where(
        extraction_forms.c.form_id == form_id, extraction_forms.c.version == version
    )
    with db.transaction("reading an extraction form") as conn:
        row = conn.execute(stmt).first()
    return None if row is None else Form.model_validate(row[0])
