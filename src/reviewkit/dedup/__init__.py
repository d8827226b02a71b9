"""Deduplication: one study per paper, never a unique paper lost to a false merge.

Pure: no I/O except :func:`reviewkit.dedup.table.read_table`. The entry point is
:func:`deduplicate`; see :mod:`reviewkit.dedup.engine` for the pipeline.
"""

from __future__ import annotations

from reviewkit.dedup.decision import Decision, PairVerdict
from reviewkit.dedup.engine import DedupResult, HumanDecision, deduplicate
from reviewkit.dedup.evidence import FieldComparison
from reviewkit.dedup.merge import MergedRecord
from reviewkit.dedup.relations import Relation

__all__ = [
    "Decision",
    "DedupResult",
    "FieldComparison",
    "HumanDecision",
    "MergedRecord",
    "PairVerdict",
    "Relation",
    "deduplicate",
]
