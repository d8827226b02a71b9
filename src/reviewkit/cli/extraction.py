"""``reviewkit forms ACTION``: extraction forms and the reviewers' extraction workbooks.

``validate`` checks a form file on its own; the other actions (``export``,
``import``, ``discrepancies``, ``status``) load the review's form and hand it,
with the open review, to one function below.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from reviewkit.cli.common import open_workspace
from reviewkit.settings import Settings

if TYPE_CHECKING:
    from reviewkit.extraction.forms import Form
    from reviewkit.workspace import Workspace

__all__ = ["cmd_forms"]


def cmd_forms(args: argparse.Namespace, settings: Settings) -> int:
    """``reviewkit forms validate|export|import|discrepancies|status``."""
    if args.action == "validate":
        return _validate(args)
    from reviewkit.extraction_stage import load_review_form
    from reviewkit.workspace import utc_now

    with open_workspace(args, settings) as workspace:
        form = load_review_form(workspace.protocol, workspace.root)
        print(_ACTIONS[args.action](args, workspace, form, utc_now()))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from reviewkit.extraction.forms import load_form

    form = load_form(args.file)
    print(f"{args.file}: {form.summary()}")
    return 0


def _export(args: argparse.Namespace, workspace: Workspace, form: Form, now: datetime) -> str:
    from reviewkit.extraction_stage import export_workbook, store_for

    n = export_workbook(workspace.db, workspace.protocol, args.output, form=form,
                        reviewer=args.reviewer, studies=args.studies, now=now)  # fmt: skip
    line = f"wrote {n} studies for {args.reviewer} to {args.output}"
    store = store_for(workspace.db, workspace.protocol, form)
    if store.role_of(args.reviewer) == "verifier":
        line += f", prefilled with {store.extractor()}'s values to check and correct"
    return line


def _import(args: argparse.Namespace, workspace: Workspace, form: Form, now: datetime) -> str:
    from reviewkit.extraction_stage import import_workbook

    done = import_workbook(workspace.db, workspace.protocol, args.file, form=form, now=now)
    return f"{args.file}: {done.line()}"


def _discrepancies(
    args: argparse.Namespace, workspace: Workspace, form: Form, now: datetime
) -> str:
    from reviewkit.extraction_consensus import export_discrepancies

    n = export_discrepancies(workspace.db, workspace.protocol, args.output, form=form, now=now)
    return f"wrote {n} discrepancies to {args.output}"


def _status(args: argparse.Namespace, workspace: Workspace, form: Form, now: datetime) -> str:
    from reviewkit.extraction.status import format_status
    from reviewkit.extraction_stage import store_for

    settings = workspace.protocol.extraction
    statuses = store_for(workspace.db, workspace.protocol, form).statuses()
    return format_status(statuses, mode=settings.mode, reviewers=settings.reviewers)


# Each action: do it with the review's form on the open review, return the line to print.
_ACTIONS: dict[str, Callable[[argparse.Namespace, Workspace, Form, datetime], str]] = {
    "export": _export,
    "import": _import,
    "discrepancies": _discrepancies,
    "status": _status,
}
