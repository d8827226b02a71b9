"""Retrieval benchmark: reviewkit's E-utilities path against a naive client, offline.

Run by hand (it takes minutes, mostly waiting on NCBI's rate limit)::

    .venv/bin/python benchmarks/bench_retrieval.py            # 100,000 records
    .venv/bin/python benchmarks/bench_retrieval.py --n 20000  # quicker

Both paths talk to the loopback E-utilities server over 127.0.0.1, serving
``synthetic_corpus(n)``, with NCBI's 3 requests/second limit enforced (no API
key; excess requests get HTTP 429) and a fixed latency per response.

- **reviewkit**: :func:`reviewkit.slicing.plan_search` (a count, then date slices of
  at most 9,999 hits in one shared WebEnv) and EFetch of each slice's history set
  in batches of ``--batch`` (500) records, all POST, through the shared
  :class:`~reviewkit.ratelimit.IntervalLimiter` with retries and back-off.
- **naive**: what a first script usually does. ESearch with GET, paging the ID
  list 1,000 at a time with ``retstart``; then EFetch by ``id=`` lists of 200
  with GET. It paces requests exactly 1/3 s apart (start to start, like
  Bio.Entrez but without its safety margin) and, like Bio.Entrez, retries a 429
  or 5xx at once, up to 3 tries. It does **not** date-slice: once ``retstart``
  reaches 9,999 PubMed answers with an ``<ERROR>`` and the naive client stops,
  so it retrieves at most 9,999 records. Its "requests per 10k records" is
  therefore the fair comparison, and "records retrieved" shows the records lost.

Printed per path: requests sent (as seen by the server), requests per 10,000
records retrieved, wall time, 429s received and records retrieved (distinct
PMIDs in complete PubmedArticleSet bodies).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import requests

from reviewkit.errors import ParseError
from reviewkit.eutils import EUtilsClient, EUtilsConfig
from reviewkit.eutils_responses import HistoryKey, parse_efetch_pmids
from reviewkit.loopback import EUtilsServer, synthetic_corpus
from reviewkit.ratelimit import IntervalLimiter
from reviewkit.slicing import plan_search

TERM = "1800:3000[dp]"  # matches every synthetic record, like a broad PubMed query
MINDATE, MAXDATE = date(1900, 1, 1), date(2030, 12, 31)
NAIVE_PAGE = 1_000
NAIVE_BATCH = 200
NAIVE_TRIES = 3


@dataclass
class Outcome:
    name: str
    requests: int
    wall: float
    rate_limited: int
    retrieved: int
    note: str = ""


def run_reviewkit(srv: Any, *, batch: int) -> Outcome:
    """plan_search + history EFetch batches through the real rate limiter."""
    first = len(srv.requests)
    client = EUtilsClient(
        requests.Session(),
        EUtilsConfig(base_url=srv.url, email="bench@example.org", tool="reviewkit-bench"),
        limiter=IntervalLimiter(3),
    )
    started = time.perf_counter()
    plan = plan_search(client, TERM, datetype="pdat", mindate=MINDATE, maxdate=MAXDATE)
    seen: set[str] = set()
    assert plan.webenv is not None
    for part in plan.slices:
        assert part.query_key is not None
        history = HistoryKey(webenv=plan.webenv, query_key=part.query_key)
        for start in range(0, part.count, batch):
            size = min(batch, part.count - start)
            body = client.efetch(history=history, retstart=start, retmax=size, expected=size)
            seen.update(parse_efetch_pmids(body, origin=f"efetch {start}").pmids)
    wall = time.perf_counter() - started
    logged = srv.requests[first:]
    return Outcome(
        name=f"reviewkit (slices + history, batch {batch})",
        requests=len(logged),
        wall=wall,
        rate_limited=sum(1 for r in logged if r.status == 429),
        retrieved=len(seen),
        note=f"{len(plan.slices)} date slices, {client.stats.retries} retries",
    )


class NaiveClient:
    """GET requests paced exactly 1/3 s apart, immediate retries on 429/5xx."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.last_start = 0.0
        self.lost_batches = 0

    def get(self, utility: str, params: dict[str, str]) -> requests.Response | None:
        query = {"db": "pubmed", "tool": "naive-bench", "email": "bench@example.org", **params}
        for _ in range(NAIVE_TRIES):
            wait = self.last_start + 1 / 3 - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.last_start = time.monotonic()
            try:
                response = self.session.get(self.base_url + utility, params=query, timeout=30)
            except requests.RequestException:
                continue
            if response.status_code == 429 or response.status_code >= 500:
                continue
            return response
        self.lost_batches += 1
        return None


def run_naive(srv: Any) -> Outcome:
    """Page ESearch IDs, then fetch fixed ID batches with GET; no date slicing."""
    first = len(srv.requests)
    naive = NaiveClient(srv.url)
    started = time.perf_counter()
    ids: list[str] = []
    count = None
    retstart = 0
    while count is None or retstart < count:
        response = naive.get(
            "esearch.fcgi", {"term": TERM, "retstart": str(retstart), "retmax": str(NAIVE_PAGE)}
        )
        if response is None:
            break
        text = response.text
        if "<ERROR>" in text:  # "Search Backend failed ... retstart" past 9,999
            break
        count = int(re.search(r"<Count>(\d+)</Count>", text).group(1))  # type: ignore[union-attr]
        page = re.findall(r"<Id>(\d+)</Id>", text)
        if not page:
            break
        ids += page
        retstart += len(page)
    seen: set[str] = set()
    for start in range(0, len(ids), NAIVE_BATCH):
        chunk = ids[start : start + NAIVE_BATCH]
        response = naive.get("efetch.fcgi", {"id": ",".join(chunk), "retmode": "xml"})
        if response is None:
            continue
        try:
            seen.update(parse_efetch_pmids(response.content, origin="naive").pmids)
        except ParseError:  # a naive script loses the batch
            naive.lost_batches += 1
    wall = time.perf_counter() - started
    logged = srv.requests[first:]
    return Outcome(
        name=f"naive (GET, IDs paged, batches of {NAIVE_BATCH})",
        requests=len(logged),
        wall=wall,
        rate_limited=sum(1 for r in logged if r.status == 429),
        retrieved=len(seen),
        note=f"stopped at the 9,999 cap; {naive.lost_batches} requests given up",
    )


def timed(label: str, build: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    value = build()
    print(f"{label}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="synthetic records (100000)")
    parser.add_argument("--batch", type=int, default=500, help="EFetch batch size (500)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    parser.add_argument("--skip-naive", action="store_true", help="run only reviewkit's path")
    args = parser.parse_args(argv)

    corpus = timed(f"building synthetic_corpus({args.n})", lambda: synthetic_corpus(args.n))
    outcomes = []
    with EUtilsServer(corpus, rate_limit=True) as srv:
        srv.faults.latency = args.latency
        outcomes.append(run_reviewkit(srv, batch=args.batch))
        if not args.skip_naive:
            time.sleep(1.1)  # let the server's rate window empty between the runs
            outcomes.append(run_naive(srv))

    print(
        f"\nRetrieval of {args.n:,} synthetic records, loopback server at 3 req/s, "
        f"{args.latency:g} s latency per response\n"
    )
    header = (
        f"| {'path':<44} | {'requests':>8} | {'req/10k rec':>11} | {'wall s':>7} | "
        f"{'429s':>5} | {'retrieved':>9} |"
    )
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for o in outcomes:
        per_10k = o.requests / o.retrieved * 10_000 if o.retrieved else float("nan")
        print(
            f"| {o.name:<44} | {o.requests:>8} | {per_10k:>11.1f} | {o.wall:>7.1f} | "
            f"{o.rate_limited:>5} | {o.retrieved:>9,} |"
        )
    print()
    for o in outcomes:
        print(f"- {o.name}: {o.note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
