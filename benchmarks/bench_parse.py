"""Benchmark reviewkit's streaming PubMed XML parser against ``Bio.Entrez.read``.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/bench_parse.py            # 10k and 100k records
    .venv/bin/python benchmarks/bench_parse.py --quick    # skip Bio.Entrez at 100k
    .venv/bin/python benchmarks/bench_parse.py --sizes 2000 --repeat 1

Each measurement runs in a fresh subprocess so that peak RSS (``ru_maxrss``) belongs
to one parser and one file. ``rss+`` is the growth of peak RSS during parsing over
the process's size after imports; ``traced`` is the tracemalloc peak during parsing
(reviewkit only: tracing Bio.Entrez at 100k would take far too long).

The input is a synthetic EFetch file from ``reviewkit.loopback.synthetic`` (or, if
that module is missing, real ``pubmed4.xml``–``pubmed7.xml`` articles repeated with
new PMIDs). It carries NCBI's real ``pubmed_250101.dtd`` DOCTYPE, which Biopython
resolves from its bundled DTDs, so nothing is fetched.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ENTREZ_DIR = ROOT / "tests" / "data" / "ncbi" / "Entrez"
HEADER = (
    b'<?xml version="1.0" ?>\n'
    b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


# --------------------------------------------------------------------------- input files


def write_input(path: Path, n: int) -> str:
    """Write an n-record EFetch file; return which generator made it."""
    try:
        from reviewkit.loopback.synthetic import write_synthetic_xml
    except ImportError:
        _write_from_real_articles(path, n)
        return "real pubmed4-7 articles, renumbered"
    write_synthetic_xml(path, n, seed=2024)
    return "reviewkit.loopback.synthetic"


def _write_from_real_articles(path: Path, n: int) -> None:
    articles = []
    for number in (4, 5, 6, 7):
        text = (ENTREZ_DIR / f"pubmed{number}.xml").read_bytes()
        articles += re.findall(rb"<PubmedArticle>.*?</PubmedArticle>", text, re.DOTALL)
    pmid = re.compile(rb'<PMID Version="1">\d+</PMID>')
    with path.open("wb") as out:
        out.write(HEADER + b"<PubmedArticleSet>\n")
        for i in range(n):
            new = b'<PMID Version="1">%d</PMID>' % (40_000_000 + i)
            out.write(pmid.sub(new, articles[i % len(articles)], count=1) + b"\n")
        out.write(b"</PubmedArticleSet>\n")


# --------------------------------------------------------------------------- workers


def _max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def worker(parser: str, path: Path, *, trace: bool) -> dict[str, Any]:
    """Parse `path` once in this process and measure it."""
    if parser == "reviewkit":
        from reviewkit.pubmed_xml import parse_pubmed_file
        from reviewkit.records import PubmedRecord

        def run() -> int:
            return sum(isinstance(item, PubmedRecord) for item in parse_pubmed_file(path))

    elif parser == "entrez":
        from Bio import Entrez

        def run() -> int:
            with path.open("rb") as handle:
                result = Entrez.read(handle)  # type: ignore[no-untyped-call]
            return len(result["PubmedArticle"]) + len(result["PubmedBookArticle"])

    else:  # "complete": the whole-body check the HTTP client runs before parsing
        from reviewkit.pubmed_xml import pubmed_xml_is_complete

        data = path.read_bytes()

        def run() -> int:
            pubmed_xml_is_complete(data, origin=path.name)
            return 0

    baseline = _max_rss_bytes()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    count = run()
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] if trace else None
    return {
        "count": count,
        "seconds": seconds,
        "rss_growth": max(0, _max_rss_bytes() - baseline),
        "traced_peak": traced,
    }


def measure(parser: str, path: Path, *, trace: bool = False) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", parser, str(path)]
    if trace:
        command.append("--trace")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"worker {parser} on {path} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- report


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value / 1e6:8.1f}"


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    options.add_argument("--quick", action="store_true", help="skip Bio.Entrez above 10k")
    options.add_argument("--repeat", type=int, default=3, help="reviewkit timing runs (best)")
    options.add_argument("--workdir", type=Path, help="keep the generated files here")
    options.add_argument("--worker", choices=["reviewkit", "entrez", "complete"])
    options.add_argument("--trace", action="store_true")
    options.add_argument("path", type=Path, nargs="?")
    args = options.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.path, trace=args.trace)))
        return 0

    rows: list[tuple[int, int, str, dict[str, Any] | None]] = []
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            path = workdir / f"pubmed_{n}.xml"
            source = write_input(path, n)
            size = path.stat().st_size
            print(f"{n} records: {size / 1e6:.0f} MB ({source})", flush=True)
            ours = min(
                (measure("reviewkit", path) for _ in range(args.repeat)),
                key=lambda r: float(r["seconds"]),
            )
            ours["traced_peak"] = measure("reviewkit", path, trace=True)["traced_peak"]
            theirs = None if args.quick and n > 10_000 else measure("entrez", path)
            for result in (ours, theirs):
                if result is not None and result["count"] != n:
                    raise SystemExit(f"expected {n} records, a parser returned {result['count']}")
            rows += [
                (n, size, "reviewkit", ours),
                (n, size, "Bio.Entrez.read", theirs),
                (n, size, "is_complete", measure("complete", path)),
            ]
    print_table(rows)
    return 0


def print_table(rows: list[tuple[int, int, str, dict[str, Any] | None]]) -> None:
    """Print one line per measurement, then the speed-up per size."""
    print()
    print(
        f"{'records':>8} {'parser':<16} {'seconds':>8} {'records/s':>10} {'MB/s':>7}"
        f" {'rss+ MB':>8} {'traced MB':>9}"
    )
    for n, size, name, result in rows:
        if result is None:
            print(f"{n:>8} {name:<16} skipped (--quick)")
            continue
        seconds = float(result["seconds"])
        print(
            f"{n:>8} {name:<16} {seconds:8.2f} {n / seconds:10.0f} {size / seconds / 1e6:7.0f}"
            f" {_mb(result['rss_growth'])} {_mb(result['traced_peak']):>9}"
        )
    for n, _, name, result in rows:
        theirs = next((r for m, _, k, r in rows if m == n and k == "Bio.Entrez.read"), None)
        if name == "reviewkit" and result is not None and theirs is not None:
            speedup = float(theirs["seconds"]) / float(result["seconds"])
            print(f"{n:>8}: reviewkit parses {speedup:.1f}x as many records/s as Bio.Entrez.read")


if __name__ == "__main__":
    sys.exit(main())
