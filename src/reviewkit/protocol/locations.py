"""``[database]`` and ``[outputs]``: where the review's data and derived files live.

Paths are kept as written; :class:`~reviewkit.protocol.model.Protocol` resolves
a relative one against the review folder. Pure.
"""

from __future__ import annotations

from reviewkit.protocol.section import Section, Text

__all__ = ["Database", "Outputs"]


class Database(Section):
    """``[database]``: where the review database and the raw archive live."""

    path: Text = "review-data/review.sqlite"
    raw_dir: Text = "review-data/raw"


class Outputs(Section):
    """``[outputs]``: where derived files (tables, PRISMA counts) are written."""

    dir: Text = "outputs"
