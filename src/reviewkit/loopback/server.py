"""A loopback NCBI E-utilities server: PubMed on 127.0.0.1, for tests and demos.

It speaks the wire format of ``eutils.ncbi.nlm.nih.gov/entrez/eutils/``
(see ``eutilities.md`` §3–§9 and §12): ESearch with history, the 9,999 cap and
date limits; EFetch by ID list or history; EPost; EInfo; a basic ESummary;
NCBI's 3/10 requests-per-second limit with its JSON 429 body; and faults that
tests queue up (:class:`Faults`). Every request is logged as a
:class:`LoggedRequest` so tests can check what a client sent and when.

This is an adapter (it owns sockets and threads); the searching lives in
:mod:`reviewkit.loopback.corpus` and :mod:`reviewkit.loopback.query`.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import math
import secrets
import socket
import threading
import time
import xml.etree.ElementTree as ET
from array import array
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import ClassVar, Self
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

from reviewkit.errors import ConfigError, ParseError
from reviewkit.loopback.corpus import PUBMED_XML_HEADER, Corpus, SearchResult
from reviewkit.loopback.query import (
    DATE_FIELDS,
    FIELD_LABELS,
    BoolOp,
    HistoryRef,
    Node,
    format_date,
    format_translation,
    history_keys,
    parse_date_bound,
    parse_query,
)

__all__ = ["FAULT_KINDS", "UTILITIES", "EUtilsServer", "Faults", "LoggedRequest"]

logger = logging.getLogger(__name__)

UTILITIES = ("esearch", "efetch", "epost", "einfo", "esummary")
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

# Prologs and DOCTYPEs exactly as NCBI sends them (shared/data/ncbi/Entrez, Nov 2025).
_UTF8_PROLOG = '<?xml version="1.0" encoding="UTF-8" ?>\n'
_DOCTYPES = {
    "esearch": '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">',
    "epost": '<!DOCTYPE ePostResult PUBLIC "-//NLM//DTD epost 20090526//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20090526/epost.dtd">',
    "einfo": '<!DOCTYPE eInfoResult PUBLIC "-//NLM//DTD einfo 20190110//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20190110/einfo.dtd">',
    # The DOCTYPE name really differs from the root element (eutilities.md §8).
    "efetch": '<!DOCTYPE eEfetchResult PUBLIC "-//NLM//DTD efetch 20131226//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">',
    "esummary": '<!DOCTYPE eSummaryResult PUBLIC "-//NLM//DTD esummary v1 20041029//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20041029/esummary-v1.dtd">',
}
_ROOTS = {
    "esearch": "eSearchResult",
    "epost": "ePostResult",
    "einfo": "eInfoResult",
    "efetch": "eFetchResult",
    "esummary": "eSummaryResult",
}
_XML = "text/xml; charset=UTF-8"
_HTML = "text/html; charset=UTF-8"
_TEXT = "text/plain; charset=UTF-8"

_EFETCH_MAX = 10_000
_MAX_UID = 2**64 - 1  # "Maximum ID value 18446744073709551615" (epost3.xml)
_SEARCH_FIELDS = {
    "title": "ti",
    "abstract": "ab",
    "tiab": "tiab",
    "mesh": "mh",
    "author": "au",
    "journal": "ta",
    "all": "all",
}

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
                if kind == "expired-webenv" and _webenv(params) is None:
                    continue
                del self._queue[position]
                return kind
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Response:
    status: int
    body: bytes
    content_type: str = _XML
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    drop: bool = False


class _RateLimiter:
    """NCBI's sliding one-second window: 3 requests/s per client, 10 with an API key."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, deque[float]] = {}

    def hit(self, client: str, now: float) -> int:
        """Record a request and return how many this client sent in the last second."""
        with self._lock:
            window = self._seen.setdefault(client, deque())
            window.append(now)
            while window and window[0] <= now - 1.0:
                window.popleft()
            return len(window)


class _History:
    """NCBI's history server: WebEnv -> the PMID sets stored under query keys 1, 2, …"""

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
        with self._lock:
            return webenv in self._envs

    def get(self, webenv: str, key: int) -> array[int] | None:
        with self._lock:
            sets = self._envs.get(webenv)
            return sets[key - 1] if sets is not None and 0 < key <= len(sets) else None

    def expire(self, webenv: str) -> None:
        with self._lock:
            self._envs.pop(webenv, None)


def _webenv(params: Mapping[str, str]) -> str | None:
    value = params.get("WebEnv") or params.get("webenv")
    return value.strip() if value and value.strip() else None


def _xml_doc(utility: str, inner: str, *, newline: bool = True) -> bytes:
    # NCBI puts a newline after the DOCTYPE of ESearch/EFetch errors, none after EPost's.
    sep = "\n" if newline else ""
    return f"{_UTF8_PROLOG}{_DOCTYPES[utility]}{sep}{inner}\n".encode()


def _error(utility: str, *messages: str, status: int = 200) -> _Response:
    root = _ROOTS[utility]
    errors = "".join(f"<ERROR>{escape(m)}</ERROR>" for m in messages)
    return _Response(status=status, body=_xml_doc(utility, f"<{root}>{errors}</{root}>"))


def _int_param(params: Mapping[str, str], name: str, default: int) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ParseError(f"parameter {name}={raw!r}: expected a non-negative integer")
    return int(raw)


def _split_ids(raw: str) -> tuple[list[int], int]:
    """Valid PMIDs in order (duplicates dropped) and how many entries were invalid."""
    valid: dict[int, None] = {}
    invalid = 0
    for part in raw.replace(" ", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if part.isdigit() and 0 < int(part) <= _MAX_UID:
            valid[int(part)] = None
        else:
            invalid += 1
    return list(valid), invalid


def _count_ids(params: Mapping[str, str]) -> int:
    return sum(1 for p in params.get("id", "").replace(" ", ",").split(",") if p.strip())


class EUtilsServer:
    """NCBI E-utilities for PubMed on ``127.0.0.1``, serving a :class:`Corpus`.

    Use as a context manager, or call :meth:`start` and :meth:`stop`::

        with EUtilsServer(corpus) as server:
            requests.get(server.url + "esearch.fcgi", params={"term": "alopecia"})

    Args:
        corpus: the records to serve.
        port: TCP port; 0 picks a free one.
        rate_limit: enforce 3 requests/s per client (10 with ``api_key``) with HTTP 429.
        faults: a shared :class:`Faults` (a new one by default).
        today: the date used for ``reldate`` and EInfo (the real date by default).
        cap: ESearch's visible-result cap for PubMed (9,999 like NCBI; lower it to
            exercise date slicing with a small corpus).
    """

    def __init__(
        self,
        corpus: Corpus,
        *,
        port: int = 0,
        rate_limit: bool = True,
        faults: Faults | None = None,
        today: datetime.date | None = None,
        cap: int = 9999,
    ) -> None:
        self.corpus = corpus
        self.faults = faults if faults is not None else Faults()
        self.rate_limit = rate_limit
        self.today = today
        self.cap = cap
        self.requests: list[LoggedRequest] = []
        self._port = port
        self._http: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._limiter = _RateLimiter()
        self._history = _History()
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._handlers: dict[str, Callable[[Mapping[str, str], str | None], _Response]] = {
            "esearch": self._esearch,
            "efetch": self._efetch,
            "epost": self._epost,
            "einfo": self._einfo,
            "esummary": self._esummary,
        }

    # --- lifecycle -----------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL ending in ``/entrez/eutils/``.

        Raises:
            ConfigError: the server has not been started.
        """
        if self._http is None:
            raise ConfigError("EUtilsServer.url: the server is not running; call start()")
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}/entrez/eutils/"

    def start(self) -> Self:
        """Bind 127.0.0.1 and serve in a background thread.

        Raises:
            ConfigError: the port cannot be bound.
        """
        if self._http is not None:
            return self
        try:
            http = _HTTPServer(("127.0.0.1", self._port), _Handler)
        except OSError as exc:
            raise ConfigError(
                f"loopback E-utilities: cannot bind 127.0.0.1:{self._port}: {exc}"
            ) from exc
        http.app = self
        self._stopping.clear()
        self._http = http
        self._thread = threading.Thread(
            target=http.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"eutils-loopback-{http.server_address[1]}",
            daemon=True,
        )
        self._thread.start()
        logger.info("loopback E-utilities serving %d records at %s", len(self.corpus), self.url)
        return self

    def stop(self) -> None:
        """Stop serving, close open connections and wait for the server thread."""
        http, self._http = self._http, None
        if http is None:
            return
        self._stopping.set()  # wakes handlers sleeping for latency or a "slow" fault
        http.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                conn.shutdown(socket.SHUT_RDWR)
        http.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _track(self, conn: socket.socket, *, open_: bool) -> None:
        with self._lock:
            if open_:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)

    # --- dispatch ------------------------------------------------------------

    def _respond(self, utility: str, params: Mapping[str, str], client: str) -> _Response:
        """Answer one request: rate limit, then any queued fault, then the utility."""
        rate_headers, limited = self._rate_check(params, client)
        if limited is not None:
            return limited
        fault = self.faults.take(utility, params)
        response = self._faulted(utility, fault, client) if fault else None
        if response is None:
            try:
                response = self._handlers[utility](params, fault)
            except ParseError as exc:
                # ESearch reports bad input inside a 200 like NCBI; EFetch answers 400.
                response = _error(utility, str(exc), status=400 if utility == "efetch" else 200)
        if (
            utility == "esearch"
            and params.get("retmode", "").strip().lower() == "json"
            and response.content_type == _XML
        ):
            response = replace(
                response,
                body=_esearch_json(response.body),
                content_type="application/json; charset=UTF-8",
            )
        if fault == "truncate":  # well framed: Content-Length will match the cut body
            response = replace(response, body=response.body[: len(response.body) // 2])
        if fault == "slow":
            response = replace(response, delay=self.faults.slow_seconds)
        if rate_headers:  # X-RateLimit-* on every answer, as NCBI sends them
            response = replace(response, headers=response.headers + rate_headers)
        return response

    def _rate_check(
        self, params: Mapping[str, str], client: str
    ) -> tuple[tuple[tuple[str, str], ...], _Response | None]:
        """Rate-limit headers for this request, and the 429 answer when over the limit."""
        if not self.rate_limit:
            return (), None
        api_key = params.get("api_key", "").strip()
        limit = 10 if api_key else 3
        count = self._limiter.hit(api_key or client, time.monotonic())
        headers = (
            ("X-RateLimit-Limit", str(limit)),
            ("X-RateLimit-Remaining", str(max(0, limit - count))),
        )
        if count <= limit:
            return headers, None
        return headers, self._too_many(api_key or client, count, limit, headers)

    @staticmethod
    def _too_many(
        who: str, count: int, limit: int, headers: tuple[tuple[str, str], ...] = ()
    ) -> _Response:
        # Without a key NCBI puts the client's IP address in "api-key" (eutilities.md §3).
        body = json.dumps(
            {
                "error": "API rate limit exceeded",
                "api-key": who,
                "count": str(count),
                "limit": str(limit),
            },
            separators=(",", ":"),
        )
        return _Response(
            status=429, body=body.encode(), content_type="application/json", headers=headers
        )

    def _faulted(self, utility: str, fault: str, client: str) -> _Response | None:
        """The canned answer for faults that replace the response entirely."""
        if fault == "429":
            return self._too_many(
                client, 4, 3, (("X-RateLimit-Limit", "3"), ("X-RateLimit-Remaining", "0"))
            )
        if fault == "500":
            return _Response(status=500, body=_HTML_500.encode(), content_type=_HTML)
        if fault == "502":
            return _Response(status=502, body=_HTML_BAD_GATEWAY.encode(), content_type=_HTML)
        if fault == "503":
            return _Response(status=503, body=_HTML_UNAVAILABLE.encode(), content_type=_HTML)
        if fault == "400-proxy":
            return _error(
                utility,
                "Error in proxy_stream(): Failed to connect to PubOne "
                "service: backend returned 502 Bad Gateway",
                status=400,
            )
        if fault == "error200":
            return _error(
                utility,
                "Search Backend failed: Exception:\nBackend "
                "temporarily unavailable, please retry later",
            )
        if fault == "drop":
            return _Response(status=0, body=b"", drop=True)
        return None

    # --- ESearch -------------------------------------------------------------

    def _esearch(self, params: Mapping[str, str], fault: str | None) -> _Response:
        db = params.get("db", "pubmed").strip() or "pubmed"
        if db != "pubmed":
            return _error("esearch", f"Invalid db name specified: {db}")
        term = params.get("term", "").strip()
        key_text = params.get("query_key", "").strip()
        if not term and not key_text:
            return _error("esearch", "Empty term and query_key - nothing todo")
        webenv = _webenv(params)
        if fault == "expired-webenv" and webenv is not None:
            self._history.expire(webenv)
        if webenv is not None and not self._history.exists(webenv):
            return _error(
                "esearch",
                f"Unable to obtain query #{key_text or 1}: WebEnv "
                f"{webenv} is unknown or has expired",
            )
        default_field = _SEARCH_FIELDS.get(params.get("field", "").strip().lower(), "all")
        query = parse_query(term, default_field=default_field) if term else None
        wanted = sorted(history_keys(query.root)) if query else []
        if key_text:
            wanted.append(_int_param(params, "query_key", 1))
        history: dict[int, array[int]] = {}
        for key in wanted:
            found = self._history.get(webenv, key) if webenv else None
            if found is None:
                return _error("esearch", f"Unable to obtain query #{key}")
            history[key] = found
        date_filter, date_text = self._date_limits(params)
        # With only a query_key, the search is the stored set itself (then date-limited).
        root: Node = query.root if query else HistoryRef(key=wanted[-1])
        result = self.corpus.search(
            root,
            history=history,
            within=history[wanted[-1]] if key_text else None,
            date_filter=date_filter,
            sort=params.get("sort", "").strip().lower(),
        )
        translation = format_translation(root)
        if date_text:
            if isinstance(root, BoolOp):
                translation = f"({translation})"
            translation = f"{translation} AND {date_text}"
        return self._esearch_page(
            params, webenv, result, translation, query.fields_not_found if query else ()
        )

    def _esearch_page(
        self,
        params: Mapping[str, str],
        webenv: str | None,
        result: SearchResult,
        translation: str,
        fields_not_found: tuple[str, ...],
    ) -> _Response:
        """Count, paging, the 9,999 cap and history storage for one search result."""
        count = len(result.pmids)
        if params.get("rettype", "").strip().lower() == "count":
            return _Response(
                status=200,
                body=_xml_doc("esearch", f"<eSearchResult><Count>{count}</Count></eSearchResult>"),
            )
        retstart = _int_param(params, "retstart", 0)
        retmax = _int_param(params, "retmax", 20)
        if retstart >= self.cap:
            return _error("esearch", self._retstart_message())
        stored = ""
        if params.get("usehistory", "").strip().lower() == "y":
            env, key = self._history.store(webenv, result.pmids)
            stored = f"<QueryKey>{key}</QueryKey><WebEnv>{env}</WebEnv>"
        end = min(retstart + retmax, count, self.cap)
        ids = result.pmids[retstart:end] if end > retstart else array("Q")
        warnings = []
        if retstart + retmax > self.cap and count > self.cap:
            warnings.append(
                "Restrictions achieved. start and count adjusted to "
                f"{retstart}, {self.cap - retstart}"
            )
        if count == 0:
            warnings.append("No items found.")
        return _Response(
            status=200,
            body=_xml_doc(
                "esearch",
                _esearch_xml(
                    count=count,
                    retstart=retstart,
                    stored=stored,
                    ids=ids,
                    translation=translation,
                    not_found=result.phrases_not_found,
                    fields_not_found=fields_not_found,
                    warnings=warnings,
                ),
            ),
        )

    def _retstart_message(self) -> str:
        # NCBI's wording (eutilities.md §5), with the cap this server was given.
        last = self.cap - 1
        return (
            f"Search Backend failed: Exception:\n'retstart' cannot be larger than {last}. "
            f"For PubMed, ESearch can only retrieve the first {self.cap:,} records matching "
            f"the query. To obtain more than {self.cap:,} PubMed records, consider using "
            "EDirect that contains additional logic to batch PubMed search results "
            "automatically so that an arbitrary number can be retrieved. For details see "
            "https://www.ncbi.nlm.nih.gov/books/NBK25499/"
        )

    def _date_limits(self, params: Mapping[str, str]) -> tuple[tuple[str, int, int] | None, str]:
        """ESearch's datetype + mindate/maxdate (or reldate) as a filter and its translation."""
        datetype = params.get("datetype", "").strip().lower() or "pdat"
        if datetype not in DATE_FIELDS:
            raise ParseError(f"parameter datetype={datetype!r}: expected pdat, edat or mdat")
        mindate = params.get("mindate", "").strip()
        maxdate = params.get("maxdate", "").strip()
        reldate = params.get("reldate", "").strip()
        if mindate or maxdate:
            if not (mindate and maxdate):
                raise ParseError("parameters mindate and maxdate must be given together")
            lo = parse_date_bound(mindate, upper=False)
            hi = parse_date_bound(maxdate, upper=True)
        elif reldate:
            days = _int_param(params, "reldate", 0)
            today = self.today or datetime.date.today()
            start = today - datetime.timedelta(days=days)
            lo = start.year * 10000 + start.month * 100 + start.day
            hi = today.year * 10000 + today.month * 100 + today.day
        else:
            return None, ""
        text = f"{format_date(lo)}:{format_date(_clamp_day(hi))}[{FIELD_LABELS[datetype]}]"
        return (datetype, lo, hi), text

    # --- EFetch / ESummary ---------------------------------------------------

    def _requested(
        self, utility: str, params: Mapping[str, str], fault: str | None
    ) -> tuple[list[int], _Response | None]:
        """The PMIDs an EFetch/ESummary asks for (after retstart/retmax), or an error."""
        if params.get("id", "").strip():
            pmids: Sequence[int]
            pmids, _ = _split_ids(params["id"])
            if not pmids:
                return [], _error(
                    utility, "ID list is empty! Possibly it has no correct IDs.", status=400
                )
            default_max = len(pmids)
        else:
            webenv = _webenv(params)
            key_text = params.get("query_key", "").strip() or "1"
            if webenv is None:
                return [], _error(
                    utility, "ID list is empty! Possibly it has no correct IDs.", status=400
                )
            if fault == "expired-webenv":
                self._history.expire(webenv)
            if not key_text.isdigit():
                raise ParseError(f"parameter query_key={key_text!r}: expected an integer")
            stored = self._history.get(webenv, int(key_text))
            if stored is None:
                return [], _error(utility, f"Unable to obtain query #{key_text}")
            pmids = stored
            default_max = 20  # NCBI's default page for a history set (unverified)
        retstart = _int_param(params, "retstart", 0)
        retmax = _int_param(params, "retmax", default_max)
        # Only an explicit retmax is capped: an id= list has "no set maximum" (NBK25499).
        if "retmax" in params and retmax > _EFETCH_MAX:
            return [], _error(
                utility,
                f"retmax={retmax} exceeds the maximum of {_EFETCH_MAX} records per request",
                status=400,
            )
        return list(pmids[retstart : retstart + retmax]), None

    def _efetch(self, params: Mapping[str, str], fault: str | None) -> _Response:
        db = params.get("db", "").strip()
        if db != "pubmed":
            return _error("efetch", f"Invalid db name specified: {db or '(none)'}", status=400)
        pmids, failure = self._requested("efetch", params, fault)
        if failure is not None:
            return failure
        retmode = params.get("retmode", "").strip().lower()
        rettype = params.get("rettype", "").strip().lower()
        if retmode != "xml" and rettype in ("uilist",):
            return _Response(
                status=200,
                content_type=_TEXT,
                body="".join(f"{p}\n" for p in pmids if self.corpus.raw(p) is not None).encode(),
            )
        if retmode not in ("xml", "") or rettype not in ("", "xml", "abstract", "full"):
            return _Response(
                status=400,
                content_type=_TEXT,
                body=(
                    f"rettype={rettype!r} retmode={retmode!r} is not supported by the reviewkit "
                    "loopback server; use retmode=xml\n"
                ).encode(),
            )
        if retmode == "":
            return _Response(status=200, content_type=_TEXT, body=_asn1_stub(pmids))
        found = [raw for p in pmids if (raw := self.corpus.raw(p)) is not None]
        deleted = [p for p in pmids if self.corpus.is_deleted(p)]
        if fault == "empty":
            found = []
        elif fault == "short" and found:
            found = found[: len(found) - max(1, math.ceil(len(found) / 4))]
        body = [PUBMED_XML_HEADER, b"<PubmedArticleSet>"]
        if found or deleted:
            body.append(b"\n")
        body.extend(found)
        if deleted:
            body.append(
                b"<DeleteCitation>"
                + b"".join(b'<PMID Version="1">%d</PMID>' % p for p in deleted)
                + b"</DeleteCitation>"
            )
        body.append(b"</PubmedArticleSet>")
        return _Response(status=200, body=b"".join(body))

    def _esummary(self, params: Mapping[str, str], fault: str | None) -> _Response:
        db = params.get("db", "pubmed").strip() or "pubmed"
        if db != "pubmed":
            return _error("esummary", f"Invalid db name specified: {db}")
        pmids, failure = self._requested("esummary", params, fault)
        if failure is not None:
            return failure
        sums = [_docsum(p, raw) for p in pmids if (raw := self.corpus.raw(p)) is not None]
        if not sums:
            return _error("esummary", "Empty result - nothing todo")
        return _Response(
            status=200,
            body=_xml_doc("esummary", "<eSummaryResult>\n" + "".join(sums) + "\n</eSummaryResult>"),
        )

    # --- EPost / EInfo -------------------------------------------------------

    def _epost(self, params: Mapping[str, str], fault: str | None) -> _Response:
        db = params.get("db", "pubmed").strip()
        if db != "pubmed":
            # This one error comes laid out differently (epost2.xml vs epost3.xml).
            inner = f"<ePostResult>\n\t<ERROR>Invalid db name specified: {escape(db)}</ERROR>\n"
            return _Response(status=200, body=_xml_doc("epost", inner + "</ePostResult>"))
        pmids, invalid = _split_ids(params.get("id", ""))
        errors = []
        if not pmids:
            errors.append("Empty ID list; Nothing to store")
        if invalid:
            errors.append(
                f"Some IDs have invalid value and were omitted. Maximum ID value {_MAX_UID}"
            )
        if len(pmids) > _EFETCH_MAX:
            errors.insert(0, f"Too many UIDs in request. Maximum number of UIDs is {_EFETCH_MAX}")
            pmids = []
        webenv = _webenv(params)
        if fault == "expired-webenv" and webenv is not None:
            self._history.expire(webenv)
        if webenv is not None and not self._history.exists(webenv):
            return _epost_errors(f"WebEnv {webenv} is unknown or has expired")
        if not pmids:
            return _epost_errors(*errors)
        env, key = self._history.store(webenv, array("Q", pmids))
        tail = "".join(f"\n\t<ERROR>{escape(e)}</ERROR>" for e in errors)
        inner = f"<ePostResult>\n\t<QueryKey>{key}</QueryKey>\n\t<WebEnv>{env}</WebEnv>{tail}\n"
        return _Response(
            status=200, body=_xml_doc("epost", inner + "</ePostResult>", newline=False)
        )

    def _einfo(self, params: Mapping[str, str], fault: str | None) -> _Response:
        db = params.get("db", "").strip()
        if not db:
            names = "".join(f"\t<DbName>{n}</DbName>\n" for n in ("pubmed", "pmc", "mesh"))
            return _Response(
                status=200,
                body=_xml_doc(
                    "einfo", f"<eInfoResult>\n<DbList>\n\n{names}</DbList>\n\n</eInfoResult>"
                ),
            )
        if db != "pubmed":
            return _error("einfo", f"Invalid db name specified: {db}")
        now = self.today or datetime.date.today()
        inner = (
            "<eInfoResult>\n\t<DbInfo>\n\t\t<DbName>pubmed</DbName>\n"
            "\t\t<MenuName>PubMed</MenuName>\n"
            "\t\t<Description>PubMed bibliographic record</Description>\n"
            f"\t\t<DbBuild>Build-{now:%Y.%m.%d}.06.33</DbBuild>\n"
            f"\t\t<Count>{len(self.corpus)}</Count>\n"
            f"\t\t<LastUpdate>{now:%Y/%m/%d} 06:33</LastUpdate>\n"
            "\t</DbInfo>\n\n</eInfoResult>"
        )
        return _Response(status=200, body=_xml_doc("einfo", inner))


def _clamp_day(value: int) -> int:
    """Keep an upper bound printable: 2010/02/31 is shown as 2010/02/28 (or 29)."""
    year, month, day = value // 10000, value // 100 % 100, value % 100
    for candidate in range(day, 27, -1):
        try:
            datetime.date(year, month, candidate)
        except ValueError:
            continue
        return year * 10000 + month * 100 + candidate
    return value


def _esearch_xml(
    *,
    count: int,
    retstart: int,
    stored: str,
    ids: array[int],
    translation: str,
    not_found: tuple[str, ...],
    fields_not_found: tuple[str, ...],
    warnings: list[str],
) -> str:
    # Element order and line breaks as in esearch1.xml / esearch2.xml / esearch8.xml.
    id_list = (
        "<IdList>\n" + "".join(f"<Id>{p}</Id>\n" for p in ids) + "</IdList>"
        if len(ids)
        else "<IdList/>"
    )
    parts = [
        f"<eSearchResult><Count>{count}</Count><RetMax>{len(ids)}</RetMax>"
        f"<RetStart>{retstart}</RetStart>{stored}{id_list}<TranslationSet/>"
        f"<QueryTranslation>{escape(translation)}</QueryTranslation>"
    ]
    if not_found or fields_not_found:
        parts.append(
            "<ErrorList>"
            + "".join(f"<PhraseNotFound>{escape(p)}</PhraseNotFound>" for p in not_found)
            + "".join(f"<FieldNotFound>{escape(f)}</FieldNotFound>" for f in fields_not_found)
            + "</ErrorList>"
        )
    if warnings:
        parts.append(
            "<WarningList>"
            + "".join(f"<OutputMessage>{escape(w)}</OutputMessage>" for w in warnings)
            + "</WarningList>"
        )
    parts.append("</eSearchResult>")
    return "".join(parts)


def _esearch_json(xml: bytes) -> bytes:
    """ESearch's ``retmode=json`` form of an eSearchResult (keys as NCBI's, counts as text)."""
    root = ET.fromstring(xml)
    result: dict[str, object] = {}
    for tag, key in (
        ("Count", "count"),
        ("RetMax", "retmax"),
        ("RetStart", "retstart"),
        ("QueryKey", "querykey"),
        ("WebEnv", "webenv"),
    ):
        if (value := root.findtext(tag)) is not None:
            result[key] = value
    if root.find("IdList") is not None:
        result["idlist"] = [e.text or "" for e in root.iterfind("IdList/Id")]
        result["translationset"] = []
        result["querytranslation"] = root.findtext("QueryTranslation") or ""
    if (errors := root.find("ErrorList")) is not None:
        result["errorlist"] = {
            "phrasesnotfound": [e.text or "" for e in errors.iterfind("PhraseNotFound")],
            "fieldsnotfound": [e.text or "" for e in errors.iterfind("FieldNotFound")],
        }
    if (warnings := root.find("WarningList")) is not None:
        result["warninglist"] = {
            "phrasesignored": [],
            "quotedphrasesnotfound": [],
            "outputmessages": [e.text or "" for e in warnings.iterfind("OutputMessage")],
        }
    if (error := root.findtext("ERROR")) is not None:
        result["ERROR"] = error
    document = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
    return json.dumps(document, indent=2).encode()


def _epost_errors(*messages: str) -> _Response:
    inner = "".join(f"\n\t<ERROR>{escape(m)}</ERROR>" for m in messages)
    return _Response(
        status=200, body=_xml_doc("epost", f"<ePostResult>{inner}</ePostResult>", newline=False)
    )


def _asn1_stub(pmids: list[int]) -> bytes:
    """What PubMed sends without ``retmode``: ASN.1 text, not XML (eutilities.md §6)."""
    return "".join(
        f"Pubmed-entry ::= {{\n  pmid {p},\n  medent {{ }}\n}}\n" for p in pmids
    ).encode()


def _docsum(pmid: int, raw: bytes) -> str:
    """An ESummary (version 1) DocSum built from the stored article."""
    root = ET.fromstring(raw)
    art = "MedlineCitation/Article"
    pub = root.find(f"{art}/Journal/JournalIssue/PubDate")
    pub_text = " ".join(e.text or "" for e in pub) if pub is not None else ""
    authors = [
        " ".join(filter(None, (a.findtext("LastName"), a.findtext("Initials"))))
        or (a.findtext("CollectiveName") or "")
        for a in root.iterfind(f"{art}/AuthorList/Author")
    ]
    title_elem = root.find(f"{art}/ArticleTitle")
    title = "".join(title_elem.itertext()) if title_elem is not None else ""
    doi = next(
        (
            e.text or ""
            for e in root.iterfind("PubmedData/ArticleIdList/ArticleId")
            if e.get("IdType") == "doi"
        ),
        "",
    )
    items = [
        ("PubDate", "Date", pub_text),
        ("Source", "String", root.findtext(f"{art}/Journal/ISOAbbreviation") or ""),
        ("Title", "String", title),
        ("DOI", "String", doi),
    ]
    author_xml = "".join(f'<Item Name="Author" Type="String">{escape(a)}</Item>' for a in authors)
    body = "".join(f'\t<Item Name="{n}" Type="{t}">{escape(v)}</Item>\n' for n, t, v in items)
    return (
        f"<DocSum>\n\t<Id>{pmid}</Id>\n{body}"
        f'\t<Item Name="AuthorList" Type="List">{author_xml}</Item>\n</DocSum>\n'
    )


# --- HTTP plumbing -----------------------------------------------------------


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    app: EUtilsServer

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients vanishing mid-request are normal in fault tests: log, don't print.
        logger.debug(
            "loopback E-utilities: connection from %s failed", client_address, exc_info=True
        )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as requests.Session expects
    server_version = "reviewkit-loopback"
    timeout = 60  # idle keep-alive connections are closed after a minute
    # Headers and body go out in separate writes; with Nagle's algorithm on, the
    # client's delayed ACK would add ~40 ms to every response.
    disable_nagle_algorithm = True
    server: _HTTPServer
    _prefix: ClassVar[str] = "/entrez/eutils/"

    def setup(self) -> None:
        super().setup()
        self.server.app._track(self.connection, open_=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.app._track(self.connection, open_=False)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        arrived = time.monotonic()
        app = self.server.app
        url = urlsplit(self.path)
        params: dict[str, str] = {}
        for name, value in parse_qsl(url.query, keep_blank_values=True):
            _add_param(params, name, value)
        length_text = self.headers.get("Content-Length") or "0"
        length = int(length_text) if length_text.isdigit() else 0
        if length:
            form = self.rfile.read(length).decode("utf-8", errors="replace")
            for name, value in parse_qsl(form, keep_blank_values=True):
                _add_param(params, name, value)
        utility = url.path.removeprefix(self._prefix).removesuffix(".fcgi")
        if not url.path.startswith(self._prefix) or utility not in UTILITIES:
            response = _Response(
                status=404, content_type=_TEXT, body=f"Not found: {url.path}\n".encode()
            )
        else:
            try:
                response = app._respond(utility, params, self.client_address[0])
            except Exception as exc:  # translate a server bug into a visible HTTP 500
                logger.exception("loopback E-utilities failed on %s", self.path)
                response = _Response(
                    status=500,
                    content_type=_TEXT,
                    body=f"loopback server error: {exc!r}\n".encode(),
                )
        app._sleep(app.faults.latency + response.delay)
        app.requests.append(
            LoggedRequest(
                time=arrived,
                method=method,
                utility=utility,
                params=params,
                status=response.status,
                bytes_sent=len(response.body),
                ids_count=_count_ids(params),
            )
        )
        if response.drop:
            self.close_connection = True
            return
        try:
            self._write(response)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up first (its timeout during a "slow" fault): nothing to do.
            self.close_connection = True

    def _write(self, response: _Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)
        self.wfile.flush()


def _add_param(params: dict[str, str], name: str, value: str) -> None:
    # Repeated id= parameters add up (id=1&id=2); any other repeat keeps the last.
    if name == "id" and params.get("id"):
        params["id"] = f"{params['id']},{value}"
    else:
        params[name] = value
