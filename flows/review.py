"""The ``review`` pipeline flow: every stage of the review, in order.

refresh (PubMed) → imports (other databases' exports) → deduplicate → screening
(queue update: new studies to reviewers, with an artifact listing them) → demo
screening (offline only: the two DEMO reviewers' bundled decisions, recorded once
into the default review while nothing is screened, so PRISMA counts them) → PRISMA
(counts, diagram and search log into ``outputs/``) → demo extraction (offline
only: the two bundled DEMO reviewers' workbooks, imported once into the default
review while it has no extraction) → evidence (evidence tables
into ``outputs/`` once extraction data is imported, as table artifacts too). Offline, the
imports step brings in the bundled Embase sample export; live, the files listed
as ``[[imports]]`` in review.toml. A file already imported (same hash) is skipped.
"""

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.deduplicate import deduplicate
from flows.evidence import evidence
from flows.prisma import prisma
from flows.refresh import refresh
from flows.screening import screening
from reviewkit.demo import import_demo_extraction, record_demo_screening
from reviewkit.importing import import_planned, planned_imports
from reviewkit.settings import Settings
from reviewkit.workspace import Workspace, utc_now


@task(name="imports", cache_policy=NO_CACHE)
def import_exports(review_dir: Path, offline: bool) -> list[dict[str, Any]]:
    """Import each planned export not imported yet."""
    settings = Settings.from_env()
    workspace = Workspace.open(review_dir, database_url=settings.database_url)
    try:
        planned = planned_imports(workspace.protocol, workspace.root, offline=offline)
        return [o.to_dict() for o in import_planned(workspace.db, planned, now=utc_now())]
    finally:
        workspace.close()


@task(name="demo-screening", cache_policy=NO_CACHE)
def demo_screening(review_dir: Path) -> str:
    """Offline only: record the bundled DEMO screening decisions (labelled as demo data)."""
    settings = Settings.from_env()
    workspace = Workspace.open(review_dir, database_url=settings.database_url)
    try:
        line = record_demo_screening(workspace, now=utc_now()).line
    finally:
        workspace.close()
    print(f"demo: {line}")
    return line


@task(name="demo-extraction", cache_policy=NO_CACHE)
def demo_extraction(review_dir: Path) -> str:
    """Offline only: import the bundled DEMO extraction workbooks (labelled as demo data)."""
    settings = Settings.from_env()
    workspace = Workspace.open(review_dir, database_url=settings.database_url)
    try:
        line = import_demo_extraction(workspace, now=utc_now()).line
    finally:
        workspace.close()
    print(f"demo: {line}")
    return line


@flow(name="review", log_prints=True)
def review(
    review_dir: Path = Path("."),
    offline: bool = True,
    full: bool = False,
    show_progress: bool = False,
) -> dict[str, Any]:
    """Run the review pipeline once and return each stage's summary."""
    stages: dict[str, Any] = {}
    stages["refresh"] = refresh(
        review_dir=review_dir, offline=offline, full=full, show_progress=show_progress
    )
    stages["imports"] = import_exports(review_dir, offline)
    stages["deduplicate"] = deduplicate(review_dir=review_dir)
    stages["screening"] = screening(review_dir=review_dir)
    if offline:
        stages["demo-screening"] = demo_screening(review_dir)
    stages["prisma"] = prisma(review_dir=review_dir)
    if offline:
        stages["demo"] = demo_extraction(review_dir)
    stages["evidence"] = evidence(review_dir=review_dir)
    return stages
