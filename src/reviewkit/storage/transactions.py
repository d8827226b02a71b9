"""The transaction layer every part of the review database builds on.

:class:`Transactions` holds the engine and hands out read and write transactions
whose SQLAlchemy and driver errors leave as ``StorageError`` naming the database
and the action. The parts of :class:`~reviewkit.storage.database.ReviewDatabase`
(sources, the run ledger, stored records, raw responses, refresh locks) subclass
it, so it lives apart from ``database.py``, which composes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from reviewkit.errors import StorageError

__all__ = ["Transactions", "aware_utc", "error_reason"]


def aware_utc(value: datetime, what: str) -> datetime:
    """Return ``value`` in UTC; a naive datetime is refused, naming it as ``what``.

    Raises:
        StorageError: ``value`` has no timezone.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise StorageError(f"{what} must be a timezone-aware datetime, got naive {value!r}")
    return value.astimezone(UTC)


def error_reason(exc: BaseException) -> str:
    """The first line of what the driver (or SQLAlchemy) said went wrong."""
    detail = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    return (str(detail).strip().splitlines() or [type(detail).__name__])[0]


class Transactions:
    """An engine and its transactions; the base of every part of ``ReviewDatabase``."""

    def __init__(self, engine: Engine, *, where: str) -> None:
        """Wrap an engine; ``where`` names the database in error messages.

        Build a ``ReviewDatabase`` with its ``open``, which also checks and migrates.
        """
        self._engine = engine
        self._where = where

    @contextmanager
    def _translate(self, action: str) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as exc:
            raise StorageError(f"{self._where}: {action} failed: {error_reason(exc)}") from exc

    @contextmanager
    def _write(self, action: str) -> Iterator[Connection]:
        with self._translate(action), self._engine.connect() as conn:
            conn.execution_options(reviewkit_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self, action: str) -> Iterator[Connection]:
        with self._translate(action), self._engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def transaction(self, action: str, *, write: bool = False) -> Iterator[Connection]:
        """One transaction for the storage modules that own other tables (``studies``).

        ``action`` names what is done, for the :class:`StorageError` raised on failure;
        ``write`` takes the write lock up front on SQLite, as every writer here does.
        """
        with self._write(action) if write else self._read(action) as conn:
            yield conn
