"""Tests of the refresh locks, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from datetime import timedelta

import pytest

from reviewkit.errors import RefreshInProgress
from reviewkit.storage import ReviewDatabase, lock_holder
from reviewkit.storage.locks import _holder_is_dead
from tests.storage.ledger_support import T0


def test_the_refresh_lock_refuses_a_second_holder(db: ReviewDatabase) -> None:
    with db.refresh_lock("pubmed", holder="alpha:1", now=T0):
        later = T0 + timedelta(minutes=5)
        with (
            pytest.raises(RefreshInProgress) as caught,
            db.refresh_lock("pubmed", holder="beta:2", now=later),
        ):
            pass  # pragma: no cover
        message = str(caught.value)
        assert (
            "refresh of 'pubmed' already running since 2026-03-01 09:00 UTC by alpha:1" in message
        )
        assert "run again after 2026-03-01 15:00 UTC" in message
        # Another source's lock is independent.
        with db.refresh_lock("crossref", holder="beta:2", now=T0):
            pass
    # Released: the next holder gets it.
    with db.refresh_lock("pubmed", holder="beta:2", now=T0 + timedelta(minutes=6)):
        pass


def test_a_stale_lock_is_taken_over(db: ReviewDatabase) -> None:
    died = db.refresh_lock("pubmed", holder="gone-host:77", now=T0)
    died.__enter__()  # never released: the process "died"
    later = T0 + timedelta(hours=6, minutes=1)
    with (
        db.refresh_lock("pubmed", holder="alpha:1", now=later),
        pytest.raises(RefreshInProgress, match="by alpha:1"),
        db.refresh_lock("pubmed", holder="beta:2", now=later),
    ):
        pass  # pragma: no cover
    # The dead holder's late release does not remove somebody else's lock.
    with db.refresh_lock("pubmed", holder="alpha:1", now=later):
        died.__exit__(None, None, None)
        with (
            pytest.raises(RefreshInProgress),
            db.refresh_lock("pubmed", holder="beta:2", now=later),
        ):
            pass  # pragma: no cover


def test_a_lock_of_a_dead_process_on_this_host_is_taken_over(db: ReviewDatabase) -> None:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = f"{socket.gethostname()}:{child.stdout.strip()}"
    dying = db.refresh_lock("pubmed", holder=dead, now=T0)
    dying.__enter__()  # held, never released: the child process is gone
    # Only a minute later, but the holder is gone: taken over. A live holder is respected.
    with (
        db.refresh_lock("pubmed", holder=lock_holder(), now=T0 + timedelta(minutes=1)),
        pytest.raises(RefreshInProgress, match=lock_holder()),
        db.refresh_lock("pubmed", holder="elsewhere:1", now=T0 + timedelta(minutes=2)),
    ):
        pass  # pragma: no cover
    assert _holder_is_dead(dead)
    assert not _holder_is_dead(lock_holder())
    assert not _holder_is_dead("another-host:1")


def test_two_connections_racing_for_the_lock_get_one_winner(
    db_url: str, db: ReviewDatabase
) -> None:
    opened = [ReviewDatabase.open(db_url) for _ in range(2)]
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[str] = []

    def contend(database: ReviewDatabase, holder: str) -> None:
        barrier.wait()
        try:
            with database.refresh_lock("pubmed", holder=holder, now=T0):
                outcomes.append("won")
                barrier.wait()  # hold the lock until the other one has tried
        except RefreshInProgress:
            outcomes.append("refused")
            barrier.wait()

    threads = [
        threading.Thread(target=contend, args=(database, f"{lock_holder()}-{i}"))
        for i, database in enumerate(opened)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for database in opened:
            database.close()
    assert sorted(outcomes) == ["refused", "won"]
