"""Judge one HTTP response: a value, a transient failure to retry, or a permanent refusal.

- 429, 5xx and HTTP 400 relaying a backend failure are transient;
- other non-200 statuses raise :class:`~reviewkit.errors.QueryRejected` with NCBI's text;
- a 200 body goes to the caller's ``accept``; if that finds it invalid, NCBI's
  ``<ERROR>`` text decides: transient ("Search Backend failed" …), permanent
  (e.g. EFetch's "Invalid query_key") or, with none, an invalid body to ask for again.
  Unsafe XML is never retried.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from reviewkit.errors import ParseError, QueryRejected, UnsafeXML
from reviewkit.eutils.exchange import ClientStats
from reviewkit.eutils.redaction import Redactor, snippet
from reviewkit.eutils.retry import Transient
from reviewkit.eutils_responses import SOURCE, NcbiMessages, count_efetch_items, parse_ncbi_errors
from reviewkit.pubmed_xml import pubmed_xml_is_complete

__all__ = ["Accept", "accept_efetch", "judge"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Accept(Protocol[T_co]):
    """Turns a 200 body into a value; ParseError means "invalid, ask again"."""

    def __call__(self, body: bytes, *, origin: str) -> T_co: ...


def accept_efetch(*, expected: int | None, retstart: int) -> Accept[bytes]:
    """Accept a complete ``PubmedArticleSet`` with at least ``expected`` items (if set)."""

    def accept(body: bytes, *, origin: str) -> bytes:
        pubmed_xml_is_complete(body, origin=origin)  # expat only: no tree built
        if expected is not None:
            found = count_efetch_items(body)
            if found < expected:
                raise ParseError(
                    f"{origin}: short batch, {found} of {expected} records (retstart={retstart})"
                )
        return body

    return accept


def judge(
    utility: str,
    url: str,
    status: int,
    body: bytes,
    accept: Accept[T],
    *,
    stats: ClientStats,
    redactor: Redactor,
) -> T | Transient:
    """The value ``accept`` makes of a good response, or the transient failure to retry.

    Raises:
        QueryRejected: NCBI refused the request for good.
        UnsafeXML: the body declares entities.
    """
    if status != 200:
        return _judge_status(utility, url, status, body, stats=stats, redactor=redactor)
    origin = f"{utility} {url}"
    try:
        return accept(body, origin=origin)
    except QueryRejected as exc:
        errors = parse_ncbi_errors(body, origin=origin)
        if not errors.transient:
            raise
        cause: Exception = exc
    except UnsafeXML:
        raise
    except ParseError as exc:
        errors = parse_ncbi_errors(body, origin=origin)
        if errors and not errors.transient:
            # An error envelope instead of the payload, e.g. EFetch's "Invalid query_key".
            raise QueryRejected(SOURCE, f"{origin}: {errors.text}") from exc
        cause = exc
    return _invalid(errors, cause, stats)


def _judge_status(
    utility: str, url: str, status: int, body: bytes, *, stats: ClientStats, redactor: Redactor
) -> Transient:
    """A non-200 response: transient, or raise :class:`QueryRejected`."""
    if status == 429:
        stats.rate_limited += 1
        return Transient(f"HTTP 429 rate limit exceeded: {snippet(body)}")
    if status >= 500:
        stats.server_errors += 1
        return Transient(f"HTTP {status}: {snippet(body)}")
    errors = parse_ncbi_errors(body, origin=f"{utility} {url}")
    if status == 400 and errors.transient:
        stats.server_errors += 1
        return Transient(f"HTTP 400 relaying a backend failure: {errors.text}")
    raise QueryRejected(
        SOURCE,
        f"{utility} rejected with HTTP {status}: "
        f"{redactor.text(errors.text or snippet(body))} (url {url})",
    )


def _invalid(errors: NcbiMessages, cause: Exception, stats: ClientStats) -> Transient:
    """A 200 body that was not what was asked for: a backend failure or an invalid body."""
    if errors.transient:
        stats.server_errors += 1
        return Transient(f"NCBI error in an HTTP 200 body: {errors.text}")
    stats.invalid_bodies += 1
    return Transient(f"invalid body: {cause}")
