"""NCBI's history server: WebEnv environments holding PMID sets under query keys.

ESearch (``usehistory=y``) and EPost store a set and answer with its
``WebEnv`` (``MCID_`` + 24 hex digits) and ``QueryKey`` (1, 2, … within that
environment); EFetch, ESummary and later searches (``#1 AND #2``) read them
back. The ``expired-webenv`` fault forgets an environment.
"""

from __future__ import annotations

import secrets
import threading
from array import array

__all__ = ["History"]


class History:
    """WebEnv -> the PMID sets stored under query keys 1, 2, …; thread-safe.

    >>> history = History()
    >>> env, key = history.store(None, array("Q", [3, 2]))
    >>> key, env.startswith("MCID_"), len(env)
    (1, True, 29)
    >>> history.store(env, array("Q", [5]))[1]
    2
    >>> list(history.get(env, 1) or ()), history.get(env, 3)
    ([3, 2], None)
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._envs: dict[str, list[array[int]]] = {}

    def store(self, webenv: str | None, pmids: array[int]) -> tuple[str, int]:
        """Append a set to ``webenv`` (a new environment when None); return (WebEnv, key)."""
        with self._lock:
            if webenv is None:
                webenv = "MCID_" + secrets.token_hex(12)
                self._envs[webenv] = []
            sets = self._envs[webenv]
            sets.append(pmids)
            return webenv, len(sets)

    def exists(self, webenv: str) -> bool:
        """Whether ``webenv`` is a live environment."""
        with self._lock:
            return webenv in self._envs

    def get(self, webenv: str, key: int) -> array[int] | None:
        """The set stored under ``key`` in ``webenv``, or None if either is unknown."""
        with self._lock:
            sets = self._envs.get(webenv)
            return sets[key - 1] if sets is not None and 0 < key <= len(sets) else None

    def expire(self, webenv: str) -> None:
        """Forget ``webenv`` and its sets (no error if it is already gone)."""
        with self._lock:
            self._envs.pop(webenv, None)
