"""NCBI's rate limit as the server enforces it: 3 requests/s per client, 10 with a key.

A sliding one-second window per client (its IP address, or its ``api_key``
when it sends one). Every answer carries ``X-RateLimit-Limit`` and
``X-RateLimit-Remaining``; a request over the limit gets HTTP 429 with NCBI's
JSON body and no ``Retry-After`` (eutilities.md §3). The client-side limiter
is :mod:`reviewkit.ratelimit`; this module is the server's half.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Mapping

from reviewkit.loopback.response import Response

__all__ = ["RateHeaders", "RateLimiter", "too_many"]

RateHeaders = tuple[tuple[str, str], ...]


class RateLimiter:
    """Sliding one-second windows per client; thread-safe.

    >>> limiter = RateLimiter()
    >>> [limiter.hit("127.0.0.1", t) for t in (0.0, 0.5, 0.9, 1.0, 2.0)]
    [1, 2, 3, 3, 1]
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, deque[float]] = {}

    def hit(self, client: str, now: float) -> int:
        """Record a request and return how many this client sent in the last second."""
        with self._lock:
            window = self._seen.setdefault(client, deque())
            window.append(now)
            while window and window[0] <= now - 1.0:
                window.popleft()
            return len(window)

    def check(self, params: Mapping[str, str], client: str) -> tuple[RateHeaders, Response | None]:
        """Rate-limit headers for this request, and the 429 answer when over the limit."""
        api_key = params.get("api_key", "").strip()
        limit = 10 if api_key else 3
        count = self.hit(api_key or client, time.monotonic())
        headers = (
            ("X-RateLimit-Limit", str(limit)),
            ("X-RateLimit-Remaining", str(max(0, limit - count))),
        )
        if count <= limit:
            return headers, None
        return headers, too_many(api_key or client, count, limit, headers)


def too_many(who: str, count: int, limit: int, headers: RateHeaders = ()) -> Response:
    """NCBI's 429 answer for ``who`` (an API key, or the client's IP address).

    >>> too_many("127.0.0.1", 4, 3).body
    b'{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"}'
    """
    # Without a key NCBI puts the client's IP address in "api-key" (eutilities.md §3).
    body = json.dumps(
        {
            "error": "API rate limit exceeded",
            "api-key": who,
            "count": str(count),
            "limit": str(limit),
        },
        separators=(",", ":"),
    )
    return Response(
        status=429, body=body.encode(), content_type="application/json", headers=headers
    )
