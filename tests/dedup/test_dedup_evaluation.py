"""Evaluation arithmetic, checked by hand and against the dedup README's baseline table."""

import csv
import random
import re
from pathlib import Path

import pytest

from reviewkit.dedup.evaluation import (
    blocking_scores,
    cluster_scores,
    pairwise_scores,
    removal_scores,
    resolve_by_gold,
    review_queue,
    survivors_of,
    wilson_interval,
)
from reviewkit.errors import ReviewkitError

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "dedup"


def test_pairwise_counts():
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2", "f": "3"}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z", "f": "w"}
    scores = pairwise_scores(gold, predicted)
    # gold pairs: ab ac bc de (4); predicted: ab cd (2); shared: ab
    assert (scores.tp, scores.fp, scores.fn) == (1, 1, 3)
    assert scores.precision == 0.5
    assert scores.recall == 0.25
    assert scores.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)


def test_pairwise_is_independent_of_cluster_names():
    gold = {"a": "1", "b": "1", "c": "2"}
    one = pairwise_scores(gold, {"a": "p", "b": "p", "c": "q"})
    two = pairwise_scores(gold, {"a": "7", "b": "7", "c": "8"})
    assert one == two
    assert (one.precision, one.recall, one.f1) == (1.0, 1.0, 1.0)


def test_removal_convention():
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2", "f": "3", "g": "4"}
    # group 1: 2 of 3 survive -> TN 1, TP 1, FN 1; group 2: none -> TP 1, FP 1;
    # singleton f survives -> TN; singleton g removed -> FP.
    scores = removal_scores(gold, {"a", "b", "f"})
    assert (scores.tp, scores.fp, scores.fn, scores.tn) == (2, 2, 1, 2)
    assert scores.precision == 0.5
    assert scores.recall == pytest.approx(2 / 3)


def test_removal_is_representative_invariant():
    gold = {"a": "1", "b": "1", "c": "2"}
    assert removal_scores(gold, {"a", "c"}) == removal_scores(gold, {"b", "c"})


def test_survivors_are_the_kept_records():
    predicted = {"a": "x", "b": "x", "c": "y"}
    assert survivors_of(predicted, {"x": "b", "y": "c"}) == {"b", "c"}


README_TABLE = {
    # dataset: (pairwise P, R, F1), (TP, FP, FN, TN), (removal P, R, F1)
    "digital_work": ((1.0, 0.7807, 0.8768), (284, 0, 85, 6790), (1.0, 0.7696, 0.8698)),
    "copper": ((1.0, 0.8333, 0.9091), (123, 0, 27, 355), (1.0, 0.8200, 0.9011)),
    "tafenoquine": ((1.0, 0.9098, 0.9528), (68, 0, 7, 104), (1.0, 0.9067, 0.9510)),
}


@pytest.mark.skipif(not DATA.is_dir(), reason="shared/data/dedup is not available")
@pytest.mark.parametrize("name", sorted(README_TABLE))
def test_naive_doi_baseline_reproduces_the_readme(name):
    with (DATA / name / "records.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    random.Random(42).shuffle(rows)
    gold = {row["record_id"]: row["group_id"] for row in rows}
    predicted: dict[str, str] = {}
    keep: dict[str, str] = {}
    for row in rows:
        doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", row["doi"].strip().lower())
        cluster = f"doi:{doi}" if doi else f"id:{row['record_id']}"
        predicted[row["record_id"]] = cluster
        keep.setdefault(cluster, row["record_id"])  # first in shuffled order
    pairwise = pairwise_scores(gold, predicted)
    removal = removal_scores(gold, survivors_of(predicted, keep))
    (pp, pr, pf), counts, (rp, rr, rf) = README_TABLE[name]
    assert (removal.tp, removal.fp, removal.fn, removal.tn) == counts
    assert [round(x, 4) for x in (pairwise.precision, pairwise.recall, pairwise.f1)] == [pp, pr, pf]
    assert [round(x, 4) for x in (removal.precision, removal.recall, removal.f1)] == [rp, rr, rf]


def test_wilson_interval_matches_a_hand_computation():
    # 591 of 594 duplicates removed. Wilson in integer form:
    # centre = (x + z²/2) / (n + z²), half = z / (n + z²) · sqrt(x (n - x) / n + z²/4)
    z = 1.959963984540054
    z2 = 3.8414588206941254  # z²
    centre = (591 + z2 / 2) / (594 + z2)  # 592.9207294 / 597.8414588 = 0.9917690
    half = z / (594 + z2) * (591 * 3 / 594 + z2 / 4) ** 0.5  # 0.0065117
    low, high = wilson_interval(591, 594)
    assert (low, high) == pytest.approx((centre - half, centre + half))
    assert (round(low, 4), round(high, 4)) == (0.9853, 0.9983)


def test_wilson_interval_known_values_and_edges():
    assert wilson_interval(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    assert wilson_interval(0, 10) == (0.0, pytest.approx(0.2775, abs=1e-4))
    assert wilson_interval(10, 10) == (pytest.approx(0.7225, abs=1e-4), 1.0)
    assert wilson_interval(0, 0) == (0.0, 1.0)
    low, high = wilson_interval(5, 10, z=1.0)  # narrower at a lower confidence
    assert 0.2366 < low < 0.5 < high < 0.7634


@pytest.mark.parametrize(("successes", "total"), [(-1, 3), (4, 3)])
def test_wilson_interval_rejects_impossible_counts(successes, total):
    with pytest.raises(ReviewkitError, match=f"got {successes}/{total}"):
        wilson_interval(successes, total)


def test_cluster_scores_by_hand():
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "3", "f": "4", "g": "4"}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z", "f": "w", "g": "w"}
    scores = cluster_scores(gold, predicted)
    # precision per record: a 2/2, b 2/2, c 1/2, d 1/2, e 1, f 1, g 1 -> 6/7
    # recall per record:    a 2/3, b 2/3, c 1/3, d 1/1, e 1, f 1, g 1 -> (5/3 + 4)/7
    assert scores.bcubed_precision == pytest.approx(6 / 7)
    assert scores.bcubed_recall == pytest.approx((5 / 3 + 4) / 7)
    p, r = 6 / 7, (5 / 3 + 4) / 7
    assert scores.bcubed_f1 == pytest.approx(2 * p * r / (p + r))
    # gold groups 1..4; exact: group 3 {e} and group 4 {f, g}; group 2 {d} shares y with c
    assert (scores.gold_groups, scores.predicted_clusters) == (4, 4)
    assert (scores.exact_groups, scores.duplicate_groups, scores.exact_duplicate_groups) == (
        2,
        2,
        1,
    )
    assert (scores.exact_share, scores.exact_duplicate_share) == (0.5, 0.5)


def test_cluster_scores_perfect_and_missing_records():
    gold = {"a": "1", "b": "1", "c": "2"}
    perfect = cluster_scores(gold, {"a": "p", "b": "p", "c": "q"})
    assert (perfect.bcubed_precision, perfect.bcubed_recall, perfect.bcubed_f1) == (1.0, 1.0, 1.0)
    assert perfect.exact_share == perfect.exact_duplicate_share == 1.0
    # records missing from the prediction are singletons: a and b split
    split = cluster_scores(gold, {})
    assert (split.bcubed_precision, split.bcubed_recall) == (1.0, pytest.approx(2 / 3))
    assert (split.predicted_clusters, split.exact_groups, split.exact_duplicate_groups) == (3, 1, 0)
    empty = cluster_scores({}, {})
    assert (empty.bcubed_precision, empty.bcubed_recall, empty.exact_share) == (1.0, 1.0, 1.0)


def test_blocking_scores_by_hand():
    gold = {"a": "1", "b": "1", "c": "1", "d": "1", "e": "2", "f": "3"}
    # gold pairs: 6 inside {a, b, c, d}; candidates ab, ba (repeat), bc, de, ef, aa (self)
    scores = blocking_scores(gold, [("a", "b"), ("b", "a"), ("b", "c"), ("d", "e"), ("e", "f"),
                                    ("a", "a")])  # fmt: skip
    assert (scores.records, scores.gold_pairs, scores.candidate_pairs) == (6, 6, 4)
    assert scores.found == 2  # ab, bc
    assert scores.reachable == 3  # {a, b, c} joined by true candidates: ab ac bc; d alone
    assert scores.pair_completeness == pytest.approx(2 / 6)
    assert scores.reachable_completeness == 0.5
    assert scores.reduction_ratio == pytest.approx(1 - 4 / 15)


def test_blocking_scores_without_duplicates_or_candidates():
    scores = blocking_scores({"a": "1", "b": "2"}, [])
    assert (scores.pair_completeness, scores.reachable_completeness) == (1.0, 1.0)
    assert scores.reduction_ratio == 1.0
    assert blocking_scores({}, []).reduction_ratio == 0.0  # no pairs at all: nothing saved


def test_review_queue_counts():
    gold = {f"r{i}": "g" if i < 3 else f"s{i}" for i in range(8)}
    queue = review_queue(gold, [("r0", "r1"), ("r1", "r0"), ("r2", "r1"), ("r3", "r4")])
    assert (queue.records, queue.pairs, queue.true_pairs) == (8, 3, 2)
    assert queue.per_1000 == 375.0
    assert queue.true_share == pytest.approx(2 / 3)
    empty = review_queue({}, [])
    assert (empty.per_1000, empty.true_share) == (0.0, 1.0)


def test_perfect_reviewer_merges_only_true_pairs():
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2", "f": "3"}
    predicted = {"a": "x", "b": "y", "c": "z", "d": "z", "e": "v", "f": "w"}
    # ab true: x+y; bc true: joins z (which already holds d); de true: joins v; ef false
    resolved = resolve_by_gold(gold, predicted, [("a", "b"), ("b", "c"), ("e", "f")])
    assert resolved == {"a": "x", "b": "x", "c": "x", "d": "x", "e": "v", "f": "w"}
    before = removal_scores(gold, {"a", "b", "c", "e", "f"})
    after = removal_scores(gold, {"a", "e", "f"})  # one survivor per resolved cluster
    assert (before.tp, before.fp, before.fn) == (1, 0, 2)
    assert (after.tp, after.fp, after.fn) == (3, 0, 0)
    assert survivors_of(resolved, {"x": "a", "v": "e", "w": "f"}) == {"a", "e", "f"}
    # a record missing from the prediction is its own cluster, merged like any other
    missing = resolve_by_gold({"a": "1", "b": "1"}, {"a": "x"}, [("a", "b")])
    assert missing["a"] == missing["b"]
