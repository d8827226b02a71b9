"""Run the loopback E-utilities server standalone.

``python -m reviewkit.loopback --corpus FILE.xml [--corpus …] | --synthetic N
[--port 8765] [--latency 0.05]`` prints the base URL on the first line of
stdout, e.g. for ``REVIEWKIT_EUTILS_URL=… reviewkit refresh --live``, and
serves until interrupted (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from reviewkit.errors import ReviewkitError
from reviewkit.loopback.corpus import Corpus
from reviewkit.loopback.faults import Faults
from reviewkit.loopback.server import EUtilsServer
from reviewkit.loopback.synthetic import synthetic_corpus

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reviewkit.loopback",
        description="Serve PubMed XML through a loopback NCBI E-utilities server on 127.0.0.1.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--corpus", type=Path, action="append", help="a PubmedArticleSet XML file (repeatable)"
    )
    source.add_argument(
        "--synthetic", type=int, metavar="N", help="serve N synthetic records instead"
    )
    parser.add_argument("--seed", type=int, default=42, help="seed for --synthetic (42)")
    parser.add_argument("--port", type=int, default=8765, help="TCP port, 0 for any (8765)")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added to every response (0)"
    )
    parser.add_argument(
        "--no-rate-limit",
        action="store_true",
        help="do not answer HTTP 429 above 3 (10 with api_key) requests/s",
    )
    return parser


def main(argv: list[str] | None = None, *, stop: threading.Event | None = None) -> int:
    """Parse arguments, serve until interrupted (or ``stop`` is set), return the exit code."""
    args = _parser().parse_args(argv)
    done = stop or threading.Event()
    try:
        if args.synthetic is not None:
            corpus = synthetic_corpus(args.synthetic, seed=args.seed)
        else:
            corpus = Corpus.from_xml(*args.corpus)
        server = EUtilsServer(
            corpus,
            port=args.port,
            rate_limit=not args.no_rate_limit,
            faults=Faults(latency=args.latency),
        )
        server.start()
    except ReviewkitError as exc:
        print(f"reviewkit.loopback: {exc}", file=sys.stderr)
        return 1

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    if stop is None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_signal)
        signal.signal(signal.SIGTERM, _on_signal)
    print(server.url, flush=True)
    print(f"serving {len(corpus)} records; Ctrl-C to stop", file=sys.stderr, flush=True)
    try:
        done.wait()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
