"""Imports record the platform, the search strategy and the limits (PRISMA-S 1, 8, 9).

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("platform", "query", "limits")


def upgrade() -> None:
    """Add the nullable strategy columns to the import ledger (earlier rows: NULL)."""
    for name in _COLUMNS:
        op.add_column("imports", sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the strategy columns again.

    A plain ``ALTER TABLE … DROP COLUMN`` (SQLite 3.35+), not a batch copy: copying
    ``imports`` would drop a table that ``citations`` references, which SQLite refuses
    with foreign keys on.
    """
    for name in reversed(_COLUMNS):
        op.drop_column("imports", name)
