"""The loopback E-utilities server's HTTP side: sockets, threads, lifecycle, request log.

:class:`EUtilsServer` serves a :class:`~reviewkit.loopback.corpus.Corpus` on
``127.0.0.1`` in a background thread, speaking the wire format of
``eutils.ncbi.nlm.nih.gov/entrez/eutils/`` (eutilities.md §3–§9 and §12). It
reads each request's parameters (query string and form body), hands them to
:func:`reviewkit.loopback.dispatch.respond`, writes the answer and logs a
:class:`LoggedRequest`, so tests can check what a client sent and when.

What each utility answers lives in its own module (:mod:`~reviewkit.loopback.esearch`,
:mod:`~reviewkit.loopback.efetch`, :mod:`~reviewkit.loopback.epost`,
:mod:`~reviewkit.loopback.einfo`, :mod:`~reviewkit.loopback.esummary`); the
history server, rate limit and fault injection in :mod:`~reviewkit.loopback.history`,
:mod:`~reviewkit.loopback.ratelimit` and :mod:`~reviewkit.loopback.faults`.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import socket
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import ClassVar, Self
from urllib.parse import parse_qsl, urlsplit

from reviewkit.errors import ConfigError
from reviewkit.loopback.backend import Backend
from reviewkit.loopback.corpus import Corpus
from reviewkit.loopback.dispatch import respond
from reviewkit.loopback.faults import Faults
from reviewkit.loopback.history import History
from reviewkit.loopback.ratelimit import RateLimiter
from reviewkit.loopback.request import UTILITIES, LoggedRequest, add_param, count_ids
from reviewkit.loopback.response import TEXT, Response

__all__ = ["EUtilsServer"]

logger = logging.getLogger(__name__)


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
        self._limiter = RateLimiter()
        self._history = History()
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()

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

    def _respond(self, utility: str, params: Mapping[str, str], client: str) -> Response:
        """Answer one request with the server's current settings."""
        backend = Backend(corpus=self.corpus, history=self._history, today=self.today, cap=self.cap)
        return respond(
            utility,
            params,
            client,
            backend=backend,
            faults=self.faults,
            limiter=self._limiter if self.rate_limit else None,
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
            add_param(params, name, value)
        length_text = self.headers.get("Content-Length") or "0"
        length = int(length_text) if length_text.isdigit() else 0
        if length:
            form = self.rfile.read(length).decode("utf-8", errors="replace")
            for name, value in parse_qsl(form, keep_blank_values=True):
                add_param(params, name, value)
        utility = url.path.removeprefix(self._prefix).removesuffix(".fcgi")
        if not url.path.startswith(self._prefix) or utility not in UTILITIES:
            response = Response(
                status=404, content_type=TEXT, body=f"Not found: {url.path}\n".encode()
            )
        else:
            try:
                response = app._respond(utility, params, self.client_address[0])
            except Exception as exc:  # translate a server bug into a visible HTTP 500
                logger.exception("loopback E-utilities failed on %s", self.path)
                response = Response(
                    status=500,
                    content_type=TEXT,
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
                ids_count=count_ids(params),
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

    def _write(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)
        self.wfile.flush()
