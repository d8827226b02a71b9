"""The evaluation protocol for deduplication against gold labels (pure arithmetic).

Two views, both independent of which record a tool keeps per cluster:

* **pairwise**: gold pairs are all record pairs inside a gold group, predicted
  pairs all pairs inside a predicted cluster; TP = their intersection.
* **record removal** (the representative-invariant convention used by
  bib-dedupe and ``shared/data/dedup/README.md``): per gold group of ``n``
  records with ``s`` survivors, ``s >= 1`` gives 1 TN, ``n - s`` TP and
  ``s - 1`` FN; ``s = 0`` gives ``n - 1`` TP and 1 FP (the publication was lost).
  The FP count is the number of unique publications wrongly removed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass

__all__ = [
    "PairwiseScores",
    "RemovalScores",
    "pairwise_scores",
    "removal_scores",
    "survivors_of",
]


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class PairwiseScores:
    """Pairwise counts and scores (precision of an empty prediction is 1.0)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """TP / (TP + FP)."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """TP / (TP + FN)."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        return _f1(self.precision, self.recall)


@dataclass(frozen=True, slots=True, kw_only=True)
class RemovalScores(PairwiseScores):
    """Record-removal confusion counts; ``fp`` = unique publications lost.

    The same precision, recall (here: the sensitivity) and F1 as pairs, plus TN.
    """

    tn: int


def _pairs(sizes: Collection[int]) -> int:
    return sum(k * (k - 1) // 2 for k in sizes)


def pairwise_scores(gold: Mapping[str, str], predicted: Mapping[str, str]) -> PairwiseScores:
    """Pairwise TP/FP/FN of predicted clusters against gold groups.

    Both map every record_id to a group / cluster id; records missing from
    ``predicted`` count as singletons.

    >>> s = pairwise_scores({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "y", "c": "y"})
    >>> (s.tp, s.fp, s.fn)
    (0, 1, 1)
    """
    cluster = {r: predicted.get(r, f"\0{r}") for r in gold}
    gold_pairs = _pairs(Counter(gold.values()).values())
    predicted_pairs = _pairs(Counter(cluster.values()).values())
    shared = _pairs(Counter((gold[r], cluster[r]) for r in gold).values())
    return PairwiseScores(tp=shared, fp=predicted_pairs - shared, fn=gold_pairs - shared)


def survivors_of(predicted: Mapping[str, str], keep: Mapping[str, str]) -> set[str]:
    """Surviving records: the kept record of each predicted cluster.

    ``keep`` maps cluster id → the record the tool kept for it.
    """
    return {keep[c] for c in set(predicted.values())}


def removal_scores(gold: Mapping[str, str], survivors: Collection[str]) -> RemovalScores:
    """Record-removal counts under the representative-invariant convention.

    >>> gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "3"}
    >>> s = removal_scores(gold, {"a", "b", "d"})   # c removed; e (a singleton) lost
    >>> (s.tp, s.fp, s.fn, s.tn)
    (1, 1, 1, 2)
    """
    alive = set(survivors)
    size = Counter(gold.values())
    surviving = Counter(g for r, g in gold.items() if r in alive)
    tp = fp = fn = tn = 0
    for group, n in size.items():
        s = surviving.get(group, 0)
        if s >= 1:
            tn, tp, fn = tn + 1, tp + n - s, fn + s - 1
        else:
            tp, fp = tp + n - 1, fp + 1
    return RemovalScores(tp=tp, fp=fp, fn=fn, tn=tn)
