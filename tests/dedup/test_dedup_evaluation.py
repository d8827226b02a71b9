"""Evaluation arithmetic, checked by hand and against the dedup README's baseline table."""

import csv
import random
import re
from pathlib import Path

import pytest

from reviewkit.dedup.evaluation import pairwise_scores, removal_scores, survivors_of

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
