"""``reviewkit dedup ACTION``: records into studies, and the human decisions on pairs.

``file`` works on one file with no review; every other action opens the review
and hands its database to one function below.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from reviewkit.cli.common import open_workspace, user, warn
from reviewkit.settings import Settings

if TYPE_CHECKING:
    from reviewkit.storage import ReviewDatabase

__all__ = ["cmd_dedup"]


def cmd_dedup(args: argparse.Namespace, settings: Settings) -> int:
    """``reviewkit dedup run|queue|decide|import-decisions|undo|file``."""
    if args.action == "file":
        return _file(args)
    from reviewkit.workspace import utc_now

    with open_workspace(args, settings) as workspace:
        print(_ACTIONS[args.action](args, workspace.db, utc_now()))
    return 0


def _file(args: argparse.Namespace) -> int:
    from reviewkit.deduplication import dedup_file

    done = dedup_file(args.input, args.output, source=args.source, fmt=args.fmt)
    print(f"{done.records} records → {done.studies} studies, {done.maybe} maybe; "
          f"wrote {args.output}")  # fmt: skip
    for warning in done.warnings:
        warn(warning)
    return 0


def _run(args: argparse.Namespace, db: ReviewDatabase, now: datetime) -> str:
    from reviewkit.deduplication import run_deduplication

    return f"deduplicate: {run_deduplication(db, now=now).line()}"


def _queue(args: argparse.Namespace, db: ReviewDatabase, now: datetime) -> str:
    from reviewkit.dedup_queue import open_queue, write_queue

    n = write_queue(open_queue(db), args.output)
    return f"wrote {n} maybe pairs to {args.output}"


def _decide(args: argparse.Namespace, db: ReviewDatabase, now: datetime) -> str:
    from reviewkit.deduplication import decide

    decide(db, args.a, args.b, args.decision, by=user(args), note=args.note, now=now)
    return f"recorded: {args.a} and {args.b} are {args.decision}; run `reviewkit dedup run`"


def _import_decisions(args: argparse.Namespace, db: ReviewDatabase, now: datetime) -> str:
    from reviewkit.dedup_queue import import_decisions

    n = import_decisions(db, args.file, by=user(args), now=now)
    return f"recorded {n} decisions from {args.file}; run `reviewkit dedup run`"


def _undo(args: argparse.Namespace, db: ReviewDatabase, now: datetime) -> str:
    from reviewkit.deduplication import undo_merge

    n = undo_merge(db, args.cluster_id, by=user(args), note=args.note, now=now)
    return f"recorded {n} 'different' decisions; the next run splits {args.cluster_id}"


# Each action: do it on the open review, return the line to print.
_ACTIONS: dict[str, Callable[[argparse.Namespace, ReviewDatabase, datetime], str]] = {
    "run": _run,
    "queue": _queue,
    "decide": _decide,
    "import-decisions": _import_decisions,
    "undo": _undo,
}
