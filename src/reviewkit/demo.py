"""The offline demo's extraction data: two example reviewers' workbooks.

The snapshot ships ``snapshot/extraction/reviewer-a.xlsx`` and ``reviewer-b.xlsx``
(built by ``scripts/build_demo_workbooks.py`` from the facts in
``snapshot/records.json`` only). They are **demo data**, not a real extraction:
:func:`import_demo_extraction` imports them into the default review on an offline
run, once, and only while no real extraction has been imported, so that
``reviewkit run --offline`` shows discrepancies and evidence tables end to end.
:func:`record_demo_screening` likewise stores the DEMO screening decisions of
``snapshot/demo_screening.json`` (both reviewers, both stages) while nothing has
been screened, so that PRISMA counts the 8 studies the workbooks cover as included.
:func:`load_snapshot` fills a review database from the snapshot without Prefect
(the build script and the tests use it).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import requests

from reviewkit.deduplication import run_deduplication
from reviewkit.errors import ParseError
from reviewkit.evidence_export import extraction_started
from reviewkit.extraction.workbook import read_workbook
from reviewkit.extraction_stage import import_workbook, load_review_form
from reviewkit.importing import import_planned, planned_imports
from reviewkit.offline import eutils_endpoint
from reviewkit.protocol import Protocol
from reviewkit.records import normalise_doi
from reviewkit.screening import Decision, Stage
from reviewkit.screening_stage import update_queue
from reviewkit.settings import Settings
from reviewkit.storage.screening import NewEntry, ScreeningStore, StudyView
from reviewkit.workspace import Workspace

__all__ = [
    "DEMO_DIR",
    "DEMO_FORM",
    "DEMO_REVIEW_ID",
    "DEMO_SCREENERS",
    "DEMO_SCREENING",
    "DEMO_WORKBOOKS",
    "DemoOutcome",
    "DemoScreening",
    "import_demo_extraction",
    "load_snapshot",
    "record_demo_screening",
]

#: Where the demo workbooks and the copy of the default form they were made with live.
DEMO_DIR = Path(__file__).resolve().parent / "snapshot" / "extraction"
#: The default form, byte-identical to the repository's ``extraction_forms`` copy.
DEMO_FORM = DEMO_DIR / "microneedling_hair_loss.yaml"
#: The one review the demo workbooks were made for (the default ``review.toml``).
DEMO_REVIEW_ID = "microneedling-hair-loss"
#: The two example reviewers' workbooks, in import order.
DEMO_WORKBOOKS = (DEMO_DIR / "reviewer-a.xlsx", DEMO_DIR / "reviewer-b.xlsx")
#: The DEMO screening decisions: per study (by PMID or DOI) where it is excluded and why.
DEMO_SCREENING = DEMO_DIR.parent / "demo_screening.json"
#: The two example reviewers who make every DEMO screening decision.
DEMO_SCREENERS = ("reviewer-a", "reviewer-b")
_DEFAULT_FORM = "extraction_forms/microneedling_hair_loss.yaml"
_DEMO_ORIGIN = "DEMO decision (not a real screening): src/reviewkit/snapshot/demo_screening.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoOutcome:
    """What the demo step did: the workbooks imported, or why it did nothing."""

    imported: tuple[str, ...]
    skipped: str | None = None

    @property
    def line(self) -> str:
        """One line for the terminal, always saying that this is demo data."""
        if self.skipped:
            return f"DEMO extraction not imported: {self.skipped}"
        return ("DEMO data (not a real extraction; see src/reviewkit/snapshot/README.md): "
                + "; ".join(self.imported))  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoScreening:
    """What the demo screening step did: studies included/excluded per stage, or why not."""

    decided: tuple[tuple[str, int, int], ...] = ()
    skipped: str | None = None

    @property
    def line(self) -> str:
        """One line for the terminal, always saying that these are demo decisions."""
        if self.skipped:
            return f"DEMO screening not recorded: {self.skipped}"
        done = "; ".join(f"{stage} {inc} included, {exc} excluded"
                         for stage, inc, exc in self.decided)  # fmt: skip
        who = " and ".join(DEMO_SCREENERS)
        return (f"DEMO screening decisions by {who} (not a real screening; "
                f"see src/reviewkit/snapshot/README.md): {done}")  # fmt: skip


def load_snapshot(workspace: Workspace, settings: Settings, *, now: datetime) -> None:
    """Refresh from the bundled snapshot, import the sample export and deduplicate."""
    with (
        eutils_endpoint(offline=True, settings=settings) as base_url,
        requests.Session() as session,
    ):
        client = workspace.pubmed_client(session, settings, base_url=base_url)
        refresher = workspace.refresher(client)
        plan = refresher.begin(full=True)
        for batch in plan.batches:
            refresher.fetch(plan, batch)
        refresher.finish(plan)
    planned = planned_imports(workspace.protocol, workspace.root, offline=True)
    import_planned(workspace.db, planned, now=now)
    run_deduplication(workspace.db, now=now)


def import_demo_extraction(workspace: Workspace, *, now: datetime) -> DemoOutcome:
    """Import the two demo workbooks into the default review if it has no extraction yet.

    Nothing happens (and the outcome says why) for another review, once any
    extraction was imported, or when the review's studies are not the snapshot's.
    When the default form file is missing from the review folder, the bundled
    copy is written there first (the workbooks were made with it).

    Raises:
        ParseError: a demo workbook is rejected (the bundled files are broken).
    """
    protocol = workspace.protocol
    if protocol.review.id != DEMO_REVIEW_ID:
        return DemoOutcome(imported=(), skipped=f"review '{protocol.review.id}' is not the "
                           f"default review '{DEMO_REVIEW_ID}'")  # fmt: skip
    if extraction_started(workspace.db):
        return DemoOutcome(imported=(), skipped="an extraction is already imported")
    rows = [r for p in DEMO_WORKBOOKS for r in read_workbook(p).rows]
    wanted = {str(r.values["study_id"]) for r in rows if r.values.get("study_id")}
    missing = sorted(wanted - set(ScreeningStore(workspace.db).studies()))
    if missing:
        return DemoOutcome(imported=(), skipped="studies of the demo workbooks are not in "
                           f"this review: {', '.join(missing)}")  # fmt: skip
    form_path = protocol.form_path(workspace.root)
    if not form_path.exists() and protocol.extraction.form == _DEFAULT_FORM:
        # A fresh review folder has only review.toml; the demo needs the form it was made with.
        form_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEMO_FORM, form_path)
    form = load_review_form(protocol, workspace.root)
    done = [
        import_workbook(workspace.db, protocol, path, form=form, now=now).line()
        for path in DEMO_WORKBOOKS
    ]
    return DemoOutcome(imported=tuple(done))


def _demo_decisions() -> list[dict[str, str]]:
    """The studies of ``demo_screening.json``; a broken bundled file is a ParseError."""
    try:
        studies = json.loads(DEMO_SCREENING.read_text(encoding="utf-8"))["studies"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ParseError(
            f"{DEMO_SCREENING}: expected a JSON object with a 'studies' list ({exc})"
        ) from exc
    return [dict(s) for s in studies]


def record_demo_screening(workspace: Workspace, *, now: datetime) -> DemoScreening:
    """Store the DEMO screening decisions in the default review if nothing is screened yet.

    Both demo reviewers decide every study of ``demo_screening.json`` at title-abstract
    and, for the studies included there, at full text, through the screening store
    (origin says DEMO); the queue is updated after each stage so that the outcomes,
    and hence PRISMA, count them. Nothing happens (and the outcome says why) for
    another review, once any screening decision exists, when the screening set-up
    is not the default one, or when a demo study is not in the review.

    Raises:
        ParseError: the bundled ``demo_screening.json`` is broken.
    """
    protocol = workspace.protocol
    if protocol.review.id != DEMO_REVIEW_ID:
        return DemoScreening(skipped=f"review '{protocol.review.id}' is not the "
                             f"default review '{DEMO_REVIEW_ID}'")  # fmt: skip
    store = ScreeningStore(workspace.db)
    skipped = _screening_skipped(protocol, store)
    if skipped:
        return DemoScreening(skipped=skipped)
    decisions = _demo_decisions()
    unknown = sorted({d["reason"] for d in decisions if "reason" in d}
                     - set(protocol.eligibility.reasons))  # fmt: skip
    if unknown:
        return DemoScreening(skipped="reasons not in review.toml [eligibility] reasons: "
                             + ", ".join(unknown))  # fmt: skip
    studies = store.studies()
    keyed = _match_studies(decisions, studies)
    missing = [d.get("pmid") or d.get("doi") or "?" for d, cid in keyed if cid is None]
    if missing:
        return DemoScreening(skipped="studies of the demo screening are not in this review: "
                             + ", ".join(sorted(missing)))  # fmt: skip
    decided: list[tuple[str, int, int]] = []
    remaining = [(d, cid) for d, cid in keyed if cid is not None]
    for stage in Stage:
        update_queue(workspace.db, protocol, now=now)  # assigns this stage's studies
        store.add_entries(_demo_entries(stage, remaining, studies), now=now)
        kept = [(d, cid) for d, cid in remaining if d.get("exclude_at") != stage.value]
        decided.append((stage.value, len(kept), len(remaining) - len(kept)))
        remaining = kept
    update_queue(workspace.db, protocol, now=now)  # rewrites the outcomes PRISMA counts
    return DemoScreening(decided=tuple(decided))


def _screening_skipped(protocol: Protocol, store: ScreeningStore) -> str | None:
    """Why the demo screening must not be recorded in this set-up, or None."""
    if store.entries():
        return "screening decisions are already recorded"
    if tuple(protocol.screening.reviewers) != DEMO_SCREENERS or (
        protocol.screening.assignment != "dual"
    ):
        return "review.toml [screening] is not dual screening by " + " and ".join(DEMO_SCREENERS)
    return None


def _match_studies(
    decisions: Sequence[dict[str, str]], studies: Mapping[str, StudyView]
) -> list[tuple[dict[str, str], str | None]]:
    """Each demo decision with the study it is about (by PMID, else DOI), or None."""
    by_key: dict[str, str] = {}
    for cid, study in studies.items():
        for key in (str(study.fields.get("pmid") or ""), normalise_doi(study.fields.get("doi"))):
            if key:
                by_key[key] = cid
    return [(d, by_key.get(d.get("pmid") or normalise_doi(d.get("doi")) or "")) for d in decisions]


def _demo_entries(
    stage: Stage, remaining: Sequence[tuple[dict[str, str], str]], studies: Mapping[str, StudyView]
) -> list[NewEntry]:
    """Both demo reviewers' decisions at ``stage`` on the studies still in."""
    new: list[NewEntry] = []
    for d, cid in remaining:
        out = d.get("exclude_at") == stage.value
        new += [
            NewEntry(stage=stage, cluster_id=cid, record_ids=studies[cid].record_ids,
                     reviewer=name, role="reviewer",
                     decision=Decision.EXCLUDE if out else Decision.INCLUDE,
                     reason=d["reason"] if out else None,
                     note=f"DEMO: {d.get('because', '')}", origin=_DEMO_ORIGIN)
            for name in DEMO_SCREENERS
        ]  # fmt: skip
    return new
