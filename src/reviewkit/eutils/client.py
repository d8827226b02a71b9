"""The E-utilities client: the four utilities over an injected ``requests.Session``.

This is the only place where ``requests`` exceptions become reviewkit errors.
Every try first waits on the :class:`~reviewkit.ratelimit.RateLimiter`; a
transient failure (:mod:`~reviewkit.eutils.judging`) is retried after a
full-jitter back-off (:mod:`~reviewkit.eutils.retry`), and after ``max_tries``
tries :class:`~reviewkit.errors.SourceUnavailable` is raised.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TypeVar

import requests

from reviewkit.errors import ConfigError, SourceUnavailable
from reviewkit.eutils.config import EUtilsConfig
from reviewkit.eutils.exchange import ClientStats, Exchange
from reviewkit.eutils.judging import Accept, accept_efetch, judge
from reviewkit.eutils.params import efetch_params, epost_params, esearch_params, identified
from reviewkit.eutils.redaction import Params, Redactor, brief
from reviewkit.eutils.retry import Transient, backoff_delay
from reviewkit.eutils_responses import (
    SOURCE,
    DatabaseInfo,
    HistoryKey,
    SearchResult,
    parse_einfo,
    parse_epost,
    parse_esearch,
)
from reviewkit.ratelimit import RateLimiter, process_limiter

__all__ = ["EUtilsClient"]

log = logging.getLogger(__name__)

_PATHS = {
    "einfo": "einfo.fcgi",
    "esearch": "esearch.fcgi",
    "epost": "epost.fcgi",
    "efetch": "efetch.fcgi",
}

T = TypeVar("T")


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
        self._redactor = Redactor.of(config)
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
        params = esearch_params(
            term, retstart=retstart, retmax=retmax, usehistory=usehistory, webenv=webenv,
            datetype=datetype, mindate=mindate, maxdate=maxdate, count_only=count_only, sort=sort,
        )  # fmt: skip
        return self._request("esearch", params, parse_esearch)

    def epost(self, pmids: Sequence[str], *, webenv: str | None = None) -> HistoryKey:
        """Upload PMIDs to the history server (into ``webenv`` when given).

        Raises:
            QueryRejected: no PMIDs, more than 10,000, or NCBI reported invalid IDs.
            SourceUnavailable: still failing after ``max_tries`` tries.
        """
        return self._request("epost", epost_params(pmids, webenv=webenv), parse_epost)

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
        params = efetch_params(history=history, retstart=retstart, retmax=retmax, pmids=pmids)
        accept = accept_efetch(expected=expected, retstart=retstart)
        return self._request("efetch", params, accept)

    def einfo(self) -> DatabaseInfo:
        """Return PubMed's build, record count and last update, for provenance."""
        return self._request("einfo", [], parse_einfo)

    # -- the retry loop ----------------------------------------------------
    def _request(self, utility: str, params: Params, accept: Accept[T]) -> T:
        url = self._config.base_url.rstrip("/") + "/" + _PATHS[utility]
        form = identified(params, self._config)
        cause = "no try was made"
        tries = self._config.max_tries
        for attempt in range(1, tries + 1):
            self._limiter.acquire()
            outcome = self._try_once(utility, url, form, attempt, accept)
            if not isinstance(outcome, Transient):
                return outcome
            # NCBI's 429 body echoes the API key ("api-key"), so causes are redacted.
            cause = self._redactor.text(outcome.cause)
            if attempt < tries:
                self.stats.retries += 1
                delay = backoff_delay(
                    attempt - 1,
                    base=self._config.backoff_base,
                    cap=self._config.backoff_cap,
                    rng=self._rng,
                )
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

    def _try_once(
        self,
        utility: str,
        url: str,
        form: Params,
        attempt: int,
        accept: Accept[T],
    ) -> T | Transient:
        public = Redactor.public(form)
        log.debug("POST %s try %d: %s", url, attempt, brief(public))
        started = datetime.now(UTC)
        clock = time.monotonic()
        self.stats.requests += 1
        answer = self._post(utility, url, form)
        if isinstance(answer, Transient):
            return answer
        status, body = answer
        if self._on_exchange is not None:
            self._on_exchange(
                Exchange(
                    utility=utility,
                    method="POST",
                    url=url,
                    params=public,
                    status=status,
                    body=self._redactor.body(body),
                    started=started,
                    elapsed=time.monotonic() - clock,
                    attempt=attempt,
                )
            )
        return judge(
            utility,
            url,
            status,
            body,
            accept,
            stats=self.stats,
            redactor=self._redactor,
        )

    def _post(self, utility: str, url: str, form: Params) -> tuple[int, bytes] | Transient:
        """Send one POST and read its status and body; transport failures are transient.

        Raises:
            ConfigError: the request cannot be sent at all (e.g. a malformed URL).
        """
        try:
            response = self._session.post(url, data=form, timeout=self._config.timeout)
            body = response.content
        except requests.Timeout as exc:
            self.stats.connection_errors += 1
            return Transient(f"no answer within {self._config.timeout:g} s ({type(exc).__name__})")
        except (
            requests.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            # A dropped connection or a body cut short in transit (IncompleteRead).
            self.stats.connection_errors += 1
            return Transient(f"{type(exc).__name__}: {self._redactor.text(str(exc))}")
        except requests.RequestException as exc:
            raise ConfigError(
                f"{utility}: cannot send a request to {url}: {self._redactor.text(str(exc))}"
            ) from exc
        return response.status_code, body
