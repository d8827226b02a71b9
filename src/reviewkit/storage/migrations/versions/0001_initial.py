"""Create the review database: sources, records, changes, run ledger, raw responses, locks.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the types as they were at this revision: later changes to
# reviewkit.storage.schema must not silently change what this migration creates.
_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create every table of the first schema."""
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("query", sa.Text()),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("name", name="uq_sources_name"),
    )
    op.create_table(
        "search_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("query_translation", sa.Text()),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("datetype", sa.String(10)),
        sa.Column("window_start", sa.Date()),
        sa.Column("window_end", sa.Date()),
        sa.Column("started_at", _TS, nullable=False),
        sa.Column("searched_at", _TS),
        sa.Column("finished_at", _TS),
        sa.Column("count", sa.Integer()),
        sa.Column("pmids", sa.JSON()),
        sa.Column("fetched", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("pmid_set_hash", sa.String(64)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("requests", sa.Integer()),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name="fk_search_runs_source_id_sources"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_search_runs"),
    )
    op.create_index("ix_search_runs_source_id", "search_runs", ["source_id"])
    op.create_table(
        "run_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("pmids", sa.JSON(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_at", _TS),
        sa.Column("fetched_pmids", sa.JSON()),
        sa.Column("fetched", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["search_runs.id"], name="fk_run_batches_run_id_search_runs"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_run_batches"),
        sa.UniqueConstraint("run_id", "number", name="uq_run_batches_run_id_number"),
    )
    op.create_table(
        "records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("pmid", sa.String(20), nullable=False),
        sa.Column("doi", sa.String(255)),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer()),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("first_seen", _TS, nullable=False),
        sa.Column("last_seen", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", _TS),
        sa.Column("versions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name="fk_records_source_id_sources"),
        sa.PrimaryKeyConstraint("id", name="pk_records"),
        sa.UniqueConstraint("source_id", "pmid", name="uq_records_source_id_pmid"),
    )
    op.create_index("ix_records_doi", "records", ["doi"])
    op.create_table(
        "record_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer()),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.Column("old_hash", sa.String(64)),
        sa.Column("new_hash", sa.String(64)),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name="fk_record_changes_record_id_records"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["search_runs.id"], name="fk_record_changes_run_id_search_runs"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_record_changes"),
    )
    op.create_index("ix_record_changes_record_id", "record_changes", ["record_id"])
    op.create_index("ix_record_changes_run_id", "record_changes", ["run_id"])
    op.create_table(
        "raw_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer()),
        sa.Column("utility", sa.String(20), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("received_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["search_runs.id"], name="fk_raw_responses_run_id_search_runs"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_raw_responses"),
    )
    op.create_index("ix_raw_responses_run_id", "raw_responses", ["run_id"])
    op.create_table(
        "locks",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("holder", sa.String(255), nullable=False),
        sa.Column("acquired_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_locks"),
    )


def downgrade() -> None:
    """Drop every table, children first."""
    for table in (
        "locks",
        "raw_responses",
        "record_changes",
        "records",
        "run_batches",
        "search_runs",
        "sources",
    ):
        op.drop_table(table)
