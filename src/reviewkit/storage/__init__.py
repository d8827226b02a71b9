"""The review database: SQLAlchemy tables, Alembic migrations and the adapter.

Only this package opens database connections; the rest of reviewkit sees plain
records and the frozen summaries re-exported here.
"""

from __future__ import annotations

from reviewkit.storage.database import ReviewDatabase, alembic_config
from reviewkit.storage.locks import lock_holder
from reviewkit.storage.run_ledger import Batch, Cursor, RunSummary
from reviewkit.storage.search_runs import FINISHED_STATUSES, RUN_MODES, BatchResult
from reviewkit.storage.stored_records import StoredRecord

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
