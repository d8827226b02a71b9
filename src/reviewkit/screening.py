"""Screening rules: stages, decisions, assignments, conflicts and agreement.

Pure: no I/O, no clock, no randomness. The review database keeps every decision
ever made (:mod:`reviewkit.storage.screening`); this module says what they add
up to.

Rules, in the order a study meets them:

* Two stages: ``title-abstract``, then ``full-text`` for the studies whose final
  title-abstract decision is include.
* Assignment (:func:`plan_assignments`): ``dual`` gives each study to two
  reviewers; ``split`` gives a calibration sample to every reviewer and each other
  study to one reviewer, the least loaded.
* A decision is include, exclude or unsure. At full text an exclusion needs a
  reason (:func:`decision_problem`).
* Decisions attach to a study together with the records it held when it was
  screened, so they survive dedup runs (:func:`votes_for`): a study inherits every
  decision whose records it now holds. When two studies screened differently are
  merged, the merged study's votes differ, and that is a conflict. When a merge is
  undone, both resulting studies keep the decision.
* :func:`settle` turns the votes into an outcome. At title-abstract an unsure
  counts as include (the full text decides); at full text an unsure, or two
  exclusions for different reasons, is a conflict. A resolver's decision (third
  reviewer or consensus) overrides the votes.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations
from typing import Literal

__all__ = [
    "Agreement",
    "Assignment",
    "AssignmentPlan",
    "Decision",
    "Entry",
    "Outcome",
    "Role",
    "Stage",
    "Status",
    "Vote",
    "agreement",
    "assigned_for",
    "cohen_kappa",
    "decision_problem",
    "plan_assignments",
    "settle",
    "votes_for",
]

Role = Literal["reviewer", "resolver"]
Status = Literal["pending", "conflict", "final"]


class Stage(StrEnum):
    """The two screening stages, in order."""

    TITLE_ABSTRACT = "title-abstract"
    FULL_TEXT = "full-text"


class Decision(StrEnum):
    """A reviewer's decision on one study."""

    INCLUDE = "include"
    EXCLUDE = "exclude"
    UNSURE = "unsure"


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One decision as stored: who decided what about which records. History is kept."""

    id: int
    stage: Stage
    cluster_id: str
    record_ids: tuple[str, ...]
    reviewer: str
    role: Role
    decision: Decision
    reason: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Vote:
    """What one reviewer (or the resolvers) decided about a study.

    ``choices`` holds more than one ``(decision, reason)`` when studies the
    reviewer screened differently were merged into this one.
    """

    reviewer: str
    choices: tuple[tuple[Decision, str | None], ...]

    @property
    def mixed(self) -> bool:
        """Whether the merged studies behind this vote were decided differently."""
        return len(self.choices) > 1

    @property
    def decision(self) -> Decision:
        """The decision (the first one if mixed)."""
        return self.choices[0][0]

    @property
    def reason(self) -> str | None:
        """The exclusion reason (the first one if mixed)."""
        return self.choices[0][1]

    def describe(self) -> str:
        """``alice: exclude (wrong population)``; mixed choices joined by `` / ``."""
        shown = " / ".join(f"{d}{f' ({r})' if r else ''}" for d, r in self.choices)
        return f"{self.reviewer}: {shown}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """Where a study stands at one stage: pending, in conflict, or decided."""

    cluster_id: str
    stage: Stage
    status: Status
    decision: Decision | None = None
    reason: str | None = None
    how: Literal["agreed", "single", "resolved"] | None = None
    why: str = ""
    votes: tuple[Vote, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignmentPlan:
    """Who screens what: ``dual`` (two reviewers per study) or ``split`` (+ calibration)."""

    reviewers: tuple[str, ...]
    mode: Literal["dual", "split"] = "dual"
    calibration: int = 0
    seed: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    """One study given to one reviewer."""

    cluster_id: str
    reviewer: str
    calibration: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Agreement:
    """Agreement of two reviewers at one stage over the ``n`` studies both decided."""

    stage: Stage
    reviewers: tuple[str, str]
    n: int
    observed: float | None
    expected: float | None
    kappa: float | None


def decision_problem(
    stage: Stage, decision: Decision, reason: str | None, *, reasons: Sequence[str]
) -> str | None:
    """Why a decision cannot be stored, or ``None`` when it can.

    >>> decision_problem(Stage.FULL_TEXT, Decision.EXCLUDE, None, reasons=["other"])
    'an exclusion at full text needs a reason'
    >>> decision_problem(Stage.TITLE_ABSTRACT, Decision.EXCLUDE, None, reasons=["other"]) is None
    True
    """
    if reason is not None and reason not in reasons:
        return f"expected one of the exclusion reasons ({', '.join(reasons)}), got {reason!r}"
    if reason is not None and decision is Decision.INCLUDE:
        return "a reason is for exclude or unsure, not include"
    if stage is Stage.FULL_TEXT and decision is Decision.EXCLUDE and reason is None:
        return "an exclusion at full text needs a reason"
    return None


def _counting(entries: Iterable[Entry], members: frozenset[str]) -> list[Entry]:
    """The entries still in force for a study holding ``members``, newest first.

    An entry counts when it covers some of the study's records that no newer
    entry of the same reviewer covers: a decision on the merged study replaces the
    decisions on its parts, while decisions on parts screened apart all count.
    """
    covered: set[str] = set()
    found: list[Entry] = []
    for entry in sorted(entries, key=lambda e: -e.id):
        mine = members.intersection(entry.record_ids)
        if mine - covered:
            found.append(entry)
            covered |= mine
    return found


def _vote(reviewer: str, entries: Sequence[Entry]) -> Vote:
    choices = sorted({(e.decision, e.reason) for e in entries}, key=lambda c: (c[0], c[1] or ""))
    return Vote(reviewer=reviewer, choices=tuple(choices))


def votes_for(
    entries: Iterable[Entry], members: Iterable[str], *, stage: Stage
) -> tuple[dict[str, Vote], Vote | None]:
    """The reviewers' votes and the resolution in force for the study holding ``members``.

    >>> e = [Entry(id=1, stage=Stage.TITLE_ABSTRACT, cluster_id="c:a", record_ids=("a",),
    ...      reviewer="ann", role="reviewer", decision=Decision.INCLUDE),
    ...      Entry(id=2, stage=Stage.TITLE_ABSTRACT, cluster_id="c:b", record_ids=("b",),
    ...      reviewer="ann", role="reviewer", decision=Decision.EXCLUDE)]
    >>> votes, resolution = votes_for(e, ["a", "b"], stage=Stage.TITLE_ABSTRACT)
    >>> votes["ann"].mixed, resolution
    (True, None)
    """
    wanted = frozenset(members)
    by_reviewer: dict[str, list[Entry]] = {}
    resolutions: list[Entry] = []
    for entry in entries:
        if entry.stage is not stage or wanted.isdisjoint(entry.record_ids):
            continue
        if entry.role == "resolver":
            resolutions.append(entry)
        else:
            by_reviewer.setdefault(entry.reviewer, []).append(entry)
    votes = {r: _vote(r, _counting(es, wanted)) for r, es in sorted(by_reviewer.items())}
    counted = _counting(resolutions, wanted)
    resolution = _vote(counted[0].reviewer, counted) if counted else None
    return votes, resolution


def assigned_for(
    assignments: Iterable[tuple[str, Sequence[str]]], members: Iterable[str]
) -> frozenset[str]:
    """Reviewers assigned to any earlier study sharing a record with ``members``.

    ``assignments`` are ``(reviewer, records the study held when assigned)``.
    """
    wanted = frozenset(members)
    return frozenset(r for r, records in assignments if not wanted.isdisjoint(records))


def _final(stage: Stage, votes: Sequence[Vote], how: Literal["agreed", "single"]) -> tuple[
    Decision | None, str | None, str
]:  # fmt: skip
    """The agreed decision of non-mixed votes, or (None, None, why they conflict)."""
    if stage is Stage.TITLE_ABSTRACT:
        # When in doubt, include: the full text decides.
        kinds = {Decision.EXCLUDE if v.decision is Decision.EXCLUDE else Decision.INCLUDE
                 for v in votes}  # fmt: skip
        if len(kinds) > 1:
            return None, None, "the reviewers disagree"
        decision = kinds.pop()
        reasons = {v.reason for v in votes}
        reason = reasons.pop() if decision is Decision.EXCLUDE and len(reasons) == 1 else None
        return decision, reason, how
    if any(v.decision is Decision.UNSURE for v in votes):
        return None, None, "unsure at full text"
    if len({v.decision for v in votes}) > 1:
        return None, None, "the reviewers disagree"
    if len({v.reason for v in votes}) > 1:
        return None, None, "different exclusion reasons"
    return votes[0].decision, votes[0].reason, how


def settle(
    cluster_id: str,
    stage: Stage,
    votes: Mapping[str, Vote],
    resolution: Vote | None,
    *,
    required: Iterable[str],
) -> Outcome:
    """Where a study stands, given its votes, its resolution and who must screen it.

    >>> inc = Vote(reviewer="ann", choices=((Decision.INCLUDE, None),))
    >>> uns = Vote(reviewer="bob", choices=((Decision.UNSURE, None),))
    >>> settle("c:1", Stage.TITLE_ABSTRACT, {"ann": inc, "bob": uns}, None,
    ...        required=["ann", "bob"]).decision
    <Decision.INCLUDE: 'include'>
    >>> settle("c:1", Stage.FULL_TEXT, {"ann": inc, "bob": uns}, None,
    ...        required=["ann", "bob"]).why
    'unsure at full text'
    """
    shown = tuple(votes.values()) + ((resolution,) if resolution is not None else ())
    if resolution is not None:
        if resolution.mixed:
            return Outcome(cluster_id=cluster_id, stage=stage, status="conflict", votes=shown,
                           why="merged studies were resolved differently")  # fmt: skip
        return Outcome(
            cluster_id=cluster_id, stage=stage, status="final", decision=resolution.decision,
            reason=resolution.reason, how="resolved", votes=shown,
        )  # fmt: skip
    waiting = sorted(set(required) - set(votes))
    if not votes or waiting:
        why = f"waiting for {', '.join(waiting)}" if waiting else "not assigned"
        return Outcome(cluster_id=cluster_id, stage=stage, status="pending", why=why, votes=shown)
    if any(v.mixed for v in votes.values()):
        return Outcome(cluster_id=cluster_id, stage=stage, status="conflict", votes=shown,
                       why="merged studies were screened differently")  # fmt: skip
    decision, reason, why = _final(stage, list(votes.values()),
                                   "agreed" if len(votes) > 1 else "single")  # fmt: skip
    if decision is None:
        return Outcome(cluster_id=cluster_id, stage=stage, status="conflict", why=why, votes=shown)
    return Outcome(
        cluster_id=cluster_id, stage=stage, status="final", decision=decision, reason=reason,
        how="agreed" if why == "agreed" else "single", votes=shown,
    )  # fmt: skip


def _order(cluster_id: str, seed: str) -> str:
    # A hash order is a fixed pseudo-random order: the calibration sample is not
    # simply the oldest studies, and the same input always gives the same plan.
    return hashlib.sha256(f"{seed}\0{cluster_id}".encode()).hexdigest()


def plan_assignments(
    cluster_ids: Iterable[str],
    plan: AssignmentPlan,
    *,
    load: Mapping[str, int] | None = None,
    calibrated: int = 0,
) -> tuple[Assignment, ...]:
    """Assign new studies; ``load`` is each reviewer's studies so far at this stage.

    ``calibrated`` is how many calibration studies the stage already has: in
    ``split`` mode the next ``calibration - calibrated`` studies (in a fixed hash
    order) go to every reviewer.

    >>> plan = AssignmentPlan(reviewers=("ann", "bob"), mode="split", calibration=1)
    >>> [(a.cluster_id, a.reviewer, a.calibration) for a in plan_assignments(["x", "y", "z"], plan)]
    [('y', 'ann', True), ('y', 'bob', True), ('x', 'ann', False), ('z', 'bob', False)]
    """
    counts = Counter({r: 0 for r in plan.reviewers}) + Counter(load or {})
    position = {r: i for i, r in enumerate(plan.reviewers)}
    ordered = sorted(set(cluster_ids), key=lambda cid: _order(cid, plan.seed))
    missing = max(plan.calibration - calibrated, 0) if plan.mode == "split" else 0
    out: list[Assignment] = []
    for i, cid in enumerate(ordered):
        if i < missing:
            chosen, calibration = list(plan.reviewers), True
        else:
            wanted = 2 if plan.mode == "dual" else 1
            chosen = sorted(plan.reviewers, key=lambda r: (counts[r], position[r]))[:wanted]
            calibration = False
        for reviewer in sorted(chosen, key=position.__getitem__):
            counts[reviewer] += 1
            out.append(Assignment(cluster_id=cid, reviewer=reviewer, calibration=calibration))
    return tuple(out)


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> tuple[float, float, float | None]:
    """Percent agreement, chance agreement and Cohen's kappa of two raters.

    For ``n`` studies rated by both, with ``n_1k`` and ``n_2k`` the number of
    studies each rater put in category ``k``::

        p_o   = (studies rated alike) / n
        p_e   = sum over k of (n_1k / n) * (n_2k / n)
        kappa = (p_o - p_e) / (1 - p_e)

    Kappa is undefined (``None``) when ``p_e = 1``: both raters put every study in
    the same single category, so there is no disagreement chance could explain.
    Cohen (1960), Educational and Psychological Measurement 20:37-46.

    >>> cohen_kappa(["in"] * 20 + ["in"] * 5 + ["out"] * 10 + ["out"] * 15,
    ...             ["in"] * 20 + ["out"] * 5 + ["in"] * 10 + ["out"] * 15)
    (0.7, 0.5, 0.4)

    Raises:
        ValueError: the sequences differ in length or are empty.
    """
    if len(a) != len(b) or not a:
        raise ValueError(f"expected two equally long, non-empty ratings, got {len(a)} and {len(b)}")
    n = len(a)
    observed = sum(1 for x, y in zip(a, b, strict=True) if x == y) / n
    first, second = Counter(a), Counter(b)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    kappa = None if expected == 1 else (observed - expected) / (1 - expected)
    return round(observed, 6), round(expected, 6), None if kappa is None else round(kappa, 6)


def agreement(stage: Stage, votes: Mapping[str, Mapping[str, Vote]]) -> tuple[Agreement, ...]:
    """Agreement per reviewer pair at ``stage``; ``votes`` is cluster_id → reviewer → vote.

    Only studies both reviewers decided count, on the raw categories (include,
    exclude, unsure); a mixed vote (merged studies) is left out.
    """
    reviewers = sorted({r for by in votes.values() for r in by})
    found: list[Agreement] = []
    for first, second in combinations(reviewers, 2):
        pairs = [
            (by[first].decision.value, by[second].decision.value)
            for by in votes.values()
            if first in by and second in by and not by[first].mixed and not by[second].mixed
        ]
        if not pairs:
            continue
        observed, expected, kappa = cohen_kappa([p[0] for p in pairs], [p[1] for p in pairs])
        found.append(Agreement(stage=stage, reviewers=(first, second), n=len(pairs),
                               observed=observed, expected=expected, kappa=kappa))  # fmt: skip
    return tuple(found)
