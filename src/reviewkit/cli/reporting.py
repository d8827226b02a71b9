"""``reviewkit prisma`` and ``tables``: the review's reports, written to a folder."""

from __future__ import annotations

import argparse

from reviewkit.cli.common import open_workspace, warn
from reviewkit.settings import Settings

__all__ = ["cmd_prisma", "cmd_tables"]


def cmd_prisma(args: argparse.Namespace, settings: Settings) -> int:
    """``reviewkit prisma``: the PRISMA 2020 counts and diagram, and the PRISMA-S log."""
    from reviewkit.prisma import check
    from reviewkit.prisma_data import OUTPUT_FILES, write_prisma_outputs

    with open_workspace(args, settings) as workspace:
        protocol = workspace.protocol
        out_dir = args.output or protocol.outputs_dir(workspace.root)
        data = write_prisma_outputs(
            workspace.db, out_dir, title=protocol.review.title,
            reasons=protocol.eligibility.reasons,
            previous_studies=protocol.prisma.previous_studies,
            previous_reports=protocol.prisma.previous_reports,
        )  # fmt: skip
    print(f"prisma: {data.line()}; wrote {', '.join(OUTPUT_FILES)} to {out_dir}")
    # Warnings, not failures: a living review is often part-way through a stage.
    for note in (*data.notes, *check(data.counts)):
        warn(note)
    return 0


def cmd_tables(args: argparse.Namespace, settings: Settings) -> int:
    """``reviewkit tables``: the evidence tables in every format."""
    from reviewkit.evidence_export import write_review_tables

    with open_workspace(args, settings) as workspace:
        tables, written = write_review_tables(
            workspace.db, workspace.protocol, workspace.root, args.output,
            include_unverified=args.include_unverified,
        )  # fmt: skip
    counts = ", ".join(f"{len(t.rows)} {t.key} rows" for t in tables.tables)
    folder = written[0].parent if written else args.output
    print(f"tables: {counts}; wrote {', '.join(p.name for p in written)} to {folder}")
    return 0
