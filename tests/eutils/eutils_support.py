"""Helpers for the reviewkit.eutils tests: a scripted ``requests`` transport (no sockets),
E-utilities bodies, and clients wired to them or to the loopback server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import requests
from requests.adapters import BaseAdapter

from reviewkit.eutils import EUtilsClient, EUtilsConfig, Exchange
from reviewkit.eutils_responses import HistoryKey

DATA = Path(__file__).parents[1] / "data" / "ncbi" / "Entrez"


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


RATE_LIMITED = (
    429,
    b'{"error":"API rate limit exceeded","api-key":"10.0.0.1","count":"5","limit":"3"}',
)


HTML_500 = (500, b"<html><title>NCBI/eutils202 - WWW Error 500 Diagnostic</title></html>")


PROXY_400 = (400, error_body("eFetchResult", "proxy_stream(): Failed to connect to PubOne service"))


BACKEND_200 = (200, error_body("eSearchResult", "Search Backend failed: Exception: timeout"))


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
