"""The HTTP adapter for NCBI's E-utilities (ESearch, EPost, EFetch, EInfo) on ``requests``.

This is the only package that talks to NCBI and the only place where ``requests``
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

The modules, by concept: ``client`` (:class:`EUtilsClient`: the utilities, the
retry loop and the HTTP call), ``config`` (:class:`EUtilsConfig`), ``params``
(each utility's parameters and local checks), ``judging`` (a response: value,
transient or rejected), ``retry`` (back-off), ``redaction`` (secrets kept out)
and ``exchange`` (:class:`Exchange`, :class:`ClientStats`).
"""

from __future__ import annotations

from reviewkit.eutils.client import EUtilsClient
from reviewkit.eutils.config import NCBI_BASE_URL, EUtilsConfig
from reviewkit.eutils.exchange import ClientStats, Exchange

__all__ = [
    "NCBI_BASE_URL",
    "ClientStats",
    "EUtilsClient",
    "EUtilsConfig",
    "Exchange",
]
