"""A Prefect global rate limit behind reviewkit's ``RateLimiter`` interface.

When several workers share one NCBI key, set ``REVIEWKIT_PREFECT_RATE_LIMIT=ncbi``
after creating the limit on a PostgreSQL-backed Prefect server, e.g.
``prefect gcl create ncbi --limit 1 --slot-decay-per-second 3`` (10 with a key).
On SQLite the limit runs far below its setting (prefect.md T1), so the default is
reviewkit's own in-process limiter.
"""

from prefect.concurrency.sync import rate_limit


class PrefectRateLimiter:
    """Takes one slot of a Prefect global concurrency limit per request."""

    def __init__(self, name: str) -> None:
        self.name = name

    def acquire(self) -> None:
        """Block until the named limit admits one more request."""
        # strict: a missing limit must fail loudly, not silently stop limiting.
        rate_limit(self.name, strict=True)
