"""The evaluation protocol for deduplication against gold labels (pure arithmetic).

Pure: no I/O, no randomness; every function takes ``record_id → group / cluster``
mappings (or record-id pairs) and returns counts. The main views, all
independent of which record a tool keeps per cluster:

* **pairwise**: gold pairs are all record pairs inside a gold group, predicted
  pairs all pairs inside a predicted cluster; TP = their intersection.
* **record removal** (the representative-invariant convention used by
  bib-dedupe and ``shared/data/dedup/README.md``): per gold group of ``n``
  records with ``s`` survivors, ``s >= 1`` gives 1 TN, ``n - s`` TP and
  ``s - 1`` FN; ``s = 0`` gives ``n - 1`` TP and 1 FP (the publication was lost).
  The FP count is the number of unique publications wrongly removed.
* **cluster level**: B-cubed precision / recall (per record, then averaged) and
  how many gold groups came out as exactly one predicted cluster.

Around them: :func:`wilson_interval` for the proportions, blocking pair
completeness and reduction ratio (:func:`blocking_scores`), and the review
queue with a "perfect reviewer" who resolves every flagged pair by gold
(:func:`review_queue`, :func:`resolve_by_gold`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from reviewkit.errors import ReviewkitError

__all__ = [
    "BlockingScores",
    "ClusterScores",
    "PairwiseScores",
    "RemovalScores",
    "ReviewQueue",
    "blocking_scores",
    "cluster_scores",
    "pairwise_scores",
    "removal_scores",
    "resolve_by_gold",
    "review_queue",
    "survivors_of",
    "wilson_interval",
]

# The two-sided 95 % normal quantile, to the precision of statistics.NormalDist.
_Z95 = 1.959963984540054


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


def wilson_interval(successes: int, total: int, *, z: float = _Z95) -> tuple[float, float]:
    """Wilson score interval for the proportion ``successes / total`` (95 % by default).

    Unlike the normal approximation it stays inside [0, 1] and is not zero-width
    at 0 or ``total`` successes, which is where dedup sensitivities sit. An empty
    sample says nothing: ``(0.0, 1.0)``.

    >>> [round(x, 4) for x in wilson_interval(0, 10)]
    [0.0, 0.2775]

    Raises:
        ReviewkitError: ``successes`` is outside ``0..total``.
    """
    if not 0 <= successes <= total:
        raise ReviewkitError(
            f"wilson_interval: expected 0 <= successes <= total, got {successes}/{total}"
        )
    if total == 0:
        return 0.0, 1.0
    p = successes / total
    z2n = z * z / total
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / total + z2n / (4 * total))
    # At 0 or ``total`` successes one bound is exactly 0 or 1; rounding may miss it.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == total else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterScores:
    """B-cubed scores and exact-group counts of predicted clusters against gold groups.

    ``exact_groups`` counts gold groups (singletons included) that are exactly one
    predicted cluster; ``exact_duplicate_groups`` does the same for groups of two
    or more, the ones a deduplicator has work to do on.
    """

    bcubed_precision: float
    bcubed_recall: float
    gold_groups: int
    predicted_clusters: int
    exact_groups: int
    duplicate_groups: int
    exact_duplicate_groups: int

    @property
    def bcubed_f1(self) -> float:
        """Harmonic mean of B-cubed precision and recall."""
        return _f1(self.bcubed_precision, self.bcubed_recall)

    @property
    def exact_share(self) -> float:
        """Share of all gold groups reproduced exactly."""
        return _ratio(self.exact_groups, self.gold_groups)

    @property
    def exact_duplicate_share(self) -> float:
        """Share of gold duplicate groups (two or more records) reproduced exactly."""
        return _ratio(self.exact_duplicate_groups, self.duplicate_groups)


def cluster_scores(gold: Mapping[str, str], predicted: Mapping[str, str]) -> ClusterScores:
    """B-cubed precision / recall and exact group reproduction (Bagga & Baldwin 1998).

    Per record, precision is the share of its predicted cluster that is in its
    gold group and recall the share of its gold group that is in its predicted
    cluster; both are averaged over records. Records missing from ``predicted``
    count as singletons.

    >>> s = cluster_scores({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "x"})
    >>> (round(s.bcubed_precision, 4), s.bcubed_recall, s.exact_groups)
    (0.5556, 1.0, 0)
    """
    cluster = {r: predicted.get(r, f"\0{r}") for r in gold}
    gold_size = Counter(gold.values())
    cluster_size = Counter(cluster.values())
    overlap = Counter((gold[r], cluster[r]) for r in gold)
    # Each of the k records in a (group, cluster) overlap scores k/|cluster| and k/|group|.
    precision = sum(k * k / cluster_size[c] for (_, c), k in overlap.items())
    recall = sum(k * k / gold_size[g] for (g, _), k in overlap.items())
    exact = [g for (g, c), k in overlap.items() if k == gold_size[g] == cluster_size[c]]
    n = len(gold)
    return ClusterScores(
        bcubed_precision=precision / n if n else 1.0,
        bcubed_recall=recall / n if n else 1.0,
        gold_groups=len(gold_size),
        predicted_clusters=len(cluster_size),
        exact_groups=len(exact),
        duplicate_groups=sum(1 for size in gold_size.values() if size >= 2),
        exact_duplicate_groups=sum(1 for g in exact if gold_size[g] >= 2),
    )


def _components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Connected components: each node → a root node (union-find with path halving)."""
    parent = {node: node for node in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # deterministic roots
    return {node: find(node) for node in parent}


@dataclass(frozen=True, slots=True, kw_only=True)
class BlockingScores:
    """How many gold pairs candidate generation kept, and at what cost.

    ``found``: gold pairs that are candidate pairs themselves. ``reachable``:
    gold pairs whose records are connected through candidate pairs that are gold
    pairs, i.e. what a perfect matcher plus transitive closure could recover.
    """

    records: int
    gold_pairs: int
    candidate_pairs: int
    found: int
    reachable: int

    @property
    def pair_completeness(self) -> float:
        """Share of gold pairs that are candidate pairs (blocking recall)."""
        return _ratio(self.found, self.gold_pairs)

    @property
    def reachable_completeness(self) -> float:
        """Share of gold pairs still joinable by transitive closure of true candidates."""
        return _ratio(self.reachable, self.gold_pairs)

    @property
    def reduction_ratio(self) -> float:
        """1 - candidate pairs / all ``n (n - 1) / 2`` record pairs."""
        return 1.0 - _ratio(self.candidate_pairs, _pairs((self.records,)))


def blocking_scores(
    gold: Mapping[str, str], candidates: Iterable[tuple[str, str]]
) -> BlockingScores:
    """Pair completeness and reduction ratio of candidate pairs (record-id pairs).

    Repeated pairs (either orientation) count once.

    >>> gold = {"a": "1", "b": "1", "c": "1", "d": "2"}
    >>> s = blocking_scores(gold, [("a", "b"), ("b", "c"), ("c", "d")])
    >>> (s.gold_pairs, s.candidate_pairs, s.found, s.reachable)
    (3, 3, 2, 3)
    """
    unique = {(a, b) if a < b else (b, a) for a, b in candidates if a != b}
    true = [(a, b) for a, b in unique if gold[a] == gold[b]]
    roots = _components(gold, true)
    return BlockingScores(
        records=len(gold),
        gold_pairs=_pairs(Counter(gold.values()).values()),
        candidate_pairs=len(unique),
        found=len(true),
        reachable=_pairs(Counter(roots.values()).values()),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewQueue:
    """The pairs left for a human: how many, and how many are duplicates by gold."""

    records: int
    pairs: int
    true_pairs: int

    @property
    def per_1000(self) -> float:
        """Pairs to review per 1,000 input records."""
        return 1000 * self.pairs / self.records if self.records else 0.0

    @property
    def true_share(self) -> float:
        """Share of queued pairs that are true duplicates (1.0 for an empty queue)."""
        return _ratio(self.true_pairs, self.pairs)


def review_queue(gold: Mapping[str, str], pairs: Iterable[tuple[str, str]]) -> ReviewQueue:
    """Size of a review queue of record-id pairs and its true duplicates by gold.

    >>> q = review_queue({"a": "1", "b": "1", "c": "2", "d": "3"}, [("a", "b"), ("b", "c")])
    >>> (q.pairs, q.true_pairs, q.per_1000)
    (2, 1, 500.0)
    """
    unique = {(a, b) if a < b else (b, a) for a, b in pairs}
    true = sum(1 for a, b in unique if gold[a] == gold[b])
    return ReviewQueue(records=len(gold), pairs=len(unique), true_pairs=true)


def resolve_by_gold(
    gold: Mapping[str, str], predicted: Mapping[str, str], pairs: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """Clusters after a perfect reviewer: merge every queued pair that gold calls the same.

    Pairs across gold groups are left apart (a reviewer's "different"); nothing
    is split. The result maps each record to a representative cluster id of
    ``predicted`` (merged clusters take the smallest id). It bounds what a
    human-in-the-loop run can reach from this queue.

    >>> gold = {"a": "1", "b": "1", "c": "2"}
    >>> resolve_by_gold(gold, {"a": "x", "b": "y", "c": "z"}, [("a", "b"), ("b", "c")])
    {'a': 'x', 'b': 'x', 'c': 'z'}
    """
    cluster = {r: predicted.get(r, f"\0{r}") for r in gold}
    merges = [(cluster[a], cluster[b]) for a, b in pairs if gold[a] == gold[b]]
    roots = _components(set(cluster.values()), merges)
    return {r: roots[c] for r, c in cluster.items()}
