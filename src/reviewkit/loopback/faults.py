"""Fault injection: failures tests queue up, and what each one does to an answer.

The kinds are NCBI's observed failures (eutilities.md §3, §9, §12): a 429 rate
limit, 500/502/503 HTML pages, a 400 relaying a backend 502, an ``<ERROR>``
inside HTTP 200, a truncated but well-framed body, a dropped connection, a
stall, a short or empty EFetch batch, and an expired WebEnv. :class:`Faults`
holds the queue; :func:`canned_response` and :func:`shape_response` apply a
fault taken from it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace

from reviewkit.errors import ConfigError
from reviewkit.loopback.ratelimit import too_many
from reviewkit.loopback.request import UTILITIES, webenv
from reviewkit.loopback.response import HTML, Response, error_response

__all__ = ["FAULT_KINDS", "Faults", "canned_response", "shape_response"]

FAULT_KINDS = frozenset(
    {
        "429",
        "500",
        "502",
        "503",
        "400-proxy",
        "error200",
        "truncate",
        "drop",
        "slow",
        "short",
        "empty",
        "expired-webenv",
    }
)

_HTML_500 = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
    '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
    "<title>NCBI/eutils202 - WWW Error 500 Diagnostic</title></head><body>\n"
    "<h1>Server Error</h1>\n<p>Your request could not be processed due to a problem on our "
    "Web server. This could be a transient problem, please try the query again. If it "
    "doesn't clear up within a reasonable period of time, e-mail a short description of "
    "your query to info@ncbi.nlm.nih.gov.</p>\n<p>Status: 500 Internal Server Error, "
    "eutils202.</p>\n</body></html>\n"
)
_HTML_BAD_GATEWAY = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
)
_HTML_UNAVAILABLE = (
    "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n"
    "<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n"
    "</body>\r\n</html>\r\n"
)


class Faults:
    """Failures queued for the next matching requests, one per request, in order.

    ``latency`` (seconds) is added to every response; ``slow_seconds`` is how
    long a ``"slow"`` fault stalls. ``"short"`` and ``"empty"`` only ever hit
    EFetch, and ``"expired-webenv"`` only a request that carries a WebEnv, so
    a fault queued with ``utility=None`` waits for a request it can affect.
    Thread-safe.
    """

    def __init__(self, *, latency: float = 0.0, slow_seconds: float = 5.0) -> None:
        self.latency = latency
        self.slow_seconds = slow_seconds
        self._lock = threading.Lock()
        self._queue: list[tuple[str, str | None]] = []

    def inject(self, *kinds: str, utility: str | None = None) -> None:
        """Queue one fault per kind for the next requests (to ``utility`` if given).

        Raises:
            ConfigError: an unknown fault kind or utility name.
        """
        unknown = [k for k in kinds if k not in FAULT_KINDS]
        if unknown:
            raise ConfigError(
                f"Faults.inject: unknown fault kind(s) {unknown}; expected "
                f"one of {sorted(FAULT_KINDS)}"
            )
        if utility is not None and utility not in UTILITIES:
            raise ConfigError(
                f"Faults.inject: unknown utility {utility!r}; expected one of {list(UTILITIES)}"
            )
        with self._lock:
            self._queue.extend((kind, utility) for kind in kinds)

    @property
    def pending(self) -> list[tuple[str, str | None]]:
        """Faults not yet delivered, as ``(kind, utility)``."""
        with self._lock:
            return list(self._queue)

    def clear(self) -> None:
        """Forget every queued fault."""
        with self._lock:
            self._queue.clear()

    def take(self, utility: str, params: Mapping[str, str]) -> str | None:
        """Remove and return the first queued fault that applies to this request."""
        with self._lock:
            for position, (kind, wanted) in enumerate(self._queue):
                if wanted not in (None, utility):
                    continue
                if kind in ("short", "empty") and utility != "efetch":
                    continue
                if kind == "expired-webenv" and webenv(params) is None:
                    continue
                del self._queue[position]
                return kind
        return None


def canned_response(utility: str, fault: str, client: str) -> Response | None:
    """The canned answer for faults that replace the response entirely, else None.

    ``"short"``, ``"empty"`` and ``"expired-webenv"`` are acted on by the
    utility handlers; ``"truncate"`` and ``"slow"`` by :func:`shape_response`.
    """
    if fault == "429":
        return too_many(client, 4, 3, (("X-RateLimit-Limit", "3"), ("X-RateLimit-Remaining", "0")))
    if fault == "500":
        return Response(status=500, body=_HTML_500.encode(), content_type=HTML)
    if fault == "502":
        return Response(status=502, body=_HTML_BAD_GATEWAY.encode(), content_type=HTML)
    if fault == "503":
        return Response(status=503, body=_HTML_UNAVAILABLE.encode(), content_type=HTML)
    if fault == "400-proxy":
        return error_response(
            utility,
            "Error in proxy_stream(): Failed to connect to PubOne "
            "service: backend returned 502 Bad Gateway",
            status=400,
        )
    if fault == "error200":
        return error_response(
            utility,
            "Search Backend failed: Exception:\nBackend "
            "temporarily unavailable, please retry later",
        )
    if fault == "drop":
        return Response(status=0, body=b"", drop=True)
    return None


def shape_response(response: Response, fault: str | None, *, slow_seconds: float) -> Response:
    """Cut the body in half for ``"truncate"``; stall ``slow_seconds`` for ``"slow"``.

    >>> shape_response(Response(status=200, body=b"abcdef"), "truncate", slow_seconds=5).body
    b'abc'
    """
    if fault == "truncate":  # well framed: Content-Length will match the cut body
        response = replace(response, body=response.body[: len(response.body) // 2])
    if fault == "slow":
        response = replace(response, delay=slow_seconds)
    return response
