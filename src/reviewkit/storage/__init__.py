"""The review database: SQLAlchemy tables, Alembic migrations and the adapter.

Only this package opens database connections; the rest of reviewkit sees plain
records and the frozen summaries re-exported here.
"""

from __future__ import annotations

from reviewkit.storage.database import (
    FINISHED_STATUSES,
    RUN_MODES,
    Batch,
    BatchResult,
    Cursor,
    ReviewDatabase,
    RunSummary,
    StoredRecord,
    alembic_config,
    lock_holder,
)

__all__ = [
    "FINISHED_STATUSES",
    "RUN_MODES",
    "Batch",
    "BatchResult",
    "Cursor",
    "ReviewDatabase",
    "RunSummary",
    "StoredRecord",
    "alembic_config",
    "lock_holder",
]
