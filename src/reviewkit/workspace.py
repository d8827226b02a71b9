"""A review workspace: the folder holding ``review.toml``, its database and raw archive.

This is the composition root shared by the CLI and the flows: it opens the
database named by the protocol (or ``REVIEWKIT_DATABASE_URL``), and builds the
E-utilities client whose every exchange is archived verbatim.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests

from reviewkit import __version__
from reviewkit.eutils import EUtilsClient, EUtilsConfig, Exchange
from reviewkit.protocol import Protocol, find_review_dir, load_protocol
from reviewkit.ratelimit import RateLimiter, process_limiter
from reviewkit.raw_archive import RawArchive
from reviewkit.refresh import Refresher
from reviewkit.settings import Settings
from reviewkit.storage import ReviewDatabase

__all__ = ["RawRecorder", "Workspace", "lock_holder", "utc_now"]


def utc_now() -> datetime:
    """The wall clock, in UTC; injected everywhere else so tests can fix it."""
    return datetime.now(UTC)


class RawRecorder:
    """Archives each E-utilities exchange (minus secrets) and notes it in the ledger."""

    def __init__(self, archive: RawArchive, db: ReviewDatabase) -> None:
        self._archive = archive
        self._db = db
        self.run_id: int | None = None

    def set_run(self, run_id: int) -> None:
        """Attach the following exchanges to ``run_id``."""
        self.run_id = run_id

    def __call__(self, exchange: Exchange) -> None:
        request: dict[str, object] = {
            "method": exchange.method,
            "url": exchange.url,
            "params": [list(p) for p in exchange.params],
            "status": exchange.status,
            "elapsed_s": round(exchange.elapsed, 4),
            "attempt": exchange.attempt,
            "reviewkit": __version__,
        }
        archived = self._archive.write(
            run_id=self.run_id,
            utility=exchange.utility,
            body=exchange.body,
            request=request,
            received_at=exchange.started,
        )
        self._db.add_raw_response(
            self.run_id,
            utility=exchange.utility,
            path=str(archived.path),
            sha256=archived.sha256,
            status=exchange.status,
            request=request,
            received_at=exchange.started,
        )


@dataclass(slots=True)
class Workspace:
    """An open review: protocol, database and raw archive."""

    root: Path
    protocol: Protocol
    db: ReviewDatabase
    archive: RawArchive

    @classmethod
    def open(cls, start: Path, *, database_url: str | None = None) -> Workspace:
        """Open the review whose ``review.toml`` is at or above ``start``."""
        root = find_review_dir(start)
        protocol = load_protocol(root / "review.toml")
        url = database_url or ReviewDatabase.sqlite_url(protocol.database_path(root))
        db = ReviewDatabase.open(url)
        return cls(root=root, protocol=protocol, db=db, archive=RawArchive(protocol.raw_dir(root)))

    def close(self) -> None:
        """Release the database connection pool."""
        self.db.close()

    def pubmed_client(
        self,
        session: requests.Session,
        settings: Settings,
        *,
        base_url: str | None = None,
        limiter: RateLimiter | None = None,
        recorder: RawRecorder | None = None,
    ) -> EUtilsClient:
        """An E-utilities client for this review, archiving through ``recorder``."""
        config = EUtilsConfig(
            base_url=base_url or settings.eutils_url,
            tool=settings.ncbi_tool,
            email=settings.ncbi_email,
            api_key=settings.ncbi_api_key,
        )
        return EUtilsClient(
            session,
            config,
            limiter=limiter or process_limiter(has_api_key=settings.ncbi_api_key is not None),
            on_exchange=recorder,
        )

    def refresher(
        self,
        client: EUtilsClient,
        *,
        recorder: RawRecorder | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> Refresher:
        """The refresh steps for this review's PubMed search."""
        refresher = Refresher(self.db, client, self.protocol.search.pubmed, clock=clock)
        if recorder is not None:
            refresher.on_run_started = recorder.set_run
        return refresher


def lock_holder() -> str:
    """``host:pid``, so a lock names who holds it."""
    return f"{socket.gethostname()}:{os.getpid()}"
