"""Single extraction with verification: each verifier's check of a study, with corrections.

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the timestamp type at this revision (see 0001).
_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the verification ledger (empty: earlier imports verified nothing)."""
    op.create_table(
        "extraction_verifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.String(300), nullable=False),
        sa.Column("verifier", sa.String(100), nullable=False),
        sa.Column("extractor", sa.String(100), nullable=False),
        sa.Column("checked_import_id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("corrections", sa.JSON(), nullable=False),
        sa.Column("verified_at", _TS, nullable=False),
        sa.Column("superseded_at", _TS),
        sa.ForeignKeyConstraint(
            ["import_id"], ["extraction_imports.id"],
            name="fk_extraction_verifications_import_id_extraction_imports",
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["studies.cluster_id"],
            name="fk_extraction_verifications_cluster_id_studies",
        ),
        sa.ForeignKeyConstraint(
            ["checked_import_id"], ["extraction_imports.id"],
            name="fk_extraction_verifications_checked_import",  # the schema's name
        ),
        sa.PrimaryKeyConstraint("id", name="pk_extraction_verifications"),
    )  # fmt: skip
    op.create_index(
        "ix_extraction_verifications_import_id", "extraction_verifications", ["import_id"]
    )
    op.create_index(
        "ix_extraction_verifications_cluster_id", "extraction_verifications", ["cluster_id"]
    )


def downgrade() -> None:
    """Drop the verification ledger (the entries themselves stay)."""
    op.drop_table("extraction_verifications")
