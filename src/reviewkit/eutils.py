"""The HTTP adapter for NCBI's E-utilities (ESearch, EPost, EFetch, EInfo) on ``requests``.

This is the only module that talks to NCBI and the only place where ``requests``
exceptions become reviewkit errors. It owns the wire rules from
``eutilities.md``:

- every request carries ``db=pubmed``, ``tool`` and, when set, ``email`` and
  ``api_key``; all are sent as a form-encoded POST, so neither the key nor a long
  query ever appears in a URL (or in urllib3's debug log of URLs);
- every try first waits on the :class:`~reviewkit.ratelimit.RateLimiter`;
- transient failures are retried with exponential back-off and full jitter:
  HTTP 429 (NCBI sends no ``Retry-After``), 5xx, HTTP 400 relaying a backend 502,
  connection errors, timeouts, truncated or invalid bodies, short EFetch batches
  and ``Search Backend failed`` errors other than the 9,999 ``retstart`` cap;
  after ``max_tries`` tries :class:`~reviewkit.errors.SourceUnavailable` is raised;
- other 4xx and ``<ERROR>`` bodies raise :class:`~reviewkit.errors.QueryRejected`
  with NCBI's text.

The API key never reaches a log line, an :class:`Exchange` (NCBI echoes it in
429 bodies, so bodies are redacted too), an exception message or a ``repr``.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol, TypeVar

import requests

from reviewkit.errors import ConfigError, ParseError, QueryRejected, SourceUnavailable, UnsafeXML
from reviewkit.eutils_responses import (
    SOURCE,
    DatabaseInfo,
    HistoryKey,
    SearchResult,
    count_efetch_items,
    parse_einfo,
    parse_epost,
    parse_esearch,
    parse_ncbi_errors,
)
from reviewkit.pubmed_xml import pubmed_xml_is_complete
from reviewkit.ratelimit import RateLimiter, process_limiter

__all__ = [
    "NCBI_BASE_URL",
    "ClientStats",
    "EUtilsClient",
    "EUtilsConfig",
    "Exchange",
]

log = logging.getLogger(__name__)

NCBI_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
# NBK25499: retmax is at most 10,000 for ESearch and EFetch; EPost takes at most
# 10,000 PubMed UIDs per request.
MAX_PER_REQUEST = 10_000
_PATHS = {
    "einfo": "einfo.fcgi",
    "esearch": "esearch.fcgi",
    "epost": "epost.fcgi",
    "efetch": "efetch.fcgi",
}
_SECRET_PARAMS = frozenset({"api_key", "email"})
_SNIPPET = 200

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
Params = list[tuple[str, str]]


class _Accept(Protocol[T_co]):
    """Turns a 200 body into a value; ParseError means "invalid, ask again"."""

    def __call__(self, body: bytes, *, origin: str) -> T_co: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class EUtilsConfig:
    """Where and how to reach the E-utilities; the API key is left out of ``repr``."""

    base_url: str = NCBI_BASE_URL
    tool: str = "reviewkit"
    email: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    max_tries: int = 6
    backoff_base: float = 0.5
    backoff_cap: float = 30.0


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


@dataclass(frozen=True, slots=True)
class _Transient:
    cause: str


class EUtilsClient:
    """A PubMed E-utilities client over an injected ``requests.Session``.

    Args:
        session: used for every request; tests mount a fake adapter or point
            ``config.base_url`` at the loopback server.
        config: base URL, identification and retry settings.
        limiter: paces every try; defaults to the process-wide limiter for the
            rate NCBI allows (3/s, or 10/s with an API key).
        on_exchange: called with every HTTP response received (including 429s
            and 5xx), e.g. to write the raw archive.
        sleep: waits between retries (injected so tests do not sleep).
        rng: source of back-off jitter.
    """

    def __init__(
        self,
        session: requests.Session,
        config: EUtilsConfig,
        *,
        limiter: RateLimiter | None = None,
        on_exchange: Callable[[Exchange], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        if config.max_tries < 1:
            raise ConfigError(f"EUtilsConfig.max_tries must be at least 1, got {config.max_tries}")
        self._session = session
        self._config = config
        self._limiter = (
            limiter if limiter is not None else process_limiter(has_api_key=bool(config.api_key))
        )
        self._on_exchange = on_exchange
        self._sleep = sleep
        self._rng = rng if rng is not None else random.Random()
        self.stats = ClientStats()

    def __repr__(self) -> str:
        return f"EUtilsClient(base_url={self._config.base_url!r}, tool={self._config.tool!r})"

    # -- the four utilities ------------------------------------------------
    def esearch(
        self,
        term: str,
        *,
        retstart: int = 0,
        retmax: int = 20,
        usehistory: bool = True,
        webenv: str | None = None,
        datetype: str | None = None,
        mindate: str | None = None,
        maxdate: str | None = None,
        count_only: bool = False,
        sort: str | None = None,
    ) -> SearchResult:
        """Run an ESearch; ``PhraseNotFound`` comes back as ``count == 0`` with ``errors``.

        Args:
            term: the PubMed query.
            retstart: index of the first ID returned (NCBI refuses 9,999 and above).
            retmax: how many IDs to return (at most 10,000; PubMed caps at 9,999).
            usehistory: store the result on the history server (``query_key``/``webenv``).
            webenv: add the result to this history environment instead of a new one.
            datetype: ``pdat``, ``edat`` or ``mdat``, the date ``mindate``/``maxdate`` limit.
            mindate: ``YYYY/MM/DD`` (or ``YYYY``, ``YYYY/MM``); needs ``maxdate``.
            maxdate: the last date included; needs ``mindate``.
            count_only: ask only for the count (``rettype=count``).
            sort: NCBI's sort order (``pub_date``, ``relevance`` …).

        Raises:
            QueryRejected: NCBI refused the query, or the options are inconsistent.
            SourceUnavailable: still failing after ``max_tries`` tries.
        """
        if (mindate is None) != (maxdate is None):
            raise QueryRejected(SOURCE, "esearch: mindate and maxdate must be given together")
        if not 0 <= retmax <= MAX_PER_REQUEST or retstart < 0:
            raise QueryRejected(
                SOURCE,
                f"esearch: need 0 <= retmax <= 10000 and retstart >= 0, "
                f"got retmax={retmax}, retstart={retstart}",
            )
        params: Params = [("term", term), ("retmode", "xml")]
        if count_only:
            params.append(("rettype", "count"))
        else:
            params += [("retstart", str(retstart)), ("retmax", str(retmax))]
            if usehistory:
                params.append(("usehistory", "y"))
                if webenv:
                    params.append(("WebEnv", webenv))
        if datetype:
            params.append(("datetype", datetype))
        if mindate is not None and maxdate is not None:
            params += [("mindate", mindate), ("maxdate", maxdate)]
        if sort:
            params.append(("sort", sort))
        return self._request("esearch", params, parse_esearch)

    def epost(self, pmids: Sequence[str], *, webenv: str | None = None) -> HistoryKey:
        """Upload PMIDs to the history server (into ``webenv`` when given).

        Raises:
            QueryRejected: no PMIDs, more than 10,000, or NCBI reported invalid IDs.
            SourceUnavailable: still failing after ``max_tries`` tries.
        """
        if not pmids or len(pmids) > MAX_PER_REQUEST:
            raise QueryRejected(
                SOURCE, f"epost: expected 1 to 10000 PMIDs per request, got {len(pmids)}"
            )
        params: Params = [("id", ",".join(pmids))]
        if webenv:
            params.append(("WebEnv", webenv))
        return self._request("epost", params, parse_epost)

    def efetch(
        self,
        *,
        history: HistoryKey | None = None,
        retstart: int = 0,
        retmax: int = 500,
        pmids: Sequence[str] | None = None,
        expected: int | None = None,
    ) -> bytes:
        """Fetch PubMed XML (``retmode=xml``) for a history set slice or a PMID list.

        The body returned is always one complete, well-formed ``PubmedArticleSet``.
        NCBI silently leaves out unknown or deleted PMIDs, so callers compare the
        PMIDs they asked for with those they got.

        Args:
            history: the stored set to page through with ``retstart``/``retmax``.
            retstart: index of the first record of the set.
            retmax: number of records (NCBI advises "several hundred"; at most 10,000).
            pmids: an explicit list instead of ``history``.
            expected: if set, a body with fewer articles (plus deleted citations)
                is a transient short batch and is asked for again.

        Raises:
            QueryRejected: neither or both of ``history`` and ``pmids``, or NCBI
                refused the request (e.g. "ID list is empty!").
            SourceUnavailable: still failing after ``max_tries`` tries.
        """
        if (history is None) == (pmids is None):
            raise QueryRejected(SOURCE, "efetch: pass exactly one of history= and pmids=")
        params: Params = [("retmode", "xml")]
        if history is not None:
            if not 1 <= retmax <= MAX_PER_REQUEST or retstart < 0:
                raise QueryRejected(
                    SOURCE,
                    f"efetch: need 1 <= retmax <= 10000 and retstart >= 0, "
                    f"got retmax={retmax}, retstart={retstart}",
                )
            params += [
                ("WebEnv", history.webenv),
                ("query_key", history.query_key),
                ("retstart", str(retstart)),
                ("retmax", str(retmax)),
            ]
        elif pmids is not None:
            if not pmids:
                raise QueryRejected(SOURCE, "efetch: the PMID list is empty")
            params.append(("id", ",".join(pmids)))

        def accept(body: bytes, *, origin: str) -> bytes:
            pubmed_xml_is_complete(body, origin=origin)  # expat only: no tree built
            if expected is not None:
                found = count_efetch_items(body)
                if found < expected:
                    raise ParseError(
                        f"{origin}: short batch, {found} of {expected} records "
                        f"(retstart={retstart})"
                    )
            return body

        return self._request("efetch", params, accept)

    def einfo(self) -> DatabaseInfo:
        """Return PubMed's build, record count and last update, for provenance."""
        return self._request("einfo", [], parse_einfo)

    # -- the retry loop ----------------------------------------------------
    def _request(self, utility: str, params: Params, accept: _Accept[T]) -> T:
        url = self._config.base_url.rstrip("/") + "/" + _PATHS[utility]
        form = self._identified(params)
        cause = "no try was made"
        tries = self._config.max_tries
        for attempt in range(1, tries + 1):
            self._limiter.acquire()
            outcome = self._try_once(utility, url, form, attempt, accept)
            if not isinstance(outcome, _Transient):
                return outcome
            # NCBI's 429 body echoes the API key ("api-key"), so causes are redacted.
            cause = self._redact(outcome.cause)
            if attempt < tries:
                self.stats.retries += 1
                delay = self._backoff(attempt - 1)
                log.warning(
                    "%s try %d of %d failed (%s); retrying in %.2f s",
                    utility,
                    attempt,
                    tries,
                    cause,
                    delay,
                )
                self._sleep(delay)
        raise SourceUnavailable(
            SOURCE, f"{utility} failed after {tries} tries: {cause} (url {url})"
        )

    def _backoff(self, retry: int) -> float:
        """Full jitter: a uniform wait in [0, min(cap, base * 2**retry))."""
        ceiling = min(self._config.backoff_cap, self._config.backoff_base * 2.0**retry)
        return ceiling * self._rng.random()

    def _identified(self, params: Params) -> Params:
        form: Params = [("db", "pubmed"), *params, ("tool", self._config.tool)]
        if self._config.email:
            form.append(("email", self._config.email))
        if self._config.api_key:
            form.append(("api_key", self._config.api_key))
        return form

    def _try_once(
        self,
        utility: str,
        url: str,
        form: Params,
        attempt: int,
        accept: _Accept[T],
    ) -> T | _Transient:
        public = tuple((k, v) for k, v in form if k not in _SECRET_PARAMS)
        log.debug("POST %s try %d: %s", url, attempt, _brief(public))
        started = datetime.now(UTC)
        clock = time.monotonic()
        self.stats.requests += 1
        try:
            response = self._session.post(url, data=form, timeout=self._config.timeout)
            body = response.content
        except requests.Timeout as exc:
            self.stats.connection_errors += 1
            return _Transient(f"no answer within {self._config.timeout:g} s ({type(exc).__name__})")
        except (
            requests.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            # A dropped connection or a body cut short in transit (IncompleteRead).
            self.stats.connection_errors += 1
            return _Transient(f"{type(exc).__name__}: {self._redact(str(exc))}")
        except requests.RequestException as exc:
            raise ConfigError(
                f"{utility}: cannot send a request to {url}: {self._redact(str(exc))}"
            ) from exc
        if self._on_exchange is not None:
            self._on_exchange(
                Exchange(
                    utility=utility,
                    method="POST",
                    url=url,
                    params=public,
                    status=response.status_code,
                    body=self._redact_body(body),
                    started=started,
                    elapsed=time.monotonic() - clock,
                    attempt=attempt,
                )
            )
        return self._judge(utility, url, response.status_code, body, accept)

    def _judge(
        self,
        utility: str,
        url: str,
        status: int,
        body: bytes,
        accept: _Accept[T],
    ) -> T | _Transient:
        origin = f"{utility} {url}"
        if status == 429:
            self.stats.rate_limited += 1
            return _Transient(f"HTTP 429 rate limit exceeded: {_snippet(body)}")
        if status >= 500:
            self.stats.server_errors += 1
            return _Transient(f"HTTP {status}: {_snippet(body)}")
        if status != 200:
            errors = parse_ncbi_errors(body, origin=origin)
            if status == 400 and errors.transient:
                self.stats.server_errors += 1
                return _Transient(f"HTTP 400 relaying a backend failure: {errors.text}")
            raise QueryRejected(
                SOURCE,
                f"{utility} rejected with HTTP {status}: "
                f"{self._redact(errors.text or _snippet(body))} (url {url})",
            )
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
        if errors.transient:
            self.stats.server_errors += 1
            return _Transient(f"NCBI error in an HTTP 200 body: {errors.text}")
        self.stats.invalid_bodies += 1
        return _Transient(f"invalid body: {cause}")

    def _redact_body(self, body: bytes) -> bytes:
        key = self._config.api_key
        return body.replace(key.encode(), b"***") if key and key.encode() in body else body

    def _redact(self, text: str) -> str:
        for secret in (self._config.api_key, self._config.email):
            if secret:
                text = text.replace(secret, "***")
        return text


def _snippet(body: bytes) -> str:
    text = " ".join(body[:_SNIPPET].decode("utf-8", "replace").split())
    return text + ("…" if len(body) > _SNIPPET else "") if text else "(empty body)"


def _brief(params: tuple[tuple[str, str], ...]) -> str:
    return "&".join(f"{k}={v if len(v) <= 80 else v[:77] + '...'}" for k, v in params)
