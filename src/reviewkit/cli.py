"""``reviewkit``: the command-line front door.

It parses arguments, calls the library (or starts a Prefect flow for ``run`` and
``refresh``), and turns every ``ReviewkitError`` into one line on stderr and an
exit code. This module and ``flows/`` are the only places that read the
environment, through :class:`~reviewkit.settings.Settings`.

NCBI's disclaimer applies to PubMed data fetched with this tool:
https://www.ncbi.nlm.nih.gov/About/disclaimer.html
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reviewkit import __version__
from reviewkit.errors import (
    ConfigError,
    IncompleteRetrieval,
    RefreshInProgress,
    ReviewkitError,
    SourceError,
    SourceUnavailable,
    StorageError,
)
from reviewkit.report import run_line
from reviewkit.settings import Settings

__all__ = ["EXIT_CODES", "main"]

# Most specific first: the first matching class decides the exit code.
EXIT_CODES: tuple[tuple[type[ReviewkitError], int], ...] = (
    (ConfigError, 3),
    (SourceUnavailable, 4),
    (IncompleteRetrieval, 5),
    (RefreshInProgress, 6),
    (StorageError, 7),
    (SourceError, 8),
    (ReviewkitError, 1),
)

DISCLAIMER = (
    "PubMed data are subject to NCBI's disclaimer and copyright notice: "
    "https://www.ncbi.nlm.nih.gov/About/disclaimer.html"
)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--review",
        type=Path,
        default=argparse.SUPPRESS,
        help="the review folder (default: the folder holding review.toml, "
        "searched upwards from here)",
    )
    parser = argparse.ArgumentParser(
        prog="reviewkit",
        parents=[common],
        description="A systematic review as code.",
        epilog=DISCLAIMER,
    )
    parser.add_argument("--version", action="version", version=f"reviewkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for name, text in (
        ("run", "run the whole review pipeline once (a Prefect flow)"),
        ("refresh", "refresh the PubMed records only (a Prefect flow)"),
    ):
        cmd = sub.add_parser(name, parents=[common], help=text, description=text)
        mode = cmd.add_mutually_exclusive_group()
        mode.add_argument(
            "--offline",
            dest="mode",
            action="store_const",
            const="offline",
            help="use the bundled PubMed snapshot on a loopback server",
        )
        mode.add_argument(
            "--live",
            dest="mode",
            action="store_const",
            const="live",
            help="query PubMed (or REVIEWKIT_EUTILS_URL); default when NCBI_EMAIL is set",
        )
        cmd.add_argument(
            "--full",
            action="store_true",
            help="search the whole date range, not just changes since the last run",
        )
        cmd.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    status = sub.add_parser("status", parents=[common], help="counts and the last run")
    status.add_argument("--json", action="store_true", help="print one JSON object")

    export = sub.add_parser("export", parents=[common], help="export stored data")
    export.add_argument("what", choices=["records"])
    export.add_argument("--format", choices=["csv", "ris"], default="csv")
    export.add_argument("-o", "--output", type=Path, required=True)

    init = sub.add_parser("init", parents=[common], help="create a new review folder")
    init.add_argument("directory", type=Path)

    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="serve the review flow on the weekly schedule (needs `prefect server start`)",
    )
    serve.add_argument("--offline", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv``; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        handler = _COMMANDS[args.command]
        return handler(args, settings)
    except ReviewkitError as exc:
        code = next(c for kind, c in EXIT_CODES if isinstance(exc, kind))
        print(f"reviewkit: {exc}", file=sys.stderr)
        return code
    except KeyboardInterrupt:
        print("reviewkit: interrupted; run the same command again to resume", file=sys.stderr)
        return 130


def _review_dir(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "review", Path.cwd()))


def _offline(args: argparse.Namespace, settings: Settings) -> bool:
    if args.mode is not None:
        return bool(args.mode == "offline")
    return not settings.live_requested


def _quiet_prefect() -> None:
    # Offline by design: no telemetry calls out, and Prefect's own INFO chatter
    # stays out of the reviewer's terminal (flow logs still reach the Prefect UI).
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")


def _cmd_flow(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit.protocol import find_review_dir

    root = find_review_dir(_review_dir(args))
    offline = _offline(args, settings)
    if offline:
        print(
            "reviewkit: OFFLINE — using the bundled PubMed snapshot on a loopback E-utilities "
            "server (set NCBI_EMAIL or pass --live to query PubMed)"
        )
    else:
        print(
            f"reviewkit: LIVE — querying {settings.eutils_url} as "
            f"{settings.ncbi_email or 'no e-mail (set NCBI_EMAIL)'}"
        )
    _quiet_prefect()
    # Imported late: Prefect is heavy and only these commands need it.
    from flows.refresh import refresh
    from flows.review import review

    kwargs: dict[str, Any] = {
        "review_dir": root,
        "offline": offline,
        "full": args.full,
        "show_progress": not args.no_progress and sys.stderr.isatty(),
    }
    run = review(**kwargs)["refresh"] if args.command == "run" else refresh(**kwargs)
    print(run_line(run))
    print(
        f"requests {run['requests']}, 429s {run['rate_limited']}, "
        f"{run['duration_s']} s; translation: {run.get('query_translation')}"
    )
    return 0 if run["status"] in ("succeeded", "empty") else 1


def _cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit.workspace import Workspace

    workspace = Workspace.open(_review_dir(args), database_url=settings.database_url)
    try:
        counts = workspace.db.counts()
        last = workspace.db.last_run()
    finally:
        workspace.close()
    last_dict = last.to_dict() if last is not None else None
    if args.json:
        print(json.dumps({**counts, "last_run": last_dict}, sort_keys=True))
        return 0
    print(", ".join(f"{k} {v}" for k, v in counts.items()))
    print(run_line(last_dict) if last_dict else "no refresh has run yet: try `reviewkit run`")
    return 0


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit.export import write_records
    from reviewkit.workspace import Workspace

    workspace = Workspace.open(_review_dir(args), database_url=settings.database_url)
    try:
        n = write_records(
            (s.record for s in workspace.db.iter_records()), args.output, fmt=args.format
        )
    finally:
        workspace.close()
    print(f"wrote {n} records to {args.output}")
    return 0


def _cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit.protocol import write_template

    path = write_template(args.directory)
    print(
        f"created {path}: edit the question and query, then run `reviewkit run --review "
        f"{args.directory}`"
    )
    return 0


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    _quiet_prefect()
    from flows.serve import main as serve_main

    serve_main(["--review", str(_review_dir(args))] + (["--offline"] if args.offline else []))
    return 0


_COMMANDS = {
    "run": _cmd_flow,
    "refresh": _cmd_flow,
    "status": _cmd_status,
    "export": _cmd_export,
    "init": _cmd_init,
    "serve": _cmd_serve,
}
