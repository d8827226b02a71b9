"""``[[imports]]``: exports from other databases that ``reviewkit run`` imports. Pure."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import model_validator

from reviewkit.protocol.section import Section, Slug, Text

__all__ = ["ImportSpec"]


class ImportSpec(Section):
    """One ``[[imports]]`` entry: an export from another database, imported by ``run``.

    ``path`` is relative to the review folder; ``searched`` is the day the search was
    run in that database; ``format`` is detected from the file when left out.
    ``platform``, the search strategy (``query`` inline, or ``query_file`` relative to
    the review folder) and ``limits`` go into the PRISMA-S search log (items 1, 8, 9).
    """

    path: Text
    source: Slug
    searched: date | None = None
    format: Literal["ris", "medline", "bibtex", "csv", "endnote-xml", "wos"] | None = None
    platform: Text | None = None
    query: Text | None = None
    query_file: Text | None = None
    limits: Text | None = None

    @model_validator(mode="after")
    def _one_strategy(self) -> ImportSpec:
        if self.query is not None and self.query_file is not None:
            raise ValueError(
                f"the entry for {self.path!r} has both query and query_file: give the search "
                "strategy inline (query) or in a file (query_file), not both"
            )
        return self
