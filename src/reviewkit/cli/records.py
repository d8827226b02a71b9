"""``reviewkit init``, ``import`` and ``export``: a review folder and the records in it."""

from __future__ import annotations

import argparse

from reviewkit.cli.common import open_workspace, warn
from reviewkit.settings import Settings

__all__ = ["cmd_export", "cmd_import", "cmd_init"]


def cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    """``reviewkit init DIRECTORY``: write a template review.toml, never over one."""
    from reviewkit.protocol import write_template

    path = write_template(args.directory)
    print(
        f"created {path}: edit the question and query, then run `reviewkit run --review "
        f"{args.directory}`"
    )
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    """``reviewkit import FILE``: store another database's export, with its search details."""
    from reviewkit.importing import import_file, import_lines, read_strategy
    from reviewkit.workspace import utc_now

    query = args.query
    if args.query_file is not None:
        query = read_strategy(args.query_file, origin="--query-file")
    with open_workspace(args, settings) as workspace:
        entry = import_file(
            workspace.db, args.file, source=args.source, searched=args.searched, fmt=args.fmt,
            force=args.force, now=utc_now(), platform=args.platform, query=query,
            limits=args.limits,
        )  # fmt: skip
    report, warnings = import_lines(entry)
    print("\n".join(report))
    for line in warnings:
        warn(line)
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """``reviewkit export records``: every stored record as CSV or RIS."""
    from reviewkit.export import write_records

    with open_workspace(args, settings) as workspace:
        n = write_records(
            (s.record for s in workspace.db.iter_records()), args.output, fmt=args.format
        )
    print(f"wrote {n} records to {args.output}")
    return 0
