"""``reviewkit run``, ``refresh``, ``status`` and ``serve``: the pipeline and its state.

``run``, ``refresh`` and ``serve`` are the only commands that start Prefect, and
they import it (through ``flows/``) only once they run: Prefect is heavy, and
every other command works without it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from reviewkit.cli.common import open_workspace, review_dir
from reviewkit.report import review_lines, run_line
from reviewkit.settings import Settings

__all__ = ["cmd_flow", "cmd_serve", "cmd_status"]


def cmd_flow(args: argparse.Namespace, settings: Settings) -> int:
    """``reviewkit run`` (the review flow) and ``reviewkit refresh`` (its first stage)."""
    # Open the review here first, so a bad review.toml or database is one clear
    # line before any Prefect machinery starts.
    with open_workspace(args, settings) as workspace:
        root = workspace.root
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
    stages = review(**kwargs) if args.command == "run" else {"refresh": refresh(**kwargs)}
    print("\n".join(review_lines(stages)))
    return 0 if stages["refresh"]["status"] in ("succeeded", "empty") else 1


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    """``reviewkit status``: the stored counts and the last refresh."""
    from reviewkit.storage.studies import StudyStore

    with open_workspace(args, settings) as workspace:
        counts = workspace.db.counts()
        counts["studies"] = StudyStore(workspace.db).counts()["studies"]
        last = workspace.db.last_run()
    last_dict = last.to_dict() if last is not None else None
    if args.json:
        print(json.dumps({**counts, "last_run": last_dict}, sort_keys=True))
        return 0
    print(", ".join(f"{k} {v}" for k, v in counts.items()))
    print(run_line(last_dict) if last_dict else "no refresh has run yet: try `reviewkit run`")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """``reviewkit serve``: hand over to the Prefect deployment of the review flow."""
    _quiet_prefect()
    from flows.serve import main as serve_main

    serve_main(["--review", str(review_dir(args))] + (["--offline"] if args.offline else []))
    return 0


def _offline(args: argparse.Namespace, settings: Settings) -> bool:
    # --offline/--live win; otherwise live only when the environment asks for it.
    if args.mode is not None:
        return bool(args.mode == "offline")
    return not settings.live_requested


def _quiet_prefect() -> None:
    # Offline by design: no telemetry calls out, and Prefect's own INFO chatter
    # stays out of the reviewer's terminal (flow logs still reach the Prefect UI).
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # Only Prefect's console handler is silenced: flow and task logs still go to
    # the Prefect API, and a failure reaches the user as our one-line error.
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
