"""Progress reporting for long steps: a small interface, a rich bar and a silent one."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

__all__ = ["NullProgress", "ProgressReporter", "RichProgress"]


class ProgressReporter(Protocol):
    """Something that shows how far a step has got."""

    def start(self, description: str, total: int) -> None:
        """Begin a step of ``total`` units."""

    def advance(self, units: int = 1) -> None:
        """Mark ``units`` more as done."""

    def stop(self) -> None:
        """End the current step."""


class NullProgress:
    """Reports nothing: the default for flows run by a scheduler."""

    def start(self, description: str, total: int) -> None:
        pass

    def advance(self, units: int = 1) -> None:
        pass

    def stop(self) -> None:
        pass


class RichProgress:
    """A rich progress bar on stderr, for people watching a terminal."""

    def __init__(self, console: Console | None = None) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console or Console(stderr=True),
            transient=False,
        )
        self._task: int | None = None

    def start(self, description: str, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task(description, total=total)

    def advance(self, units: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, units)  # type: ignore[arg-type]

    def stop(self) -> None:
        self._progress.stop()
        self._task = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
