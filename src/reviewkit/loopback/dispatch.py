"""One request through the loopback server: rate limit, fault, utility, finishing touches.

:func:`respond` is the whole answer to a parsed request, independent of HTTP:
the rate limit is checked first (a 429 ends it), then a queued fault may
replace the answer, else the utility's handler runs; ESearch's JSON form,
the ``"truncate"``/``"slow"`` faults and the ``X-RateLimit-*`` headers are
applied last, in that order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from reviewkit.errors import ParseError
from reviewkit.loopback.backend import Backend, Handler
from reviewkit.loopback.efetch import efetch
from reviewkit.loopback.einfo import einfo
from reviewkit.loopback.epost import epost
from reviewkit.loopback.esearch import esearch, esearch_json
from reviewkit.loopback.esummary import esummary
from reviewkit.loopback.faults import Faults, canned_response, shape_response
from reviewkit.loopback.ratelimit import RateHeaders, RateLimiter
from reviewkit.loopback.response import XML, Response, error_response

__all__ = ["HANDLERS", "respond"]

HANDLERS: Mapping[str, Handler] = {
    "esearch": esearch,
    "efetch": efetch,
    "epost": epost,
    "einfo": einfo,
    "esummary": esummary,
}


def respond(
    utility: str,
    params: Mapping[str, str],
    client: str,
    *,
    backend: Backend,
    faults: Faults,
    limiter: RateLimiter | None,
) -> Response:
    """Answer one request to ``utility`` (a key of :data:`HANDLERS`) from ``client``.

    ``limiter`` is None when the rate limit is off.
    """
    rate_headers: RateHeaders = ()
    if limiter is not None:
        rate_headers, limited = limiter.check(params, client)
        if limited is not None:
            return limited
    fault = faults.take(utility, params)
    response = canned_response(utility, fault, client) if fault else None
    if response is None:
        try:
            response = HANDLERS[utility](backend, params, fault)
        except ParseError as exc:
            # ESearch reports bad input inside a 200 like NCBI; EFetch answers 400.
            response = error_response(utility, str(exc), status=400 if utility == "efetch" else 200)
    if (
        utility == "esearch"
        and params.get("retmode", "").strip().lower() == "json"
        and response.content_type == XML
    ):
        response = replace(
            response,
            body=esearch_json(response.body),
            content_type="application/json; charset=UTF-8",
        )
    response = shape_response(response, fault, slow_seconds=faults.slow_seconds)
    if rate_headers:  # X-RateLimit-* on every answer, as NCBI sends them
        response = replace(response, headers=response.headers + rate_headers)
    return response
