"""``main``: parse, run one command, and turn a ``ReviewkitError`` into an exit code."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from reviewkit.cli.common import Command, exit_code
from reviewkit.cli.dedup import cmd_dedup
from reviewkit.cli.extraction import cmd_forms
from reviewkit.cli.parser import build_parser
from reviewkit.cli.records import cmd_export, cmd_import, cmd_init
from reviewkit.cli.refresh import cmd_flow, cmd_serve, cmd_status
from reviewkit.cli.reporting import cmd_prisma, cmd_tables
from reviewkit.cli.screening import cmd_screen
from reviewkit.errors import ReviewkitError
from reviewkit.settings import Settings

__all__ = ["COMMANDS", "main"]

#: Each command name of :func:`~reviewkit.cli.parser.build_parser` and its function.
COMMANDS: dict[str, Command] = {
    "run": cmd_flow,
    "refresh": cmd_flow,
    "status": cmd_status,
    "export": cmd_export,
    "import": cmd_import,
    "dedup": cmd_dedup,
    "screen": cmd_screen,
    "prisma": cmd_prisma,
    "forms": cmd_forms,
    "tables": cmd_tables,
    "init": cmd_init,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv``; return the exit code.

    Usage errors exit with 2 (argparse's ``SystemExit``); every ``ReviewkitError``
    is one ``reviewkit: …`` line on stderr and the code of
    :data:`~reviewkit.cli.common.EXIT_CODES`.
    """
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        handler = COMMANDS[args.command]
        return handler(args, settings)
    except ReviewkitError as exc:
        print(f"reviewkit: {exc}", file=sys.stderr)
        return exit_code(exc)
    except KeyboardInterrupt:
        print("reviewkit: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
