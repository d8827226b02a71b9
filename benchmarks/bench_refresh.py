"""No-change refresh: requests and wall time, Prefect included.

Runs the real `refresh` flow (ephemeral Prefect API, as `reviewkit refresh` does)
against the loopback server with NCBI's rate limit on, on a synthetic corpus:
first a full refresh, then the incremental no-change refresh, and as baseline a
refresh that re-downloads the whole result set (what a tool without a cursor
does). Run by hand:  .venv/bin/python benchmarks/bench_refresh.py [--n 5000]
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="bench-prefect-"))

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000, help="synthetic corpus size")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    parser.add_argument(
        "--query",
        default='"journal article"[pt]',
        help="PubMed query (default: every synthetic record, so the baseline re-downloads all)",
    )
    args = parser.parse_args()

    from flows.refresh import refresh
    from reviewkit.loopback import EUtilsServer, synthetic_corpus

    work = Path(tempfile.mkdtemp(prefix="bench-refresh-"))
    protocol = (REPO / "review.toml").read_text(encoding="utf-8")
    start = protocol.index('query = """')
    end = protocol.index('"""', start + 11) + 3
    quoted = args.query.replace("\\", "\\\\").replace('"', '\\"')
    (work / "review.toml").write_text(
        protocol[:start] + f'query = "{quoted}"' + protocol[end:], encoding="utf-8"
    )
    corpus = synthetic_corpus(args.n, seed=42)
    rows = []
    with EUtilsServer(corpus, rate_limit=True) as server:
        server.faults.latency = args.latency
        os.environ["REVIEWKIT_EUTILS_URL"] = server.url
        for label, full in (
            ("first refresh (full)", True),
            ("no-change refresh", False),
            ("baseline: full re-download", True),
        ):
            start = time.perf_counter()
            result = refresh(review_dir=work, offline=False, full=full)
            wall = time.perf_counter() - start
            rows.append(
                (
                    label,
                    result["count"],
                    result["new"],
                    result["requests"],
                    result["rate_limited"],
                    wall,
                )
            )
    print(
        f"corpus {args.n:,} synthetic records, latency {args.latency * 1000:.0f} ms, "
        f"rate limit 3/s enforced by the server\n"
    )
    print("| run | Count | new | requests | 429s | wall s (Prefect incl.) |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, count, new, requests, limited, wall in rows:
        print(f"| {label} | {count:,} | {new:,} | {requests} | {limited} | {wall:.1f} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
