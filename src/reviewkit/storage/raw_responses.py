"""The index of archived raw responses (table ``raw_responses``).

The responses themselves are written verbatim by :mod:`reviewkit.raw_archive`; the
database only notes where each one went, its checksum and the request that got it,
with ``api_key`` and ``email`` stripped. :class:`RawResponseLog` is mixed into
:class:`~reviewkit.storage.database.ReviewDatabase`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from reviewkit.raw_archive import scrub_request
from reviewkit.storage.schema import raw_responses
from reviewkit.storage.transactions import Transactions, aware_utc

__all__ = ["RawResponseLog"]


class RawResponseLog(Transactions):
    """Noting and listing archived responses."""

    def add_raw_response(
        self,
        run_id: int | None,
        *,
        utility: str,
        path: str,
        sha256: str,
        status: int,
        request: Mapping[str, object],
        received_at: datetime,
    ) -> None:
        """Note where a verbatim response was archived (``api_key``/``email`` stripped)."""
        received = aware_utc(received_at, "received_at")
        safe = json.loads(json.dumps(scrub_request(request), default=str))
        with self._write(f"recording raw response {path}") as conn:
            conn.execute(
                insert(raw_responses).values(
                    run_id=run_id,
                    utility=utility,
                    path=path,
                    sha256=sha256,
                    status=status,
                    request=safe,
                    received_at=received,
                )
            )

    def raw_responses(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """Archived responses noted for a run (or all), in the order they were noted."""
        stmt = select(raw_responses).order_by(raw_responses.c.id)
        if run_id is not None:
            stmt = stmt.where(raw_responses.c.run_id == run_id)
        with self._read("reading raw responses") as conn:
            return [dict(row._mapping) for row in conn.execute(stmt)]
