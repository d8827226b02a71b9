"""Pacing of requests to NCBI: the rate-limiter seam and its in-process implementation.

NCBI allows 3 requests/second per IP address without an API key and 10 with one
(E-utilities help, ch. 2, https://www.ncbi.nlm.nih.gov/books/NBK25497/). Every try
the E-utilities client makes goes through a :class:`RateLimiter`. Within one process
all clients should share one limiter per rate (:func:`process_limiter`); across
processes a flow can pass its own object whose ``acquire()`` waits on a Prefect
global rate limit. This module does not import Prefect.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from reviewkit.errors import ConfigError

__all__ = [
    "KEYED_RATE",
    "SAFETY_MARGIN",
    "UNKEYED_RATE",
    "IntervalLimiter",
    "RateLimiter",
    "process_limiter",
]

UNKEYED_RATE = 3.0
KEYED_RATE = 10.0
# Spacing requests exactly 1/3 s apart still trips NCBI's limit (Biopython settled
# on 0.37 s): the gap is measured when a request leaves, but the server counts
# arrivals, and a request delayed by a busy thread or a slow connect lands closer
# to the next one. 10 % more spacing gives 0.367 s at 3/s and 0.11 s at 10/s; at
# 2 % a loaded 2-core machine still drew a 429 in the refresh benchmark.
SAFETY_MARGIN = 0.10


class RateLimiter(Protocol):
    """Something that blocks until one more request may be sent."""

    def acquire(self) -> None:
        """Return when the caller may send one request."""


class IntervalLimiter:
    """Thread-safe limiter that spaces request starts at least ``1/rate`` seconds apart.

    Evenly spaced starts mean no 1-second window ever holds more than ``rate``
    requests, without the bursts a token bucket would allow. Each caller
    reserves the next free slot under a lock and then sleeps outside it, so
    threads are served in arrival order and never sleep while holding the lock.

    >>> now = [0.0]
    >>> slept = []
    >>> limiter = IntervalLimiter(2, clock=lambda: now[0], sleep=slept.append, margin=0)
    >>> for _ in range(3):
    ...     limiter.acquire()
    >>> slept
    [0.5, 1.0]
    """

    def __init__(
        self,
        rate_per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        margin: float = SAFETY_MARGIN,
    ) -> None:
        if rate_per_second <= 0:
            raise ConfigError(f"rate limiter: rate_per_second must be > 0, got {rate_per_second!r}")
        self.rate_per_second = rate_per_second
        self.interval = (1.0 + margin) / rate_per_second
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot: float | None = None

    def __repr__(self) -> str:
        return f"IntervalLimiter({self.rate_per_second:g}/s, interval={self.interval:.3f}s)"

    def acquire(self) -> None:
        """Wait for the next free slot, then return."""
        with self._lock:
            now = self._clock()
            slot = now if self._next_slot is None else max(now, self._next_slot)
            self._next_slot = slot + self.interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)


_shared: dict[float, IntervalLimiter] = {}
_shared_lock = threading.Lock()


def process_limiter(*, has_api_key: bool) -> RateLimiter:
    """Return this process's one shared limiter for NCBI's rate (3/s, or 10/s with a key).

    Created on first use, so importing the module has no side effects.

    >>> process_limiter(has_api_key=False) is process_limiter(has_api_key=False)
    True
    """
    rate = KEYED_RATE if has_api_key else UNKEYED_RATE
    with _shared_lock:
        limiter = _shared.get(rate)
        if limiter is None:
            limiter = _shared[rate] = IntervalLimiter(rate)
        return limiter
