"""Refresh locks (table ``locks``): one holder per named refresh, across processes.

A lock is a row keyed by name, so it works the same on SQLite and PostgreSQL and
between hosts sharing a PostgreSQL database. A holder that died is detected (same
host, process gone) or outlived (``stale_after``), and its lock taken over.
:class:`RefreshLocks` is mixed into :class:`~reviewkit.storage.database.ReviewDatabase`.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from reviewkit.errors import RefreshInProgress, StorageError
from reviewkit.storage.schema import locks
from reviewkit.storage.transactions import Transactions, aware_utc

__all__ = ["RefreshLocks", "lock_holder"]

logger = logging.getLogger(__name__)


def lock_holder() -> str:
    """Name this process as a lock holder: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _holder_is_dead(holder: str) -> bool:
    """Tell whether ``host:pid`` names a process on this host that no longer exists."""
    host, _, pid = holder.rpartition(":")
    if os.name != "posix" or host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)  # signal 0 only checks that the process exists
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, under another user
    return False


def _when(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


class RefreshLocks(Transactions):
    """Taking, taking over and releasing refresh locks: :meth:`refresh_lock`."""

    @contextmanager
    def refresh_lock(
        self,
        name: str,
        *,
        holder: str,
        now: datetime,
        stale_after: timedelta = timedelta(hours=6),
    ) -> Iterator[None]:
        """Hold the refresh lock ``name`` for the duration of the ``with`` block.

        A lock older than ``stale_after``, or held by a process of this host that no
        longer exists, is taken over.

        Raises:
            RefreshInProgress: another live holder has it.
        """
        acquired = aware_utc(now, "now")
        self._acquire(name, holder=holder, at=acquired, stale_after=stale_after)
        try:
            yield
        finally:
            with self._write(f"releasing the refresh lock {name!r}") as conn:
                conn.execute(
                    delete(locks).where(
                        locks.c.name == name,
                        locks.c.holder == holder,
                        locks.c.acquired_at == acquired,
                    )
                )

    def _acquire(self, name: str, *, holder: str, at: datetime, stale_after: timedelta) -> None:
        try:
            with self._write(f"taking the refresh lock {name!r}") as conn:
                conn.execute(insert(locks).values(name=name, holder=holder, acquired_at=at))
            return
        except StorageError as exc:
            # Anything but "someone else holds it" is a real failure.
            if not isinstance(exc.__cause__, IntegrityError):
                raise
        with self._write(f"taking over the refresh lock {name!r}") as conn:
            row = conn.execute(select(locks).where(locks.c.name == name)).first()
            if row is None:  # released in between: take it
                conn.execute(insert(locks).values(name=name, holder=holder, acquired_at=at))
                return
            stale_at = row.acquired_at + stale_after
            dead = _holder_is_dead(row.holder)
            if not dead and at < stale_at:
                raise RefreshInProgress(
                    f"refresh of {name!r} already running since {_when(row.acquired_at)} by "
                    f"{row.holder}; wait for it or, if it died, run again after {_when(stale_at)}"
                )
            # Compare-and-swap: if two processes race for the stale lock, one update wins.
            taken = conn.execute(
                update(locks)
                .where(
                    and_(
                        locks.c.name == name,
                        locks.c.holder == row.holder,
                        locks.c.acquired_at == row.acquired_at,
                    )
                )
                .values(holder=holder, acquired_at=at)
            ).rowcount
            if taken != 1:
                raise RefreshInProgress(
                    f"refresh of {name!r} was just taken over by another process; wait for it"
                )
            logger.warning(
                "took over the refresh lock %r from %s (%s since %s)",
                name,
                row.holder,
                "dead process" if dead else "stale",
                _when(row.acquired_at),
            )
