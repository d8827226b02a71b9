"""An E-utilities request as the loopback server reads it.

The utilities it serves, how NCBI's parameters are read (repeated ``id=``,
``WebEnv`` in either case, integers, PMID lists with NCBI's 64-bit ceiling),
and :class:`LoggedRequest`, the request log entry tests inspect. Pure: no
sockets, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reviewkit.errors import ParseError

__all__ = [
    "MAX_IDS",
    "MAX_UID",
    "UTILITIES",
    "LoggedRequest",
    "add_param",
    "count_ids",
    "int_param",
    "split_ids",
    "webenv",
]

UTILITIES = ("esearch", "efetch", "epost", "einfo", "esummary")
# EFetch's largest retmax and EPost's largest ID list (NBK25499).
MAX_IDS = 10_000
MAX_UID = 2**64 - 1  # "Maximum ID value 18446744073709551615" (epost3.xml)


@dataclass(frozen=True, slots=True, kw_only=True)
class LoggedRequest:
    """One request as the server saw it.

    ``time`` is ``time.monotonic()`` on arrival; ``params`` holds every
    parameter received (query string and form body, names as sent, including
    ``tool``/``email``/``api_key``); ``status`` is 0 for a dropped connection;
    ``ids_count`` is the number of IDs in the ``id`` parameter.
    """

    time: float
    method: str
    utility: str
    params: dict[str, str]
    status: int
    bytes_sent: int
    ids_count: int


def add_param(params: dict[str, str], name: str, value: str) -> None:
    """Add one received parameter to ``params``.

    >>> params: dict[str, str] = {}
    >>> for name, value in [("id", "1"), ("id", "2"), ("db", "x"), ("db", "pubmed")]:
    ...     add_param(params, name, value)
    >>> params
    {'id': '1,2', 'db': 'pubmed'}
    """
    # Repeated id= parameters add up (id=1&id=2); any other repeat keeps the last.
    if name == "id" and params.get("id"):
        params["id"] = f"{params['id']},{value}"
    else:
        params[name] = value


def webenv(params: Mapping[str, str]) -> str | None:
    """The ``WebEnv`` (or ``webenv``) parameter, stripped; None when absent or blank."""
    value = params.get("WebEnv") or params.get("webenv")
    return value.strip() if value and value.strip() else None


def int_param(params: Mapping[str, str], name: str, default: int) -> int:
    """A non-negative integer parameter, or ``default`` when absent or blank.

    Raises:
        ParseError: the value is not a non-negative integer.
    """
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ParseError(f"parameter {name}={raw!r}: expected a non-negative integer")
    return int(raw)


def split_ids(raw: str) -> tuple[list[int], int]:
    """Valid PMIDs in order (duplicates dropped) and how many entries were invalid.

    >>> split_ids("3, 1,3 abc,0")
    ([3, 1], 2)
    """
    valid: dict[int, None] = {}
    invalid = 0
    for part in raw.replace(" ", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if part.isdigit() and 0 < int(part) <= MAX_UID:
            valid[int(part)] = None
        else:
            invalid += 1
    return list(valid), invalid


def count_ids(params: Mapping[str, str]) -> int:
    """How many entries the ``id`` parameter lists, valid or not (for the request log)."""
    return sum(1 for p in params.get("id", "").replace(" ", ",").split(",") if p.strip())
