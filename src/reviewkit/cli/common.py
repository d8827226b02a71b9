"""What every ``reviewkit`` command shares: the review folder, errors and output.

Cheap to import on purpose: the library behind each command is imported inside
the command, so ``reviewkit --help`` answers at once.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reviewkit.errors import (
    ConfigError,
    IncompleteRetrieval,
    RefreshInProgress,
    ReviewkitError,
    SourceError,
    SourceUnavailable,
    StorageError,
)
from reviewkit.settings import Settings

if TYPE_CHECKING:
    from reviewkit.workspace import Workspace

__all__ = [
    "EXIT_CODES",
    "Command",
    "exit_code",
    "open_workspace",
    "review_dir",
    "user",
    "warn",
]

#: A command: the parsed arguments and the environment's settings in, the exit code out.
Command = Callable[[argparse.Namespace, Settings], int]

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


def exit_code(exc: ReviewkitError) -> int:
    """The exit code for ``exc``: the first class of :data:`EXIT_CODES` it belongs to.

    >>> from reviewkit.errors import ConfigError
    >>> exit_code(ConfigError("review.toml: no [search] table"))
    3
    """
    return next(code for kind, code in EXIT_CODES if isinstance(exc, kind))


def review_dir(args: argparse.Namespace) -> Path:
    """The ``--review`` folder, or the working directory to search upwards from."""
    return Path(getattr(args, "review", Path.cwd()))


@contextmanager
def open_workspace(args: argparse.Namespace, settings: Settings) -> Iterator[Workspace]:
    """Open the review named by ``args`` for one command, and always close it."""
    from reviewkit.workspace import Workspace

    workspace = Workspace.open(review_dir(args), database_url=settings.database_url)
    try:
        yield workspace
    finally:
        workspace.close()


def user(args: argparse.Namespace) -> str:
    """Who is deciding: ``--by`` if given, else the login name, else ``"unknown"``."""
    if getattr(args, "by", None):
        return str(args.by)
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container: say so, don't fail
        return "unknown"


def warn(message: str) -> None:
    """Print one warning line on stderr; the command still succeeds."""
    print(f"reviewkit: warning: {message}", file=sys.stderr)
