"""The review database's tables, as SQLAlchemy Core metadata.

This module only describes the schema; the other ``reviewkit.storage`` modules read
and write it (one per concept: search runs, stored records, citations, studies …),
and the Alembic migrations under ``storage/migrations/versions`` create it. A test
checks that the migrations and this metadata agree, so every change here needs a new
migration.

Tables:
    sources          one row per bibliographic source and query (``pubmed``)
    records          the latest version of every record a source returned
    record_changes   audit trail: new, updated, deleted, undeleted
    search_runs      the search ledger: one row per refresh run
    run_batches      the batches of PMIDs a run fetches; ``done`` makes runs resumable
    raw_responses    where each verbatim E-utilities response was archived
    locks            one row per running refresh, so two refreshes never overlap
    imports          the import ledger: one row per exported file imported, with the
                     platform, search strategy and limits the user gave
    citations        every record from every source (PubMed too, as ``pubmed:<pmid>``)
    studies          one row per study (dedup cluster), with merged fields and provenance
    study_members    which study each citation belongs to; every citation has one row
    study_relations  related records that are linked, never merged (errata, comments …)
    dedup_queue      "maybe" pairs for a human, with reasons and field comparison
    dedup_decisions  human decisions on pairs (history kept; the latest wins)
    dedup_runs       one row per deduplication run, with its counts
    screening_assignments  which reviewer screens which study at which stage
    screening_decisions    every screening decision ever made (history; latest in force)
    screening_outcomes     where each current study stands per stage (derived, rewritten)
    screening_sheets       the ledger of screening sheets exported and imported
    extraction_forms       every form definition (id, version) entries were made with
    extraction_imports     the ledger of extraction workbooks imported (reviewer or consensus)
    extraction_entries     one row per study x section row per reviewer; history kept
    extraction_verifications  single-verified: each verifier's check of a study and its
                     corrections (history; the one without ``superseded_at`` in force)
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
    Float,
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
    "citations",
    "dedup_decisions",
    "dedup_queue",
    "dedup_runs",
    "extraction_entries",
    "extraction_forms",
    "extraction_imports",
    "extraction_verifications",
    "imports",
    "locks",
    "metadata",
    "raw_responses",
    "record_changes",
    "records",
    "run_batches",
    "screening_assignments",
    "screening_decisions",
    "screening_outcomes",
    "screening_sheets",
    "search_runs",
    "sources",
    "studies",
    "study_members",
    "study_relations",
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

# ------------------------------------------------------------------ imports and studies
# Added by migration 0002. Record ids (``embase:file.ris#3``, ``pubmed:123``) are the
# join keys: they are what reviewers see in queues and decisions.

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file_name", Text, nullable=False),
    # Not unique: ``--force`` deliberately imports the same file again.
    Column("sha256", String(64), nullable=False, index=True),
    Column("source", String(100), nullable=False),
    Column("format", String(20), nullable=False),
    Column("dialect", String(50)),
    Column("encoding", String(20), nullable=False),
    Column("searched", Date),
    Column("records_in_file", Integer, nullable=False),
    Column("records_parsed", Integer, nullable=False),
    Column("skipped", JSON, nullable=False),
    Column("warnings", JSON, nullable=False),
    Column("flagged", Integer, nullable=False),
    Column("forced", Boolean, nullable=False, default=False),
    Column("imported_at", UTCDateTime, nullable=False),
    # PRISMA-S items 1, 8 and 9, as the user gave them (migration 0005; NULL: not given).
    Column("platform", Text),
    Column("query", Text),
    Column("limits", Text),
)

citations = Table(
    "citations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", String(255), nullable=False, unique=True),
    Column("source", String(100), nullable=False, index=True),
    # The import that last wrote it; NULL for PubMed records synced from ``records``.
    Column("import_id", ForeignKey("imports.id"), index=True),
    Column("title", Text),
    Column("year", Integer),
    Column("doi", String(255)),
    Column("pmid", String(20)),
    # The whole Citation as JSON (tuples as lists).
    Column("data", JSON, nullable=False),
    Column("content_hash", String(64), nullable=False),
    # Neither title nor identifiers: kept, never merged, shown to reviewers.
    Column("flagged", Boolean, nullable=False, default=False),
    Column("added_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

studies = Table(
    "studies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cluster_id", String(300), nullable=False, unique=True),
    Column("representative", String(255), nullable=False),
    Column("fields", JSON, nullable=False),
    Column("provenance", JSON, nullable=False),
    Column("size", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # Set when the cluster no longer exists (split or absorbed); the row is kept
    # so that anything recorded against the study stays readable.
    Column("dissolved_at", UTCDateTime),
    # Screening arrives in issue 4; a new record joining a screened study is reported.
    Column("screened_at", UTCDateTime),
)

study_members = Table(
    "study_members",
    metadata,
    Column("record_id", ForeignKey("citations.record_id"), primary_key=True),
    Column("cluster_id", ForeignKey("studies.cluster_id"), nullable=False, index=True),
    Column("joined_at", UTCDateTime, nullable=False),
    Column("run_id", ForeignKey("dedup_runs.id"), nullable=False),
)

study_relations = Table(
    "study_relations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("a", ForeignKey("citations.record_id"), nullable=False),
    Column("b", ForeignKey("citations.record_id"), nullable=False),
    Column("kind", String(50), nullable=False),
    Column("found_at", UTCDateTime, nullable=False),
    UniqueConstraint("a", "b", "kind"),
)

dedup_queue = Table(
    "dedup_queue",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("a", ForeignKey("citations.record_id"), nullable=False),
    Column("b", ForeignKey("citations.record_id"), nullable=False),
    Column("score", Float, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("fields", JSON, nullable=False),
    # open: waiting for a human; decided: a human decided; closed: no longer a maybe.
    Column("status", String(20), nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("a", "b"),
)

dedup_decisions = Table(
    "dedup_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("a", ForeignKey("citations.record_id"), nullable=False, index=True),
    Column("b", ForeignKey("citations.record_id"), nullable=False, index=True),
    Column("decision", String(20), nullable=False),
    Column("decided_by", String(100), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
    Column("note", Text),
    # Where it came from: "cli", "queue.xlsx row 4", "undo c:pubmed:123".
    Column("origin", Text, nullable=False),
)

dedup_runs = Table(
    "dedup_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ran_at", UTCDateTime, nullable=False),
    Column("records", Integer, nullable=False),
    Column("per_source", JSON, nullable=False),
    Column("studies", Integer, nullable=False),
    Column("duplicates_removed", Integer, nullable=False),
    Column("maybe_open", Integer, nullable=False),
    Column("relations", Integer, nullable=False),
    Column("flagged", Integer, nullable=False),
    Column("new_records", Integer, nullable=False),
    Column("joined_screened", JSON, nullable=False),
    Column("changed", Boolean, nullable=False),
    Column("stats", JSON, nullable=False),
)

# ---------------------------------------------------------------------- screening
# Added by migration 0003. Decisions name the study *and* the records it held when
# it was screened, so they carry forward when dedup merges or splits studies.

screening_assignments = Table(
    "screening_assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stage", String(20), nullable=False),
    Column("cluster_id", ForeignKey("studies.cluster_id"), nullable=False, index=True),
    Column("reviewer", String(100), nullable=False),
    Column("record_ids", JSON, nullable=False),
    Column("calibration", Boolean, nullable=False, default=False),
    Column("assigned_at", UTCDateTime, nullable=False),
    UniqueConstraint("stage", "cluster_id", "reviewer"),
)

screening_decisions = Table(
    "screening_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stage", String(20), nullable=False),
    Column("cluster_id", ForeignKey("studies.cluster_id"), nullable=False, index=True),
    Column("record_ids", JSON, nullable=False),
    Column("reviewer", String(100), nullable=False),
    # reviewer: an independent screener; resolver: a third reviewer or consensus.
    Column("role", String(20), nullable=False),
    Column("decision", String(20), nullable=False),
    Column("reason", String(200)),
    Column("note", Text),
    Column("decided_at", UTCDateTime, nullable=False),
    # Where it came from: "ta-ann.xlsx sheet 'title-abstract' row 4".
    Column("origin", Text, nullable=False),
    Column("sheet_id", String(64)),
    # True when it changed a decision that was already final (``--revise``).
    Column("revised", Boolean, nullable=False, default=False),
)

screening_outcomes = Table(
    "screening_outcomes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stage", String(20), nullable=False),
    Column("cluster_id", ForeignKey("studies.cluster_id"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("decision", String(20)),
    Column("reason", String(200)),
    Column("how", String(20)),
    Column("why", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("stage", "cluster_id"),
)

screening_sheets = Table(
    "screening_sheets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sheet_id", String(64), nullable=False, unique=True),
    # reviewer: one reviewer's blinded sheet; conflicts: a resolution sheet.
    Column("kind", String(20), nullable=False),
    Column("stage", String(20), nullable=False),
    Column("reviewer", String(100), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("exported_at", UTCDateTime, nullable=False),
    Column("imported_at", UTCDateTime),
)

# --------------------------------------------------------------------- extraction
# Added by migration 0004. Entries are never updated except to mark them
# superseded: a corrected workbook adds new rows, so the history stays readable.

extraction_forms = Table(
    "extraction_forms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("form_id", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    # The whole definition, so entries of an old version can still be migrated.
    Column("definition", JSON, nullable=False),
    Column("stored_at", UTCDateTime, nullable=False),
    UniqueConstraint("form_id", "version"),
)

extraction_imports = Table(
    "extraction_imports",
    metadata,
    Column("id", Integer, primary_key=True),
    # reviewer: one reviewer's workbook; consensus: an agreed discrepancy workbook.
    Column("kind", String(20), nullable=False),
    Column("reviewer", String(100), nullable=False),
    Column("form_id", String(100), nullable=False),
    Column("form_version", Integer, nullable=False),
    Column("file", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("notes", JSON, nullable=False),
    Column("imported_at", UTCDateTime, nullable=False),
)

extraction_entries = Table(
    "extraction_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("import_id", ForeignKey("extraction_imports.id"), nullable=False, index=True),
    Column("cluster_id", ForeignKey("studies.cluster_id"), nullable=False, index=True),
    Column("reviewer", String(100), nullable=False),
    # "" for the study-level row, else the repeating section's key.
    Column("section", String(100), nullable=False),
    # The row keys as [[name, value], ...] ([] for the study-level row).
    Column("row_keys", JSON, nullable=False),
    Column("row_values", JSON, nullable=False),
    Column("form_id", String(100), nullable=False),
    Column("form_version", Integer, nullable=False),
    Column("entered_at", UTCDateTime, nullable=False),
    # Set when a later import of the same reviewer and study replaced it.
    Column("superseded_at", UTCDateTime),
)

# Added by migration 0006. Single extraction with verification: one row per study a
# verifier's workbook covered. Never updated except to mark it superseded (the
# extractor re-extracted the study, or it was verified again).
extraction_verifications = Table(
    "extraction_verifications",
    metadata,
    Column("id", Integer, primary_key=True),
    # The verifier's import: its entries are the verified values.
    Column("import_id", ForeignKey("extraction_imports.id"), nullable=False, index=True),
    Column("cluster_id", ForeignKey("studies.cluster_id"), nullable=False, index=True),
    Column("verifier", String(100), nullable=False),
    Column("extractor", String(100), nullable=False),
    # The extractor's import that was checked. Named by hand: the conventional name
    # would pass PostgreSQL's 63-character limit.
    Column(
        "checked_import_id",
        ForeignKey("extraction_imports.id", name="fk_extraction_verifications_checked_import"),
        nullable=False,
    ),
    Column("form_id", String(100), nullable=False),
    Column("form_version", Integer, nullable=False),
    # [{section, keys, field, before, after}, ...], values encoded as the entries' are.
    Column("corrections", JSON, nullable=False),
    Column("verified_at", UTCDateTime, nullable=False),
    Column("superseded_at", UTCDateTime),
)
