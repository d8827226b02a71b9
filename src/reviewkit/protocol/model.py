"""The whole ``review.toml``: :class:`Protocol`, its sections, and the paths it names.

Pure: paths are only joined, never touched.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import PrivateAttr

from reviewkit.errors import ConfigError
from reviewkit.protocol.eligibility import Eligibility
from reviewkit.protocol.extraction import Extraction
from reviewkit.protocol.imports import ImportSpec
from reviewkit.protocol.locations import Database, Outputs
from reviewkit.protocol.prisma import PrismaSection
from reviewkit.protocol.review import Pico, ReviewInfo
from reviewkit.protocol.schedule import Schedule
from reviewkit.protocol.screening import Screening
from reviewkit.protocol.search import Search
from reviewkit.protocol.section import Section

__all__ = ["Protocol"]


class Protocol(Section):
    """A whole ``review.toml``; :attr:`path` is the file it was read from, if any."""

    review: ReviewInfo
    pico: Pico
    search: Search
    database: Database = Database()
    schedule: Schedule = Schedule()
    outputs: Outputs = Outputs()
    imports: tuple[ImportSpec, ...] = ()
    eligibility: Eligibility = Eligibility()
    screening: Screening = Screening()
    extraction: Extraction = Extraction()
    prisma: PrismaSection = PrismaSection()

    _path: Path | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        """The ``review.toml`` this protocol was loaded from (``None`` if parsed from text)."""
        return self._path

    def _base(self, review_dir: Path | None) -> Path:
        if review_dir is not None:
            return review_dir
        if self._path is None:
            raise ConfigError(
                "the protocol was not loaded from a file: pass the review folder explicitly"
            )
        return self._path.parent

    def database_path(self, review_dir: Path | None = None) -> Path:
        """Return the database file; a relative ``[database] path`` is under the review folder."""
        return self._base(review_dir) / self.database.path

    def raw_dir(self, review_dir: Path | None = None) -> Path:
        """Return the folder of verbatim search responses."""
        return self._base(review_dir) / self.database.raw_dir

    def outputs_dir(self, review_dir: Path | None = None) -> Path:
        """Return the folder for derived outputs."""
        return self._base(review_dir) / self.outputs.dir

    def form_path(self, review_dir: Path | None = None) -> Path:
        """Return the extraction form definition; a relative path is under the review folder."""
        return self._base(review_dir) / self.extraction.form
