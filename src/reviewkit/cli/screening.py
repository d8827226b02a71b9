"""``reviewkit screen ACTION``: the reviewers' XLSX sheets, their conflicts and the counts."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from reviewkit.cli.common import open_workspace
from reviewkit.settings import Settings

if TYPE_CHECKING:
    from reviewkit.workspace import Workspace

__all__ = ["cmd_screen"]


def cmd_screen(args: argparse.Namespace, settings: Settings) -> int:
    """``reviewkit screen export|import|conflicts|status``."""
    from reviewkit.workspace import utc_now

    with open_workspace(args, settings) as workspace:
        print(_ACTIONS[args.action](args, workspace, utc_now()))
    return 0


def _export(args: argparse.Namespace, workspace: Workspace, now: datetime) -> str:
    from reviewkit.screening import Stage
    from reviewkit.screening_stage import export_sheet

    n = export_sheet(workspace.db, workspace.protocol, args.output, stage=Stage(args.stage),
                     reviewer=args.reviewer, now=now)  # fmt: skip
    return f"wrote {n} studies for {args.reviewer} ({args.stage}) to {args.output}"


def _conflicts(args: argparse.Namespace, workspace: Workspace, now: datetime) -> str:
    from reviewkit.screening import Stage
    from reviewkit.screening_stage import export_conflicts

    n = export_conflicts(workspace.db, workspace.protocol, args.output, stage=Stage(args.stage),
                         resolver=args.resolver, now=now)  # fmt: skip
    return f"wrote {n} conflicts ({args.stage}) to {args.output}"


def _import(args: argparse.Namespace, workspace: Workspace, now: datetime) -> str:
    from reviewkit.screening import Stage
    from reviewkit.screening_import import import_sheet

    done = import_sheet(
        workspace.db, workspace.protocol, args.file, now=now, revise=args.revise,
        stage=Stage(args.stage) if args.stage else None, reviewer=args.reviewer,
    )  # fmt: skip
    return (f"{args.file}: {done.stored} decisions stored ({done.revised} revised), "
            f"{done.unchanged} unchanged, {done.blank} rows not decided yet "
            f"({done.meta.kind} sheet, {done.meta.stage}, {done.meta.reviewer})")  # fmt: skip


def _status(args: argparse.Namespace, workspace: Workspace, now: datetime) -> str:
    from reviewkit.screening_stage import screening_status, status_lines

    report = screening_status(workspace.db)
    return json.dumps(report, sort_keys=True) if args.json else "\n".join(status_lines(report))


# Each action: do it on the open review, return the text to print.
_ACTIONS: dict[str, Callable[[argparse.Namespace, Workspace, datetime], str]] = {
    "export": _export,
    "conflicts": _conflicts,
    "import": _import,
    "status": _status,
}
