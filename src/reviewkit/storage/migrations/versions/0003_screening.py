"""Screening: assignments, decisions (with history), outcomes and the sheet ledger.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the timestamp type at this revision (see 0001).
_TS = sa.DateTime(timezone=True)
_CLUSTER = sa.String(300)


def _study_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["cluster_id"], ["studies.cluster_id"], name=f"fk_{table}_cluster_id_studies"
    )


def upgrade() -> None:
    """Create the screening tables."""
    op.create_table(
        "screening_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("cluster_id", _CLUSTER, nullable=False),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("record_ids", sa.JSON(), nullable=False),
        sa.Column("calibration", sa.Boolean(), nullable=False),
        sa.Column("assigned_at", _TS, nullable=False),
        _study_fk("screening_assignments"),
        sa.PrimaryKeyConstraint("id", name="pk_screening_assignments"),
        sa.UniqueConstraint(
            "stage", "cluster_id", "reviewer",
            name="uq_screening_assignments_stage_cluster_id_reviewer",
        ),
    )  # fmt: skip
    op.create_index("ix_screening_assignments_cluster_id", "screening_assignments", ["cluster_id"])
    op.create_table(
        "screening_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("cluster_id", _CLUSTER, nullable=False),
        sa.Column("record_ids", sa.JSON(), nullable=False),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(200)),
        sa.Column("note", sa.Text()),
        sa.Column("decided_at", _TS, nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("sheet_id", sa.String(64)),
        sa.Column("revised", sa.Boolean(), nullable=False),
        _study_fk("screening_decisions"),
        sa.PrimaryKeyConstraint("id", name="pk_screening_decisions"),
    )
    op.create_index("ix_screening_decisions_cluster_id", "screening_decisions", ["cluster_id"])
    op.create_table(
        "screening_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("cluster_id", _CLUSTER, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decision", sa.String(20)),
        sa.Column("reason", sa.String(200)),
        sa.Column("how", sa.String(20)),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        _study_fk("screening_outcomes"),
        sa.PrimaryKeyConstraint("id", name="pk_screening_outcomes"),
        sa.UniqueConstraint("stage", "cluster_id", name="uq_screening_outcomes_stage_cluster_id"),
    )
    op.create_table(
        "screening_sheets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("exported_at", _TS, nullable=False),
        sa.Column("imported_at", _TS),
        sa.PrimaryKeyConstraint("id", name="pk_screening_sheets"),
        sa.UniqueConstraint("sheet_id", name="uq_screening_sheets_sheet_id"),
    )


def downgrade() -> None:
    """Drop the screening tables."""
    for table in (
        "screening_sheets",
        "screening_outcomes",
        "screening_decisions",
        "screening_assignments",
    ):
        op.drop_table(table)
