"""Reading the stored PubMed records and their change log.

Records are written batch by batch by
:meth:`~reviewkit.storage.search_runs.SearchRuns.store_batch` (through
:mod:`reviewkit.storage.upsert`); this module reads them back as
:class:`StoredRecord` values, counts the rows and lists ``record_changes``.
:class:`StoredRecords` is mixed into :class:`~reviewkit.storage.database.ReviewDatabase`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from reviewkit.records import PubmedRecord, record_from_dict
from reviewkit.storage.schema import record_changes, records, search_runs, sources
from reviewkit.storage.transactions import Transactions

__all__ = ["StoredRecord", "StoredRecords"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredRecord:
    """A record as the database keeps it, with its history in brief."""

    record: PubmedRecord
    source: str
    first_seen: datetime
    last_seen: datetime
    content_hash: str
    deleted: bool
    versions: int


class StoredRecords(Transactions):
    """Reading records: counts, the records themselves and their changes."""

    def record_count(self, *, include_deleted: bool = False) -> int:
        """How many records are stored (by default, not counting deleted ones)."""
        stmt = select(func.count(records.c.id))
        if not include_deleted:
            stmt = stmt.where(records.c.deleted.is_(False))
        with self._read("counting records") as conn:
            return int(conn.execute(stmt).scalar_one())

    def counts(self) -> dict[str, int]:
        """Row counts: ``records`` (live), ``deleted``, ``sources``, ``runs``, ``changes``."""
        with self._read("counting rows") as conn:
            live = select(func.count(records.c.id)).where(records.c.deleted.is_(False))
            gone = select(func.count(records.c.id)).where(records.c.deleted.is_(True))
            queries = {
                "records": live,
                "deleted": gone,
                "sources": select(func.count(sources.c.id)),
                "runs": select(func.count(search_runs.c.id)),
                "changes": select(func.count(record_changes.c.id)),
            }
            return {name: int(conn.execute(q).scalar_one()) for name, q in queries.items()}

    def iter_records(self, *, include_deleted: bool = False) -> Iterator[StoredRecord]:
        """Yield the stored records in the order they were first seen, streaming."""
        stmt = (
            select(records, sources.c.name.label("source_name"))
            .join(sources, sources.c.id == records.c.source_id)
            .order_by(records.c.id)
        )
        if not include_deleted:
            stmt = stmt.where(records.c.deleted.is_(False))
        with self._read("reading records") as conn:
            for row in conn.execution_options(yield_per=500).execute(stmt):
                yield StoredRecord(
                    record=record_from_dict(row.data),
                    source=row.source_name,
                    first_seen=row.first_seen,
                    last_seen=row.last_seen,
                    content_hash=row.content_hash,
                    deleted=bool(row.deleted),
                    versions=row.versions,
                )

    def changes(self, *, pmid: str | None = None) -> list[dict[str, Any]]:
        """The record change log, oldest first, optionally for one PMID."""
        stmt = (
            select(
                records.c.pmid,
                record_changes.c.run_id,
                record_changes.c.kind,
                record_changes.c.at,
                record_changes.c.old_hash,
                record_changes.c.new_hash,
                record_changes.c.fields,
            )
            .join(records, records.c.id == record_changes.c.record_id)
            .order_by(record_changes.c.id)
        )
        if pmid is not None:
            stmt = stmt.where(records.c.pmid == pmid)
        with self._read("reading record changes") as conn:
            return [dict(row._mapping) for row in conn.execute(stmt)]
