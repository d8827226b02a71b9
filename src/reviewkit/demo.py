"""The offline demo's extraction data: two example reviewers' workbooks.

The snapshot ships ``snapshot/extraction/reviewer-a.xlsx`` and ``reviewer-b.xlsx``
(built by ``scripts/build_demo_workbooks.py`` from the facts in
``snapshot/records.json`` only). They are **demo data**, not a real extraction:
:func:`import_demo_extraction` imports them into the default review on an offline
run, once, and only while no real extraction has been imported, so that
``reviewkit run --offline`` shows discrepancies and evidence tables end to end.
:func:`load_snapshot` fills a review database from the snapshot without Prefect
(the build script and the tests use it).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import requests

from reviewkit.deduplication import run_deduplication
from reviewkit.evidence_export import extraction_started
from reviewkit.extraction.workbook import read_workbook
from reviewkit.extraction_stage import import_workbook, load_review_form
from reviewkit.importing import import_planned, planned_imports
from reviewkit.offline import eutils_endpoint
from reviewkit.settings import Settings
from reviewkit.storage.screening import ScreeningStore
from reviewkit.workspace import Workspace

__all__ = [
    "DEMO_DIR",
    "DEMO_FORM",
    "DEMO_REVIEW_ID",
    "DEMO_WORKBOOKS",
    "DemoOutcome",
    "import_demo_extraction",
    "load_snapshot",
]

#: Where the demo workbooks and the copy of the default form they were made with live.
DEMO_DIR = Path(__file__).resolve().parent / "snapshot" / "extraction"
#: The default form, byte-identical to the repository's ``extraction_forms`` copy.
DEMO_FORM = DEMO_DIR / "microneedling_hair_loss.yaml"
#: The one review the demo workbooks were made for (the default ``review.toml``).
DEMO_REVIEW_ID = "microneedling-hair-loss"
#: The two example reviewers' workbooks, in import order.
DEMO_WORKBOOKS = (DEMO_DIR / "reviewer-a.xlsx", DEMO_DIR / "reviewer-b.xlsx")
_DEFAULT_FORM = "extraction_forms/microneedling_hair_loss.yaml"


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
