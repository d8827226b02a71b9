"""The retry policy: what marks a try as transient, and full-jitter exponential back-off."""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["Transient", "backoff_delay"]


@dataclass(frozen=True, slots=True)
class Transient:
    """A try that failed in a way worth asking again, and why."""

    cause: str


def backoff_delay(retry: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Full jitter: a uniform wait in [0, min(cap, base * 2**retry)).

    >>> backoff_delay(3, base=0.5, cap=30.0, rng=random.Random(1)) < 4.0
    True
    """
    ceiling = min(cap, base * 2.0**retry)
    return ceiling * rng.random()
