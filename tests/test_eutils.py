"""Tests for reviewkit.eutils: the E-utilities HTTP adapter.

Unit tests run against a scripted ``requests`` transport adapter (no sockets);
the integration tests at the end use the loopback E-utilities server when it is
importable.
"""

from __future__ import annotations

import itertools
import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from requests.adapters import BaseAdapter

from reviewkit import eutils
from reviewkit.errors import ConfigError, QueryRejected, SourceUnavailable, UnsafeXML
from reviewkit.eutils import EUtilsClient, EUtilsConfig, Exchange
from reviewkit.eutils_responses import HistoryKey, parse_efetch_pmids
from reviewkit.ratelimit import IntervalLimiter

DATA = Path(__file__).parent / "data" / "ncbi" / "Entrez"

BASE_URL = "http://ncbi.test/entrez/eutils/"

Reply = tuple[int, bytes] | BaseException | Callable[["Call"], "tuple[int, bytes]"]


@dataclass
class Call:
    """One request the fake transport received."""

    method: str
    url: str
    form: list[tuple[str, str]]

    @property
    def utility(self) -> str:
        return urlsplit(self.url).path.rsplit("/", 1)[-1].removesuffix(".fcgi")

    def param(self, name: str) -> str | None:
        return next((v for k, v in self.form if k == name), None)


@dataclass
class FakeTransport(BaseAdapter):
    """Answers each request with the next scripted reply (the last one repeats)."""

    replies: list[Reply] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        body = request.body or ""
        if isinstance(body, bytes):
            body = body.decode()
        call = Call(method=request.method, url=request.url, form=parse_qsl(body))
        self.calls.append(call)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, BaseException):
            raise reply
        status, content = reply(call) if callable(reply) else reply
        response = requests.Response()
        response.status_code = status
        response._content = content
        response.url = request.url
        response.request = request
        return response

    def close(self) -> None:
        pass


def session_with(transport: FakeTransport) -> requests.Session:
    session = requests.Session()
    session.mount("http://ncbi.test/", transport)
    return session


def esearch_body(
    ids: Iterable[str] = ("1", "2"),
    *,
    count: int | None = None,
    webenv: str | None = "MCID_0123456789abcdef01234567",
    query_key: str = "1",
    retstart: int = 0,
) -> bytes:
    ids = list(ids)
    history = (
        f"<QueryKey>{query_key}</QueryKey><WebEnv>{webenv}</WebEnv>" if webenv is not None else ""
    )
    id_list = "".join(f"<Id>{i}</Id>" for i in ids)
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        f"<eSearchResult><Count>{len(ids) if count is None else count}</Count>"
        f"<RetMax>{len(ids)}</RetMax><RetStart>{retstart}</RetStart>{history}"
        f"<IdList>{id_list}</IdList><TranslationSet/>"
        "<QueryTranslation>x[All Fields]</QueryTranslation></eSearchResult>"
    ).encode()


def efetch_body(pmids: Iterable[str]) -> bytes:
    articles = "".join(
        '<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="1">{p}</PMID><Article><ArticleTitle>Title {p}</ArticleTitle>'
        "</Article></MedlineCitation></PubmedArticle>"
        for p in pmids
    )
    return (
        '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
        '1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
        f"<PubmedArticleSet>{articles}</PubmedArticleSet>"
    ).encode()


def error_body(root: str, message: str) -> bytes:
    return f'<?xml version="1.0" ?>\n<{root}><ERROR>{message}</ERROR></{root}>'.encode()


class MaxRandom:
    """A ``random.Random`` stand-in whose jitter is always (almost) the full ceiling."""

    def random(self) -> float:
        return 1.0


class CountingLimiter:
    def __init__(self) -> None:
        self.acquired = 0

    def acquire(self) -> None:
        self.acquired += 1


API_KEY = "SECRETKEY0123456789abcdef"
EMAIL = "reviewer@example.org"
HISTORY = HistoryKey(webenv="MCID_0123456789abcdef01234567", query_key="1")


def make_client(transport: FakeTransport, **config_overrides):
    options = {"base_url": BASE_URL, "email": EMAIL, "api_key": API_KEY, "max_tries": 3}
    options.update(config_overrides)
    sleeps: list[float] = []
    exchanges: list[Exchange] = []
    limiter = CountingLimiter()
    client = EUtilsClient(
        session_with(transport),
        EUtilsConfig(**options),
        limiter=limiter,
        on_exchange=exchanges.append,
        sleep=sleeps.append,
        rng=MaxRandom(),
    )
    return client, sleeps, exchanges, limiter


# -- transient faults are retried ------------------------------------------------

RATE_LIMITED = (
    429,
    b'{"error":"API rate limit exceeded","api-key":"10.0.0.1","count":"5","limit":"3"}',
)
HTML_500 = (500, b"<html><title>NCBI/eutils202 - WWW Error 500 Diagnostic</title></html>")
PROXY_400 = (400, error_body("eFetchResult", "proxy_stream(): Failed to connect to PubOne service"))
BACKEND_200 = (200, error_body("eSearchResult", "Search Backend failed: Exception: timeout"))

FAULTS = {
    "429": (RATE_LIMITED, "rate_limited"),
    "500": (HTML_500, "server_errors"),
    "502": ((502, b"Bad Gateway"), "server_errors"),
    "503": ((503, b""), "server_errors"),
    "400 relaying a 502": (PROXY_400, "server_errors"),
    "drop": (
        requests.ConnectionError("Connection aborted: RemoteDisconnected"),
        "connection_errors",
    ),
    "timeout": (requests.ReadTimeout("read timed out"), "connection_errors"),
    "connect timeout": (requests.ConnectTimeout("connect timed out"), "connection_errors"),
    "truncated in transit": (
        requests.exceptions.ChunkedEncodingError("IncompleteRead(100 bytes read)"),
        "connection_errors",
    ),
    "truncated XML": ((200, efetch_body(["1", "2"])[:-40]), "invalid_bodies"),
    "empty body": ((200, b""), "invalid_bodies"),
    "plain-text outage": ((200, b"Unable to route request!"), "invalid_bodies"),
    "JSON at 200": ((200, RATE_LIMITED[1]), "invalid_bodies"),
    "short batch": ((200, efetch_body(["1"])), "invalid_bodies"),
    "error200": (BACKEND_200, "server_errors"),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_each_transient_fault_is_retried_then_succeeds(fault):
    reply, counter = FAULTS[fault]
    transport = FakeTransport([reply, (200, efetch_body(["1", "2"]))])
    client, sleeps, _, limiter = make_client(transport)

    body = client.efetch(history=HISTORY, retstart=0, retmax=2, expected=2)

    assert parse_efetch_pmids(body, origin="t").pmids == ("1", "2")
    assert len(transport.calls) == 2
    assert limiter.acquired == 2  # every try waits on the limiter
    assert client.stats.requests == 2
    assert client.stats.retries == 1
    assert getattr(client.stats, counter) == 1
    assert sleeps == [pytest.approx(0.5)]  # full jitter of min(cap, 0.5 * 2**0)


def test_search_backend_failure_in_esearch_is_retried():
    transport = FakeTransport([BACKEND_200, (200, esearch_body(["5", "6"]))])
    client, sleeps, _, _ = make_client(transport)

    result = client.esearch("hair[tiab]", retmax=10)

    assert result.ids == ("5", "6")
    assert client.stats.server_errors == 1
    assert len(sleeps) == 1


def test_a_persistent_fault_raises_source_unavailable_naming_utility_tries_and_cause():
    transport = FakeTransport([HTML_500])
    client, sleeps, _, _ = make_client(transport, max_tries=4)

    with pytest.raises(SourceUnavailable) as caught:
        client.efetch(history=HISTORY)

    message = str(caught.value)
    assert message.startswith("pubmed: efetch failed after 4 tries: HTTP 500")
    assert "WWW Error 500" in message
    assert f"url {BASE_URL}efetch.fcgi" in message
    assert len(transport.calls) == 4
    assert client.stats.retries == 3
    # Exponential ceilings 0.5, 1, 2 with the jitter at its maximum.
    assert sleeps == [pytest.approx(0.5), pytest.approx(1.0), pytest.approx(2.0)]


def test_backoff_is_capped_and_jittered():
    transport = FakeTransport([(503, b"")])
    sleeps: list[float] = []
    client = EUtilsClient(
        session_with(transport),
        EUtilsConfig(base_url=BASE_URL, max_tries=8, backoff_base=1.0, backoff_cap=5.0),
        limiter=CountingLimiter(),
        sleep=sleeps.append,
        rng=random.Random(7),
    )
    with pytest.raises(SourceUnavailable):
        client.einfo()
    ceilings = [1, 2, 4, 5, 5, 5, 5]
    assert len(sleeps) == len(ceilings)
    assert all(0 <= s <= c for s, c in zip(sleeps, ceilings, strict=True))
    assert len(set(sleeps)) == len(sleeps)  # jittered, not a fixed schedule


def test_a_persistent_timeout_says_so():
    transport = FakeTransport([requests.ReadTimeout("read timed out")])
    client, _, exchanges, _ = make_client(transport, timeout=2.5)

    with pytest.raises(
        SourceUnavailable, match=r"esearch failed after 3 tries: no answer within 2.5 s"
    ):
        client.esearch("x")
    assert exchanges == []  # no response, nothing to archive
    assert client.stats.connection_errors == 3


# -- permanent failures are not retried ------------------------------------------


@pytest.mark.parametrize(
    ("utility", "reply", "expected"),
    [
        (
            "efetch",
            (400, error_body("eFetchResult", "ID list is empty! Possibly it has no correct IDs.")),
            "HTTP 400: ID list is empty!",
        ),
        ("efetch", (414, b"Request-URI Too Long"), "HTTP 414: Request-URI Too Long"),
        ("efetch", (200, error_body("eFetchResult", "Invalid query_key")), "Invalid query_key"),
        (
            "esearch",
            (
                200,
                error_body(
                    "eSearchResult",
                    "Search Backend failed: Exception:\n'retstart' cannot be larger than 9998. "
                    "For PubMed, ESearch can only retrieve the first 9,999 records matching "
                    "the query.",
                ),
            ),
            "'retstart' cannot be larger than 9998",
        ),
        (
            "esearch",
            (
                200,
                error_body(
                    "eSearchResult",
                    "Search Backend failed: Exception:\n"
                    "Position 15000 is out of acceptable range [9999,9998]",
                ),
            ),
            "out of acceptable range",
        ),
        (
            "esearch",
            (200, error_body("eSearchResult", "Invalid query: unbalanced parenthesis")),
            "unbalanced parenthesis",
        ),
        ("epost", (200, (DATA / "epost3.xml").read_bytes()), "Some IDs have invalid value"),
        (
            "einfo",
            (200, error_body("eInfoResult", "Invalid db name specified: nothing")),
            "Invalid db name",
        ),
    ],
)
def test_permanent_failures_raise_query_rejected_at_once(utility, reply, expected):
    transport = FakeTransport([reply])
    client, sleeps, _, _ = make_client(transport)
    call = {
        "efetch": lambda: client.efetch(pmids=["0"]),
        "esearch": lambda: client.esearch("hair", retstart=15000),
        "epost": lambda: client.epost(["1" * 32]),
        "einfo": client.einfo,
    }[utility]

    with pytest.raises(QueryRejected) as caught:
        call()

    assert expected in str(caught.value)
    assert str(caught.value).startswith("pubmed: ")
    assert len(transport.calls) == 1
    assert sleeps == []


def test_unsafe_xml_is_refused_not_retried():
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><eSearchResult><Count>&a;</Count></eSearchResult>'
    transport = FakeTransport([(200, bomb)])
    client, _, _, _ = make_client(transport)
    with pytest.raises(UnsafeXML):
        client.esearch("x")
    assert len(transport.calls) == 1


def test_phrase_not_found_is_a_result_with_count_zero():
    transport = FakeTransport([(200, (DATA / "esearch8.xml").read_bytes())])
    client, _, _, _ = make_client(transport)

    result = client.esearch("abcXYZ")

    assert result.count == 0
    assert result.ids == ()
    assert [str(e) for e in result.errors] == ["PhraseNotFound: abcXYZ"]
    assert [str(w) for w in result.warnings] == ["OutputMessage: No items found."]


def test_local_argument_checks_raise_query_rejected_without_a_request():
    transport = FakeTransport([(200, b"")])
    client, _, _, _ = make_client(transport)
    with pytest.raises(QueryRejected, match="mindate and maxdate"):
        client.esearch("x", mindate="2020")
    with pytest.raises(QueryRejected, match="retmax"):
        client.esearch("x", retmax=10_001)
    with pytest.raises(QueryRejected, match="exactly one"):
        client.efetch()
    with pytest.raises(QueryRejected, match="exactly one"):
        client.efetch(history=HISTORY, pmids=["1"])
    with pytest.raises(QueryRejected, match="retmax"):
        client.efetch(history=HISTORY, retmax=0)
    with pytest.raises(QueryRejected, match="empty"):
        client.efetch(pmids=[])
    with pytest.raises(QueryRejected, match="got 0"):
        client.epost([])
    with pytest.raises(QueryRejected, match="got 10001"):
        client.epost(["1"] * 10_001)
    assert transport.calls == []


def test_a_broken_base_url_is_a_config_error():
    client = EUtilsClient(
        requests.Session(), EUtilsConfig(base_url="nonsense://x/"), limiter=CountingLimiter()
    )
    with pytest.raises(
        ConfigError, match=r"einfo: cannot send a request to nonsense://x/einfo\.fcgi"
    ):
        client.einfo()


def test_max_tries_below_one_is_a_config_error():
    with pytest.raises(ConfigError, match="max_tries"):
        EUtilsClient(requests.Session(), EUtilsConfig(max_tries=0), limiter=CountingLimiter())


# -- what goes on the wire -------------------------------------------------------


def test_every_request_is_a_post_identifying_the_tool_with_db_pubmed():
    transport = FakeTransport(
        [
            (200, esearch_body(["1", "2"])),
            (200, (DATA / "epost1.xml").read_bytes()),
            (200, efetch_body(["1", "2"])),
            (200, (DATA / "einfo2.xml").read_bytes()),
        ]
    )
    client, _, _, _ = make_client(transport, tool="reviewkit-test")

    client.esearch("hair loss", retmax=2)
    client.epost(["1", "2"])
    client.efetch(history=HISTORY, retmax=2)
    client.einfo()

    assert [c.utility for c in transport.calls] == ["esearch", "epost", "efetch", "einfo"]
    for call in transport.calls:
        assert call.method == "POST"
        assert "?" not in call.url  # nothing, in particular no key, in the URL
        assert call.param("db") == "pubmed"
        assert call.param("tool") == "reviewkit-test"
        assert call.param("email") == EMAIL
        assert call.param("api_key") == API_KEY


def test_email_and_key_are_left_out_when_not_configured():
    transport = FakeTransport([(200, esearch_body())])
    client, _, _, _ = make_client(transport, email=None, api_key=None)
    client.esearch("x")
    names = [k for k, _ in transport.calls[0].form]
    assert "email" not in names
    assert "api_key" not in names
    assert "tool" in names


def test_esearch_sends_history_dates_and_sort():
    transport = FakeTransport([(200, esearch_body(["7"]))])
    client, _, _, _ = make_client(transport)

    result = client.esearch(
        "hair",
        retstart=5,
        retmax=100,
        webenv="MCID_x",
        datetype="pdat",
        mindate="2020/01/01",
        maxdate="2020/12/31",
        sort="pub_date",
    )

    call = transport.calls[0]
    assert call.param("term") == "hair"
    assert call.param("retstart") == "5"
    assert call.param("retmax") == "100"
    assert call.param("usehistory") == "y"
    assert call.param("WebEnv") == "MCID_x"
    assert (call.param("datetype"), call.param("mindate"), call.param("maxdate")) == (
        "pdat",
        "2020/01/01",
        "2020/12/31",
    )
    assert call.param("sort") == "pub_date"
    assert result.history == HistoryKey(webenv="MCID_0123456789abcdef01234567", query_key="1")


def test_count_only_asks_for_rettype_count_without_history():
    transport = FakeTransport([(200, b"<eSearchResult><Count>42</Count></eSearchResult>")])
    client, _, _, _ = make_client(transport)

    result = client.esearch("hair", count_only=True)

    call = transport.calls[0]
    assert call.param("rettype") == "count"
    assert call.param("usehistory") is None
    assert result.count == 42
    assert result.ids == ()


def test_efetch_pages_a_history_set_as_xml():
    transport = FakeTransport([(200, efetch_body(["11", "12", "13"]))])
    client, _, _, _ = make_client(transport)

    client.efetch(history=HISTORY, retstart=500, retmax=3)

    call = transport.calls[0]
    assert call.param("retmode") == "xml"
    assert call.param("rettype") is None
    assert call.param("WebEnv") == HISTORY.webenv
    assert call.param("query_key") == "1"
    assert (call.param("retstart"), call.param("retmax")) == ("500", "3")


def test_efetch_by_pmids_posts_the_id_list():
    pmids = [str(n) for n in range(1000, 1300)]
    transport = FakeTransport([(200, efetch_body(pmids[:-1]))])  # one unknown PMID left out
    client, _, _, _ = make_client(transport)

    body = client.efetch(pmids=pmids)

    assert transport.calls[0].param("id") == ",".join(pmids)
    assert parse_efetch_pmids(body, origin="t").pmids == tuple(pmids[:-1])


def test_epost_appends_to_a_webenv():
    transport = FakeTransport([(200, (DATA / "epost1.xml").read_bytes())])
    client, _, _, _ = make_client(transport)

    key = client.epost(["11237011"], webenv="MCID_old")

    assert transport.calls[0].param("id") == "11237011"
    assert transport.calls[0].param("WebEnv") == "MCID_old"
    assert key == HistoryKey(webenv="MCID_692851c130aec64bed0a8c2a", query_key="1")


def test_einfo_returns_provenance():
    transport = FakeTransport([(200, (DATA / "einfo2.xml").read_bytes())])
    client, _, _, _ = make_client(transport)
    info = client.einfo()
    assert (info.name, info.build, info.count) == ("pubmed", "Build-2025.11.27.06.33", 39730388)


# -- secrets never leak ----------------------------------------------------------


def test_exchanges_record_every_response_without_key_or_email():
    transport = FakeTransport([RATE_LIMITED, (200, esearch_body(["3"]))])
    client, _, exchanges, _ = make_client(transport)

    client.esearch("hair")

    assert [(e.utility, e.status, e.attempt) for e in exchanges] == [
        ("esearch", 429, 1),
        ("esearch", 200, 2),
    ]
    for exchange in exchanges:
        names = [k for k, _ in exchange.params]
        assert "api_key" not in names
        assert "email" not in names
        assert ("tool", "reviewkit") in exchange.params
        assert exchange.method == "POST"
        assert exchange.url == BASE_URL + "esearch.fcgi"
        assert exchange.started.tzinfo is not None
        assert exchange.elapsed >= 0
        assert API_KEY not in repr(exchange)
        assert EMAIL not in repr(exchange)
    assert exchanges[1].body == esearch_body(["3"])


def test_the_api_key_never_reaches_logs_errors_or_reprs(caplog):
    caplog.set_level(logging.DEBUG)
    # A transport error whose text happens to contain the secrets.
    leaky = requests.ConnectionError(f"failed for api_key={API_KEY}&email={EMAIL}")
    transport = FakeTransport([leaky, RATE_LIMITED, (400, b"bad api_key " + API_KEY.encode())])
    client, _, _, _ = make_client(transport)

    with pytest.raises(QueryRejected) as rejected:
        client.esearch("hair")
    transport.replies[:] = [leaky]
    with pytest.raises(SourceUnavailable) as unavailable:
        client.esearch("hair")

    texts = [
        caplog.text,
        str(rejected.value),
        str(unavailable.value),
        repr(client),
        repr(EUtilsConfig(api_key=API_KEY)),
        repr(unavailable.value),
    ]
    for text in texts:
        assert API_KEY not in text
    assert EMAIL not in str(unavailable.value)
    assert "***" in str(unavailable.value)
    assert "try 1 of 3 failed" in caplog.text  # the log did get the retries


def test_a_429_body_echoing_the_key_is_redacted_everywhere(caplog):
    caplog.set_level(logging.DEBUG)
    echoed = (429, b'{"error":"API rate limit exceeded","api-key":"' + API_KEY.encode() + b'"}')
    transport = FakeTransport([echoed])
    client, _, exchanges, _ = make_client(transport)

    with pytest.raises(SourceUnavailable) as caught:
        client.esearch("hair")

    assert API_KEY not in str(caught.value)
    assert '"api-key":"***"' in str(caught.value)
    assert API_KEY not in caplog.text
    assert all(API_KEY.encode() not in e.body for e in exchanges)
    assert exchanges[0].body == b'{"error":"API rate limit exceeded","api-key":"***"}'


def test_the_default_limiter_is_the_shared_process_limiter(monkeypatch):
    seen = []

    def fake_process_limiter(*, has_api_key):
        seen.append(has_api_key)
        return CountingLimiter()

    monkeypatch.setattr(eutils, "process_limiter", fake_process_limiter)
    EUtilsClient(requests.Session(), EUtilsConfig(api_key=API_KEY))
    EUtilsClient(requests.Session(), EUtilsConfig())
    assert seen == [True, False]


# -- integration: the loopback E-utilities server ---------------------------------


@pytest.fixture(scope="module")
def loopback():
    pytest.importorskip("reviewkit.loopback.server", reason="loopback server not available")
    from reviewkit import loopback as module

    return module


@pytest.fixture(scope="module")
def small_corpus(loopback):
    return loopback.synthetic_corpus(1_200, seed=7)


def loopback_client(srv, **overrides):
    options = {
        "base_url": srv.url,
        "email": EMAIL,
        "api_key": API_KEY,
        "max_tries": 4,
        "timeout": 5.0,
    }
    options.update(overrides)
    exchanges: list[Exchange] = []
    sleeps: list[float] = []
    client = EUtilsClient(
        requests.Session(),
        EUtilsConfig(**options),
        limiter=CountingLimiter(),
        on_exchange=exchanges.append,
        sleep=sleeps.append,
    )
    return client, exchanges, sleeps


LOOPBACK_FAULTS = [
    "429", "500", "502", "503", "400-proxy", "error200", "truncate", "drop", "slow", "short",
    "empty",
]  # fmt: skip


@pytest.mark.parametrize("kind", LOOPBACK_FAULTS)
def test_loopback_efetch_fault_is_retried_then_succeeds(loopback, small_corpus, kind):
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        srv.faults.slow_seconds = 1.5
        client, _, sleeps = loopback_client(srv, timeout=0.5)
        search = client.esearch("hair", retmax=50)
        srv.faults.inject(kind, utility="efetch")

        body = client.efetch(history=search.history, retmax=20, expected=min(20, search.count))

        assert parse_efetch_pmids(body, origin=kind).pmids == search.ids[:20]
        assert client.stats.requests == 3  # the search, the failed fetch, the good one
        assert client.stats.retries == 1
        assert len(sleeps) == 1
        assert srv.faults.pending == []


@pytest.mark.parametrize(
    "kind", ["429", "500", "502", "503", "400-proxy", "error200", "truncate", "drop", "slow"]
)
def test_loopback_esearch_fault_is_retried_then_succeeds(loopback, small_corpus, kind):
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        srv.faults.slow_seconds = 1.5
        client, _, _ = loopback_client(srv, timeout=0.5)
        srv.faults.inject(kind, utility="esearch")
        result = client.esearch("hair", retmax=5)
        assert result.count > 0
        assert len(result.ids) == 5
        assert client.stats.retries == 1


def test_loopback_expired_webenv_is_rejected_not_retried(loopback, small_corpus):
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        client, _, _ = loopback_client(srv)
        search = client.esearch("hair", retmax=5)
        srv.faults.inject("expired-webenv", utility="efetch")
        with pytest.raises(QueryRejected, match=r"Unable to obtain query #1"):
            client.efetch(history=search.history, retmax=5)
        assert client.stats.retries == 0


def test_loopback_persistent_fault_is_source_unavailable(loopback, small_corpus):
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        client, _, sleeps = loopback_client(srv, max_tries=3)
        srv.faults.inject("500", "500", "500", utility="efetch")
        with pytest.raises(SourceUnavailable, match=r"efetch failed after 3 tries: HTTP 500"):
            client.efetch(pmids=small_corpus.pmids[:3])
        assert len(sleeps) == 2


def test_loopback_sees_identification_post_and_no_key_in_exchanges(loopback, small_corpus, caplog):
    caplog.set_level(logging.DEBUG)
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        client, exchanges, _ = loopback_client(srv)
        search = client.esearch("hair", retmax=3)
        client.efetch(history=search.history, retmax=3)
        client.epost(list(search.ids))
        client.einfo()

        assert [r.utility for r in srv.requests] == ["esearch", "efetch", "epost", "einfo"]
        for logged in srv.requests:
            assert logged.method == "POST"
            assert logged.params.get("tool") == "reviewkit"
            assert logged.params.get("email") == EMAIL
            assert logged.params.get("api_key") == API_KEY
            assert logged.params.get("db") == "pubmed"
    assert len(exchanges) == 4
    for exchange in exchanges:
        assert API_KEY not in repr(exchange.params)
        assert API_KEY.encode() not in exchange.body
    assert API_KEY not in caplog.text


def test_loopback_efetch_batches_return_the_searched_pmids(loopback, small_corpus):
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        client, _, _ = loopback_client(srv)
        search = client.esearch("1800:3000[dp]", retmax=9_999)
        assert search.count == len(small_corpus) == len(search.ids)
        fetched: list[str] = []
        for start in range(0, search.count, 500):
            body = client.efetch(history=search.history, retstart=start, retmax=500)
            batch = parse_efetch_pmids(body, origin=f"batch at {start}").pmids
            assert batch == search.ids[start : start + 500]
            fetched += batch
        assert fetched == list(search.ids)


def test_loopback_phrase_not_found_is_count_zero(loopback, small_corpus):
    with loopback.EUtilsServer(small_corpus, rate_limit=False) as srv:
        client, _, _ = loopback_client(srv)
        result = client.esearch("qqqzzzxxy")
        assert result.count == 0
        assert any(e.kind == "PhraseNotFound" for e in result.errors)


def test_loopback_retstart_past_the_cap_is_rejected(loopback, small_corpus):
    # The server's cap is lowered so a small corpus reaches it, as NCBI's 9,999 would.
    with loopback.EUtilsServer(small_corpus, rate_limit=False, cap=1_000) as srv:
        client, _, _ = loopback_client(srv)
        capped = client.esearch("1800:3000[dp]", retmax=5_000)
        assert capped.count == len(small_corpus)
        assert len(capped.ids) == 1_000
        with pytest.raises(QueryRejected, match=r"'retstart' cannot be larger than 999"):
            client.esearch("1800:3000[dp]", retstart=1_000, retmax=10)
        assert client.stats.retries == 0


def test_loopback_rate_limit_is_never_exceeded_with_the_real_limiter(loopback, small_corpus):
    """12 back-to-back requests at NCBI's 3/s without a key: the server sees no 429."""
    with loopback.EUtilsServer(small_corpus, rate_limit=True) as srv:
        client = EUtilsClient(
            requests.Session(),
            EUtilsConfig(base_url=srv.url, email=EMAIL, max_tries=1),
            limiter=IntervalLimiter(3),
        )
        for _ in range(12):
            client.esearch("hair", retmax=1)
        statuses = [r.status for r in srv.requests]
        times = sorted(r.time for r in srv.requests)
    assert statuses == [200] * 12
    assert client.stats.rate_limited == 0
    assert all(b - a >= 0.3 for a, b in itertools.pairwise(times))
