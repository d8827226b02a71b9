"""Import ledger, citations from every source, studies, dedup queue, decisions and runs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the timestamp type at this revision (see 0001).
_TS = sa.DateTime(timezone=True)
_RID = sa.String(255)


def _fk(table: str, column: str, target: str, target_column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.{target_column}"], name=f"fk_{table}_{column}_{target}"
    )


def upgrade() -> None:
    """Create the tables of imports and deduplication."""
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("dialect", sa.String(50)),
        sa.Column("encoding", sa.String(20), nullable=False),
        sa.Column("searched", sa.Date()),
        sa.Column("records_in_file", sa.Integer(), nullable=False),
        sa.Column("records_parsed", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.JSON(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("imported_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_imports"),
    )
    op.create_index("ix_imports_sha256", "imports", ["sha256"])
    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", _RID, nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("import_id", sa.Integer()),
        sa.Column("title", sa.Text()),
        sa.Column("year", sa.Integer()),
        sa.Column("doi", sa.String(255)),
        sa.Column("pmid", sa.String(20)),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("added_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        _fk("citations", "import_id", "imports", "id"),
        sa.PrimaryKeyConstraint("id", name="pk_citations"),
        sa.UniqueConstraint("record_id", name="uq_citations_record_id"),
    )
    op.create_index("ix_citations_source", "citations", ["source"])
    op.create_index("ix_citations_import_id", "citations", ["import_id"])
    op.create_table(
        "studies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.String(300), nullable=False),
        sa.Column("representative", _RID, nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.Column("dissolved_at", _TS),
        sa.Column("screened_at", _TS),
        sa.PrimaryKeyConstraint("id", name="pk_studies"),
        sa.UniqueConstraint("cluster_id", name="uq_studies_cluster_id"),
    )
    op.create_table(
        "dedup_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ran_at", _TS, nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("per_source", sa.JSON(), nullable=False),
        sa.Column("studies", sa.Integer(), nullable=False),
        sa.Column("duplicates_removed", sa.Integer(), nullable=False),
        sa.Column("maybe_open", sa.Integer(), nullable=False),
        sa.Column("relations", sa.Integer(), nullable=False),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.Column("new_records", sa.Integer(), nullable=False),
        sa.Column("joined_screened", sa.JSON(), nullable=False),
        sa.Column("changed", sa.Boolean(), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_dedup_runs"),
    )
    op.create_table(
        "study_members",
        sa.Column("record_id", _RID, nullable=False),
        sa.Column("cluster_id", sa.String(300), nullable=False),
        sa.Column("joined_at", _TS, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        _fk("study_members", "record_id", "citations", "record_id"),
        _fk("study_members", "cluster_id", "studies", "cluster_id"),
        _fk("study_members", "run_id", "dedup_runs", "id"),
        sa.PrimaryKeyConstraint("record_id", name="pk_study_members"),
    )
    op.create_index("ix_study_members_cluster_id", "study_members", ["cluster_id"])
    op.create_table(
        "study_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("a", _RID, nullable=False),
        sa.Column("b", _RID, nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("found_at", _TS, nullable=False),
        _fk("study_relations", "a", "citations", "record_id"),
        _fk("study_relations", "b", "citations", "record_id"),
        sa.PrimaryKeyConstraint("id", name="pk_study_relations"),
        sa.UniqueConstraint("a", "b", "kind", name="uq_study_relations_a_b_kind"),
    )
    op.create_table(
        "dedup_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("a", _RID, nullable=False),
        sa.Column("b", _RID, nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("first_seen", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        _fk("dedup_queue", "a", "citations", "record_id"),
        _fk("dedup_queue", "b", "citations", "record_id"),
        sa.PrimaryKeyConstraint("id", name="pk_dedup_queue"),
        sa.UniqueConstraint("a", "b", name="uq_dedup_queue_a_b"),
    )
    op.create_table(
        "dedup_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("a", _RID, nullable=False),
        sa.Column("b", _RID, nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.String(100), nullable=False),
        sa.Column("decided_at", _TS, nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("origin", sa.Text(), nullable=False),
        _fk("dedup_decisions", "a", "citations", "record_id"),
        _fk("dedup_decisions", "b", "citations", "record_id"),
        sa.PrimaryKeyConstraint("id", name="pk_dedup_decisions"),
    )
    op.create_index("ix_dedup_decisions_a", "dedup_decisions", ["a"])
    op.create_index("ix_dedup_decisions_b", "dedup_decisions", ["b"])


def downgrade() -> None:
    """Drop the tables of this revision, children first."""
    for table in (
        "dedup_decisions",
        "dedup_queue",
        "study_relations",
        "study_members",
        "dedup_runs",
        "studies",
        "citations",
        "imports",
    ):
        op.drop_table(table)
