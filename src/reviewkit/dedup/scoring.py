"""Pair comparison: field-wise evidence → ``duplicate`` / ``maybe`` / ``distinct``.

Each record is normalised once (:func:`prepare`); a pair is then compared field
by field (:func:`compare`), and the decision is a short list of explicit rules,
so every verdict carries its reasons. The parts live in one module per concept;
this module gathers their public names in one place:

* :mod:`reviewkit.dedup.prepared` -- :class:`Prepared`, one record normalised once;
* :mod:`reviewkit.dedup.verdicts` -- how title, authors and journal compare, and
  the title thresholds;
* :mod:`reviewkit.dedup.conflicts` -- hard conflicts (never one study), the
  never-merge relations, and the page differences exports produce;
* :mod:`reviewkit.dedup.evidence` -- the field comparisons a verdict carries;
* :mod:`reviewkit.dedup.decision` -- vetoes and the decision rules.
"""

from __future__ import annotations

from reviewkit.dedup.conflicts import hard_conflict, relation
from reviewkit.dedup.decision import Decision, PairVerdict, compare, worth_comparing
from reviewkit.dedup.evidence import FieldComparison
from reviewkit.dedup.prepared import Prepared, prepare
from reviewkit.dedup.verdicts import (
    CLOSE_TITLE,
    GENERIC_TITLE_WORDS,
    SAME_TITLE,
    FieldVerdict,
)

__all__ = [
    "CLOSE_TITLE",
    "GENERIC_TITLE_WORDS",
    "SAME_TITLE",
    "Decision",
    "FieldComparison",
    "FieldVerdict",
    "PairVerdict",
    "Prepared",
    "compare",
    "hard_conflict",
    "prepare",
    "relation",
    "worth_comparing",
]
