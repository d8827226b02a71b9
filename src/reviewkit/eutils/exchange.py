"""What a client reports: every HTTP exchange (for the raw archive) and running counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["ClientStats", "Exchange"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Exchange:
    """One HTTP request and its response, for the raw archive; ``api_key``/``email`` removed."""

    utility: str
    method: str
    url: str
    params: tuple[tuple[str, str], ...]
    status: int
    body: bytes
    started: datetime
    elapsed: float
    attempt: int


@dataclass(slots=True)
class ClientStats:
    """Running counts for one client: every try is a request."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0  # HTTP 429 responses received
    server_errors: int = 0  # 5xx, relayed 502s and "Search Backend failed" bodies
    connection_errors: int = 0  # refused, dropped, truncated in transit, timed out
    invalid_bodies: int = 0  # not the XML expected, truncated, or a short EFetch batch
