"""The registered search sources (table ``sources``), a part of the review database.

Every run and stored record belongs to a source, registered once by name with its
kind and current query. :class:`SourceRegistry` is mixed into
:class:`~reviewkit.storage.database.ReviewDatabase`; use it from there.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from reviewkit.errors import StorageError
from reviewkit.storage.schema import sources
from reviewkit.storage.transactions import Transactions, aware_utc

__all__ = ["SourceRegistry"]


class SourceRegistry(Transactions):
    """Registering sources: :meth:`ensure_source`."""

    def ensure_source(
        self, name: str, *, kind: str, query: str | None = None, now: datetime | None = None
    ) -> int:
        """Return the id of source ``name``, creating it if needed (idempotent).

        A new ``query`` replaces the stored one; a different ``kind`` is refused.
        """
        created = aware_utc(now, "now") if now is not None else datetime.now(UTC)
        try:
            return self._ensure_source(name, kind=kind, query=query, created=created)
        except StorageError as exc:
            if not isinstance(exc.__cause__, IntegrityError):
                raise
        # Another process registered it between our select and insert: read theirs.
        return self._ensure_source(name, kind=kind, query=query, created=created)

    def _ensure_source(self, name: str, *, kind: str, query: str | None, created: datetime) -> int:
        with self._write(f"registering source {name!r}") as conn:
            row = conn.execute(
                select(sources.c.id, sources.c.kind, sources.c.query).where(sources.c.name == name)
            ).first()
            if row is None:
                new_id = conn.execute(
                    insert(sources)
                    .values(name=name, kind=kind, query=query, created_at=created)
                    .returning(sources.c.id)
                ).scalar_one()
                return int(new_id)
            if row.kind != kind:
                raise StorageError(
                    f"{self._where}: source {name!r} is of kind {row.kind!r}, not {kind!r}"
                )
            if query is not None and query != row.query:
                conn.execute(update(sources).where(sources.c.id == row.id).values(query=query))
            return int(row.id)
