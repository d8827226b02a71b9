"""The review database's tables, as SQLAlchemy Core metadata.

This module only describes the schema; :mod:`reviewkit.storage.database` reads and
writes it, and the Alembic migrations under ``storage/migrations/versions`` create
it. A test checks that the migrations and this metadata agree, so every change here
needs a new migration.

Tables:
    sources          one row per bibliographic source and query (``pubmed``)
    records          the latest version of every record a source returned
    record_changes   audit trail: new, updated, deleted, undeleted
    search_runs      the search ledger: one row per refresh run
    run_batches      the batches of PMIDs a run fetches; ``done`` makes runs resumable
    raw_responses    where each verbatim E-utilities response was archived
    locks            one row per running refresh, so two refreshes never overlap
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

__all__ = [
    "UTCDateTime",
    "locks",
    "metadata",
    "raw_responses",
    "record_changes",
    "records",
    "run_batches",
    "search_runs",
    "sources",
]

# Explicit constraint names make SQLite and PostgreSQL agree and keep
# future Alembic migrations able to drop or alter them by name.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    SQLite has no time zones: values are stored as naive UTC and given back their
    ``UTC`` tzinfo when read. PostgreSQL stores ``timestamptz``; values read back are
    converted to UTC so both backends return equal objects.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC; naive values are refused by the callers before they get here."""
        if value is None:
            return None
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("kind", String(50), nullable=False),
    Column("query", Text),
    Column("created_at", UTCDateTime, nullable=False),
)

search_runs = Table(
    "search_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", ForeignKey("sources.id"), nullable=False, index=True),
    Column("query", Text, nullable=False),
    Column("query_translation", Text),
    Column("mode", String(20), nullable=False),
    Column("datetype", String(10)),
    Column("window_start", Date),
    Column("window_end", Date),
    Column("started_at", UTCDateTime, nullable=False),
    Column("searched_at", UTCDateTime),
    Column("finished_at", UTCDateTime),
    Column("count", Integer),
    Column("pmids", JSON),
    Column("fetched", Integer, nullable=False, default=0),
    Column("new", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("deleted", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("pmid_set_hash", String(64)),
    Column("status", String(20), nullable=False),
    Column("error", Text),
    Column("requests", Integer),
    Column("warnings", JSON, nullable=False),
)

run_batches = Table(
    "run_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", ForeignKey("search_runs.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("pmids", JSON, nullable=False),
    Column("done", Boolean, nullable=False, default=False),
    Column("done_at", UTCDateTime),
    Column("fetched_pmids", JSON),
    Column("fetched", Integer, nullable=False, default=0),
    Column("new", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("deleted", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    UniqueConstraint("run_id", "number"),
)

records = Table(
    "records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", ForeignKey("sources.id"), nullable=False),
    Column("pmid", String(20), nullable=False),
    Column("doi", String(255), index=True),
    Column("title", Text, nullable=False),
    Column("year", Integer),
    # The latest ``record_to_dict`` form; ``record_from_dict`` reads it back.
    Column("data", JSON, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("deleted_at", UTCDateTime),
    Column("versions", Integer, nullable=False, default=1),
    UniqueConstraint("source_id", "pmid"),
)

record_changes = Table(
    "record_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", ForeignKey("records.id"), nullable=False, index=True),
    Column("run_id", ForeignKey("search_runs.id"), index=True),
    Column("kind", String(20), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("old_hash", String(64)),
    Column("new_hash", String(64)),
    Column("fields", JSON, nullable=False),
)

raw_responses = Table(
    "raw_responses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", ForeignKey("search_runs.id"), index=True),
    Column("utility", String(20), nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("status", Integer, nullable=False),
    Column("request", JSON, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
)

locks = Table(
    "locks",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("holder", String(255), nullable=False),
    Column("acquired_at", UTCDateTime, nullable=False),
)
