"""Extraction: form definitions, the workbook import ledger and entries (with history).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the timestamp type at this revision (see 0001).
_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the extraction tables."""
    op.create_table(
        "extraction_forms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("stored_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_extraction_forms"),
        sa.UniqueConstraint("form_id", "version", name="uq_extraction_forms_form_id_version"),
    )
    op.create_table(
        "extraction_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("imported_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_extraction_imports"),
    )
    op.create_table(
        "extraction_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.String(300), nullable=False),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("section", sa.String(100), nullable=False),
        sa.Column("row_keys", sa.JSON(), nullable=False),
        sa.Column("row_values", sa.JSON(), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("entered_at", _TS, nullable=False),
        sa.Column("superseded_at", _TS),
        sa.ForeignKeyConstraint(
            ["import_id"], ["extraction_imports.id"],
            name="fk_extraction_entries_import_id_extraction_imports",
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["studies.cluster_id"],
            name="fk_extraction_entries_cluster_id_studies",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_extraction_entries"),
    )  # fmt: skip
    op.create_index("ix_extraction_entries_import_id", "extraction_entries", ["import_id"])
    op.create_index("ix_extraction_entries_cluster_id", "extraction_entries", ["cluster_id"])


def downgrade() -> None:
    """Drop the extraction tables."""
    for table in ("extraction_entries", "extraction_imports", "extraction_forms"):
        op.drop_table(table)
