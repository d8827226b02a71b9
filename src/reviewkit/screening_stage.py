"""The screening stage over the review database: queue, sheets, conflicts and status.

:func:`update_queue` gives the studies nobody has been assigned yet to reviewers
(title-abstract: every current study; full text: the studies included at
title-abstract), and rewrites the outcomes; a refresh therefore only ever sends
unscreened studies to reviewers, and decisions carry forward through dedup merges
and splits (see :mod:`reviewkit.screening`). :func:`export_sheet` and
:func:`export_conflicts` write the XLSX sheets of :mod:`reviewkit.screening_sheets`
(:mod:`reviewkit.screening_import` reads them back). :func:`screening_status` counts,
and :func:`status_lines` words the counts for the terminal.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reviewkit.errors import ConfigError
from reviewkit.protocol import Protocol
from reviewkit.screening import (
    AssignmentPlan,
    Decision,
    Entry,
    Outcome,
    Stage,
    Vote,
    agreement,
    assigned_for,
    plan_assignments,
    settle,
    votes_for,
)
from reviewkit.screening_sheets import (
    SheetKind,
    SheetMeta,
    SheetRow,
    write_sheet,
)
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.screening import ScreeningStore, StoredAssignment, StudyView

__all__ = [
    "QueueUpdate",
    "evaluate",
    "export_conflicts",
    "export_sheet",
    "screening_status",
    "status_lines",
    "update_queue",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueUpdate:
    """What :func:`update_queue` did: new assignments and the new studies waiting."""

    assigned: Mapping[str, int]
    waiting: tuple[tuple[str, str], ...]
    marked_screened: int

    def line(self) -> str:
        """One line for the terminal.

        >>> QueueUpdate(assigned={"title-abstract": 4, "full-text": 0},
        ...             waiting=(("c:1", "T"), ("c:2", "U")), marked_screened=0).line()
        '2 new studies waiting for screening; assignments: title-abstract 4, full-text 0'
        """
        given = ", ".join(f"{stage} {n}" for stage, n in self.assigned.items())
        return f"{len(self.waiting)} new studies waiting for screening; assignments: {given}"

    def markdown(self) -> str:
        """The new studies waiting for title-abstract screening, as a Markdown table."""
        lines = [f"# Screening queue\n\n{self.line()}.\n"]
        if self.waiting:
            lines += ["| study | title |", "|---|---|"]
            # A pipe inside a cell would end it: escape it.
            lines += ["| " + cid + " | " + title.replace("|", "\\|") + " |"
                      for cid, title in self.waiting]  # fmt: skip
        else:
            lines.append("No new studies since the last run.")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (flow results)."""
        return {"assigned": dict(self.assigned), "line": self.line(),
                "waiting": [{"study_id": c, "title": t} for c, t in self.waiting],
                "marked_screened": self.marked_screened}  # fmt: skip


def _eligible(
    stage: Stage, studies: Mapping[str, StudyView], done: Mapping[str, Outcome]
) -> list[str]:
    if stage is Stage.TITLE_ABSTRACT:
        return sorted(studies)
    return sorted(
        cid for cid, o in done.items() if o.status == "final" and o.decision is Decision.INCLUDE
    )


def evaluate(
    studies: Mapping[str, StudyView],
    entries: Sequence[Entry],
    assignments: Sequence[StoredAssignment],
) -> dict[Stage, dict[str, Outcome]]:
    """Where every current study stands at each stage it has reached. Pure."""
    result: dict[Stage, dict[str, Outcome]] = {}
    previous: dict[str, Outcome] = {}
    for stage in Stage:
        given = [(a.reviewer, a.record_ids) for a in assignments if a.stage is stage]
        outcomes: dict[str, Outcome] = {}
        for cid in _eligible(stage, studies, previous):
            members = studies[cid].record_ids
            votes, resolution = votes_for(entries, members, stage=stage)
            required = assigned_for(given, members)
            outcomes[cid] = settle(cid, stage, votes, resolution, required=required)
        result[stage] = previous = outcomes
    return result


def _plan(protocol: Protocol) -> AssignmentPlan:
    config = protocol.screening
    return AssignmentPlan(
        reviewers=config.reviewers,
        mode=config.assignment,
        calibration=config.calibration,
        seed=protocol.review.id,
    )


def update_queue(db: ReviewDatabase, protocol: Protocol, *, now: datetime) -> QueueUpdate:
    """Assign the studies not assigned yet, then rewrite the outcomes.

    Studies already decided (their records carry a decision) are never assigned
    again; only new studies go to reviewers.
    """
    store = ScreeningStore(db)
    studies, entries = store.studies(), store.entries()
    assigned: dict[str, int] = {}
    waiting: list[tuple[str, str]] = []
    for stage in Stage:
        assignments = store.assignments()
        outcomes = evaluate(studies, entries, assignments)[stage]
        new = [cid for cid, o in outcomes.items() if o.why == "not assigned"]
        mine = [a for a in assignments if a.stage is stage]
        planned = plan_assignments(
            new,
            _plan(protocol),
            load=Counter(a.reviewer for a in mine),
            calibrated=len({a.cluster_id for a in mine if a.calibration}),
        )
        records = {cid: studies[cid].record_ids for cid in new}
        assigned[stage.value] = store.add_assignments(stage, planned, records=records, now=now)
        if stage is Stage.TITLE_ABSTRACT:
            waiting = [(cid, str(studies[cid].fields.get("title") or "")) for cid in new]
    final = evaluate(studies, entries, store.assignments())
    marked = store.save_outcomes([o for by in final.values() for o in by.values()], now=now)
    return QueueUpdate(assigned=assigned, waiting=tuple(waiting), marked_screened=marked)


def _row(study: StudyView, decisions: str = "") -> SheetRow:
    f = study.fields
    year = f.get("year")
    return SheetRow(
        study_id=study.cluster_id,
        record_ids=study.record_ids,
        title=str(f.get("title") or ""),
        abstract=str(f.get("abstract") or ""),
        journal=str(f.get("journal") or ""),
        year=year if isinstance(year, int) else None,
        pmid=str(f.get("pmid") or ""),
        doi=str(f.get("doi") or ""),
        reviewer_decisions=decisions,
    )


def _write(
    db: ReviewDatabase,
    protocol: Protocol,
    path: Path,
    *,
    kind: SheetKind,
    stage: Stage,
    reviewer: str,
    rows: Sequence[SheetRow],
    now: datetime,
) -> int:
    meta = SheetMeta(
        sheet_id=uuid.uuid4().hex,
        review_id=protocol.review.id,
        kind=kind,
        stage=stage,
        reviewer=reviewer,
        exported_at=now.isoformat(),
    )
    write_sheet(path, meta, rows, reasons=protocol.eligibility.reasons)
    ScreeningStore(db).add_sheet(
        meta.sheet_id, kind=kind, stage=stage, reviewer=reviewer, rows=len(rows), now=now
    )
    return len(rows)


def export_sheet(
    db: ReviewDatabase,
    protocol: Protocol,
    path: Path,
    *,
    stage: Stage,
    reviewer: str,
    now: datetime,
) -> int:
    """Write ``reviewer``'s blinded sheet: the studies waiting for their decision.

    Blinded: the sheet holds no one else's decision, note or outcome.

    Raises:
        ConfigError: ``reviewer`` is not one of ``[screening] reviewers``.
    """
    if reviewer not in protocol.screening.reviewers:
        raise ConfigError(
            f"{reviewer!r} is not a reviewer of this review; review.toml [screening] reviewers "
            f"lists {', '.join(protocol.screening.reviewers)}"
        )
    update_queue(db, protocol, now=now)
    store = ScreeningStore(db)
    studies, entries, assignments = store.studies(), store.entries(), store.assignments()
    given = [(a.reviewer, a.record_ids) for a in assignments if a.stage is stage]
    rows = [
        _row(studies[cid])
        for cid, o in evaluate(studies, entries, assignments)[stage].items()
        if o.status != "final"
        and reviewer in assigned_for(given, studies[cid].record_ids)
        and reviewer not in {v.reviewer for v in o.votes}
    ]
    return _write(
        db, protocol, path, kind="reviewer", stage=stage, reviewer=reviewer, rows=rows, now=now
    )


def export_conflicts(
    db: ReviewDatabase,
    protocol: Protocol,
    path: Path,
    *,
    stage: Stage,
    resolver: str,
    now: datetime,
) -> int:
    """Write the resolution sheet of ``stage``: every study in conflict, with the votes."""
    update_queue(db, protocol, now=now)
    store = ScreeningStore(db)
    studies = store.studies()
    outcomes = evaluate(studies, store.entries(), store.assignments())[stage]
    rows = [
        _row(studies[cid], "; ".join(v.describe() for v in o.votes) + f" ({o.why})")
        for cid, o in outcomes.items()
        if o.status == "conflict"
    ]
    return _write(
        db, protocol, path, kind="conflicts", stage=stage, reviewer=resolver, rows=rows, now=now
    )


def screening_status(db: ReviewDatabase) -> dict[str, Any]:
    """Counts per stage, per reviewer and per decision, exclusion reasons and agreement."""
    store = ScreeningStore(db)
    studies, entries, assignments = store.studies(), store.entries(), store.assignments()
    report: dict[str, Any] = {}
    for stage, outcomes in evaluate(studies, entries, assignments).items():
        given = [(a.reviewer, a.record_ids) for a in assignments if a.stage is stage]
        reviewers: dict[str, Counter[str]] = {}
        votes_by_study: dict[str, dict[str, Vote]] = {}
        for cid in outcomes:
            votes, _ = votes_for(entries, studies[cid].record_ids, stage=stage)
            votes_by_study[cid] = votes
            for name in assigned_for(given, studies[cid].record_ids) | set(votes):
                count = reviewers.setdefault(name, Counter())
                count["assigned"] += 1
                count[votes[name].decision.value if name in votes else "waiting"] += 1
        finals = [o for o in outcomes.values() if o.status == "final"]
        report[stage.value] = {
            "studies": len(outcomes),
            "status": dict(Counter(o.status for o in outcomes.values())),
            "final": dict(Counter(str(o.decision) for o in finals)),
            "reasons": dict(
                Counter(o.reason for o in finals if o.decision is Decision.EXCLUDE and o.reason)
            ),
            "reviewers": {name: dict(c) for name, c in sorted(reviewers.items())},
            "agreement": [
                {
                    "reviewers": list(a.reviewers),
                    "n": a.n,
                    "percent_agreement": a.observed,
                    "expected": a.expected,
                    "kappa": a.kappa,
                }
                for a in agreement(stage, votes_by_study)
            ],
        }
    return report


def status_lines(report: Mapping[str, Any]) -> list[str]:
    """The terminal lines of a :func:`screening_status` report.

    >>> report = {"title-abstract": {
    ...     "studies": 2, "status": {"final": 2}, "final": {"include": 2}, "reasons": {},
    ...     "reviewers": {"ann": {"assigned": 2, "include": 2}},
    ...     "agreement": [{"reviewers": ["ann", "bob"], "n": 2, "percent_agreement": 1.0,
    ...                    "kappa": None}]}}
    >>> print(*status_lines(report), sep="\\n")
    title-abstract: 2 studies (final 2); final: include 2
      ann: assigned 2, include 2
      agreement ann & bob: 100.0% of 2, kappa undefined
    """
    lines = []
    for stage, info in report.items():
        status = ", ".join(f"{k} {v}" for k, v in sorted(info["status"].items())) or "none"
        final = ", ".join(f"{k} {v}" for k, v in sorted(info["final"].items())) or "none"
        lines.append(f"{stage}: {info['studies']} studies ({status}); final: {final}")
        for name, counts in info["reviewers"].items():
            shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            lines.append(f"  {name}: {shown}")
        for reason, n in sorted(info["reasons"].items()):
            lines.append(f"  excluded, {reason}: {n}")
        for a in info["agreement"]:
            kappa = "undefined" if a["kappa"] is None else f"{a['kappa']:.3f}"
            lines.append(
                f"  agreement {' & '.join(a['reviewers'])}: {a['percent_agreement']:.1%} "
                f"of {a['n']}, kappa {kappa}"
            )
    return lines
