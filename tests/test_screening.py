"""Screening rules: decisions, carry-forward, outcomes, assignment plans and agreement."""

import pytest

from reviewkit.screening import (
    AssignmentPlan,
    Decision,
    Entry,
    Stage,
    Vote,
    agreement,
    assigned_for,
    cohen_kappa,
    decision_problem,
    plan_assignments,
    settle,
    votes_for,
)

TA, FT = Stage.TITLE_ABSTRACT, Stage.FULL_TEXT
INC, EXC, UNS = Decision.INCLUDE, Decision.EXCLUDE, Decision.UNSURE
REASONS = ("wrong population", "wrong outcome", "other")


def entry(id, records, reviewer, decision, *, stage=TA, role="reviewer", reason=None):
    return Entry(id=id, stage=stage, cluster_id=f"c:{records[0]}", record_ids=tuple(records),
                 reviewer=reviewer, role=role, decision=decision, reason=reason)  # fmt: skip


def vote(reviewer, decision, reason=None):
    return Vote(reviewer=reviewer, choices=((decision, reason),))


# ----------------------------------------------------------------- agreement


def test_kappa_matches_the_hand_computed_two_by_two_table():
    # 50 studies: both include 20, A include/B exclude 5, A exclude/B include 10, both exclude 15.
    # p_o = 35/50 = 0.7; A includes 25/50, B 30/50: p_e = .5*.6 + .5*.4 = 0.5;
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    a = ["include"] * 25 + ["exclude"] * 25
    b = ["include"] * 20 + ["exclude"] * 5 + ["include"] * 10 + ["exclude"] * 15
    assert cohen_kappa(a, b) == (0.7, 0.5, 0.4)


def test_kappa_with_three_categories_matches_the_hand_computation():
    # Agreement on 4 of 6: p_o = 2/3. Marginals A (2,2,2), B (2,3,1):
    # p_e = (2*2 + 2*3 + 2*1) / 36 = 1/3; kappa = (2/3 - 1/3) / (2/3) = 0.5.
    a = ["include", "include", "exclude", "exclude", "unsure", "unsure"]
    b = ["include", "exclude", "exclude", "exclude", "unsure", "include"]
    assert cohen_kappa(a, b) == (0.666667, 0.333333, 0.5)


def test_kappa_is_one_for_perfect_agreement_and_negative_for_systematic_disagreement():
    assert cohen_kappa(["include", "exclude"] * 3, ["include", "exclude"] * 3)[2] == 1.0
    # Always opposite: p_o = 0, p_e = 0.5, kappa = -1.
    assert cohen_kappa(["include", "exclude"], ["exclude", "include"]) == (0.0, 0.5, -1.0)


def test_kappa_is_undefined_when_both_reviewers_used_one_category_only():
    assert cohen_kappa(["exclude"] * 4, ["exclude"] * 4) == (1.0, 1.0, None)


def test_kappa_refuses_ratings_of_different_lengths():
    with pytest.raises(ValueError, match="equally long"):
        cohen_kappa(["include"], [])


def test_agreement_is_per_reviewer_pair_over_studies_both_decided():
    votes = {
        "c:1": {"ann": vote("ann", INC), "bob": vote("bob", INC), "cy": vote("cy", EXC)},
        "c:2": {"ann": vote("ann", EXC), "bob": vote("bob", INC)},
        "c:3": {"ann": vote("ann", EXC), "bob": vote("bob", EXC)},
        # A mixed vote (merged studies) is left out.
        "c:4": {"ann": Vote(reviewer="ann", choices=((INC, None), (EXC, None))),
                "bob": vote("bob", EXC)},
    }  # fmt: skip
    found = {a.reviewers: a for a in agreement(TA, votes)}
    assert set(found) == {("ann", "bob"), ("ann", "cy"), ("bob", "cy")}
    ann_bob = found[("ann", "bob")]
    # 3 studies, 2 agree: p_o = 2/3; ann (1 inc, 2 exc), bob (2 inc, 1 exc): p_e = 4/9;
    # kappa = (2/3 - 4/9) / (5/9) = 0.4.
    assert (ann_bob.n, ann_bob.observed, ann_bob.expected, ann_bob.kappa) == (
        3, 0.666667, 0.444444, 0.4,
    )  # fmt: skip
    assert found[("ann", "cy")].n == 1
    # One study, include vs exclude: p_o = 0, p_e = 1*0 + 0*1 = 0, kappa = 0.
    assert (found[("ann", "cy")].observed, found[("ann", "cy")].kappa) == (0.0, 0.0)


# ----------------------------------------------------------------- decisions


@pytest.mark.parametrize(
    ("stage", "decision", "reason", "problem"),
    [
        (TA, EXC, None, None),
        (TA, UNS, None, None),
        (FT, EXC, "wrong outcome", None),
        (FT, EXC, None, "an exclusion at full text needs a reason"),
        (FT, INC, "other", "a reason is for exclude or unsure, not include"),
        (TA, EXC, "wrong dose", "expected one of the exclusion reasons"),
    ],
)
def test_decision_problems(stage, decision, reason, problem):
    found = decision_problem(stage, decision, reason, reasons=REASONS)
    assert found == problem if problem is None else problem in found


# ------------------------------------------------------------------- votes


def test_the_latest_decision_of_a_reviewer_wins():
    entries = [entry(1, ["a"], "ann", INC), entry(2, ["a"], "ann", EXC)]
    votes, resolution = votes_for(entries, ["a"], stage=TA)
    assert votes["ann"] == vote("ann", EXC)
    assert resolution is None


def test_votes_are_per_stage():
    entries = [entry(1, ["a"], "ann", INC), entry(2, ["a"], "ann", EXC, stage=FT, reason="other")]
    assert votes_for(entries, ["a"], stage=TA)[0]["ann"] == vote("ann", INC)
    assert votes_for(entries, ["a"], stage=FT)[0]["ann"] == vote("ann", EXC, "other")


def test_merging_studies_screened_differently_mixes_the_votes():
    entries = [entry(1, ["a"], "ann", INC), entry(2, ["b"], "ann", EXC)]
    votes, _ = votes_for(entries, ["a", "b"], stage=TA)
    assert votes["ann"].mixed
    assert votes["ann"].describe() == "ann: exclude / include"


def test_merging_studies_screened_alike_keeps_one_vote():
    entries = [entry(1, ["a"], "ann", EXC), entry(2, ["b"], "ann", EXC)]
    assert votes_for(entries, ["a", "b"], stage=TA)[0]["ann"] == vote("ann", EXC)


def test_a_decision_on_the_merged_study_replaces_the_decisions_on_its_parts():
    entries = [entry(1, ["a"], "ann", INC), entry(2, ["b"], "ann", EXC),
               entry(3, ["a", "b"], "ann", EXC)]  # fmt: skip
    assert votes_for(entries, ["a", "b"], stage=TA)[0]["ann"] == vote("ann", EXC)


def test_undoing_a_merge_leaves_the_decision_on_both_studies():
    entries = [entry(1, ["a", "b"], "ann", INC), entry(2, ["a", "b"], "bob", EXC)]
    for part in (["a"], ["b"]):
        votes, _ = votes_for(entries, part, stage=TA)
        assert votes == {"ann": vote("ann", INC), "bob": vote("bob", EXC)}


def test_a_new_record_joining_a_screened_study_keeps_its_decision():
    entries = [entry(1, ["a"], "ann", INC)]
    assert votes_for(entries, ["a", "new"], stage=TA)[0]["ann"] == vote("ann", INC)
    assert votes_for(entries, ["new"], stage=TA)[0] == {}


def test_resolutions_are_kept_apart_from_votes():
    entries = [entry(1, ["a"], "ann", INC), entry(2, ["a"], "cy", EXC, role="resolver")]
    votes, resolution = votes_for(entries, ["a"], stage=TA)
    assert list(votes) == ["ann"]
    assert resolution == vote("cy", EXC)


def test_assigned_reviewers_follow_the_records():
    given = [("ann", ("a", "b")), ("bob", ("a", "b")), ("cy", ("c",))]
    assert assigned_for(given, ["b"]) == {"ann", "bob"}
    assert assigned_for(given, ["c", "d"]) == {"cy"}
    assert assigned_for(given, ["z"]) == frozenset()


# ----------------------------------------------------------------- outcomes


def outcome(stage, votes, resolution=None, required=("ann", "bob")):
    return settle("c:1", stage, {v.reviewer: v for v in votes}, resolution, required=required)


@pytest.mark.parametrize(
    ("a", "b", "decision"),
    [(INC, INC, INC), (INC, UNS, INC), (UNS, UNS, INC), (EXC, EXC, EXC)],
)
def test_title_abstract_agreement_is_final_and_unsure_counts_as_include(a, b, decision):
    found = outcome(TA, [vote("ann", a), vote("bob", b)])
    assert (found.status, found.decision, found.how) == ("final", decision, "agreed")


@pytest.mark.parametrize(("a", "b"), [(INC, EXC), (UNS, EXC)])
def test_title_abstract_disagreement_is_a_conflict(a, b):
    found = outcome(TA, [vote("ann", a), vote("bob", b)])
    assert (found.status, found.why) == ("conflict", "the reviewers disagree")


def test_an_outcome_waits_for_every_assigned_reviewer():
    found = outcome(TA, [vote("ann", INC)])
    assert (found.status, found.why) == ("pending", "waiting for bob")
    assert outcome(TA, [], required=()).why == "not assigned"


@pytest.mark.parametrize(
    ("votes", "status", "why"),
    [
        ([vote("ann", INC), vote("bob", INC)], "final", ""),
        ([vote("ann", EXC, "other"), vote("bob", EXC, "other")], "final", ""),
        ([vote("ann", INC), vote("bob", UNS)], "conflict", "unsure at full text"),
        ([vote("ann", EXC, "other"), vote("bob", EXC, "wrong outcome")], "conflict",
         "different exclusion reasons"),
        ([vote("ann", INC), vote("bob", EXC, "other")], "conflict", "the reviewers disagree"),
    ],
)  # fmt: skip
def test_full_text_outcomes(votes, status, why):
    found = outcome(FT, votes)
    assert (found.status, found.why) == (status, why)
    if status == "final":
        assert (found.decision, found.reason) == (votes[0].decision, votes[0].reason)


def test_a_resolution_overrides_the_votes():
    found = outcome(FT, [vote("ann", INC), vote("bob", UNS)], vote("cy", EXC, "other"))
    assert (found.status, found.decision, found.reason, found.how) == (
        "final", EXC, "other", "resolved",
    )  # fmt: skip


def test_merged_studies_resolved_differently_are_a_conflict_again():
    mixed = Vote(reviewer="cy", choices=((INC, None), (EXC, None)))
    found = outcome(TA, [vote("ann", INC), vote("bob", INC)], mixed)
    assert (found.status, found.why) == ("conflict", "merged studies were resolved differently")


def test_a_mixed_reviewer_vote_is_a_conflict():
    mixed = Vote(reviewer="ann", choices=((INC, None), (EXC, None)))
    found = outcome(TA, [mixed, vote("bob", INC)])
    assert (found.status, found.why) == ("conflict", "merged studies were screened differently")


def test_one_reviewer_decides_alone_in_a_split_plan():
    found = outcome(TA, [vote("ann", EXC, "other")], required=("ann",))
    assert (found.status, found.decision, found.how, found.reason) == (
        "final", EXC, "single", "other",
    )  # fmt: skip


# ------------------------------------------------------------- assignment plans


def test_dual_plan_gives_every_study_to_both_reviewers():
    plan = AssignmentPlan(reviewers=("ann", "bob"))
    found = plan_assignments(["c:1", "c:2"], plan)
    assert sorted((a.cluster_id, a.reviewer) for a in found) == [
        ("c:1", "ann"), ("c:1", "bob"), ("c:2", "ann"), ("c:2", "bob"),
    ]  # fmt: skip
    assert not any(a.calibration for a in found)


def test_dual_plan_with_three_reviewers_balances_the_load():
    plan = AssignmentPlan(reviewers=("ann", "bob", "cy"))
    found = plan_assignments([f"c:{i}" for i in range(6)], plan, load={"ann": 2})
    per_study = {}
    for a in found:
        per_study.setdefault(a.cluster_id, set()).add(a.reviewer)
    assert all(len(r) == 2 for r in per_study.values())
    counts = {r: sum(a.reviewer == r for a in found) for r in ("ann", "bob", "cy")}
    # 12 new assignments on top of ann's 2: totals 5, 5, 4.
    assert counts == {"ann": 3, "bob": 5, "cy": 4}


def test_split_plan_has_a_calibration_sample_both_screen_then_one_reviewer_each():
    plan = AssignmentPlan(reviewers=("ann", "bob"), mode="split", calibration=2, seed="r")
    found = plan_assignments([f"c:{i}" for i in range(6)], plan)
    calibration = {a.cluster_id for a in found if a.calibration}
    assert len(calibration) == 2
    assert sum(a.calibration for a in found) == 4  # both reviewers, two studies
    rest = [a for a in found if not a.calibration]
    assert len(rest) == 4
    assert len({a.cluster_id for a in rest}) == 4
    assert {a.reviewer for a in rest} == {"ann", "bob"}
    assert plan_assignments([f"c:{i}" for i in range(6)], plan) == found  # deterministic
    # A later batch of a stage that has its calibration sample gets none.
    later = plan_assignments(["c:9"], plan, calibrated=2)
    assert [(a.reviewer, a.calibration) for a in later] == [("ann", False)]
