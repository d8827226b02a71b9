"""The ``deduplicate`` flow: group every record of the review into studies.

Library calls only (:func:`reviewkit.deduplication.run_deduplication`); the PRISMA
identification numbers are published as the ``prisma-identification`` table
artifact. No ``from __future__ import annotations`` here (style.md §10).
"""

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from reviewkit.deduplication import DedupSummary, prisma_rows, run_deduplication
from reviewkit.settings import Settings
from reviewkit.storage import ReviewDatabase
from reviewkit.workspace import Workspace, utc_now


@task(name="dedup-run", cache_policy=NO_CACHE)
def dedup_run(db: ReviewDatabase) -> DedupSummary:
    """Sync PubMed records, deduplicate every citation and store the studies."""
    return run_deduplication(db, now=utc_now())


@flow(name="deduplicate", log_prints=True)
def deduplicate(review_dir: Path = Path(".")) -> dict[str, Any]:
    """Deduplicate the review's records into studies and publish the PRISMA numbers."""
    settings = Settings.from_env()
    workspace = Workspace.open(review_dir, database_url=settings.database_url)
    try:
        summary = dedup_run(workspace.db)
    finally:
        workspace.close()
    create_table_artifact(
        key="prisma-identification",
        table=prisma_rows(summary),
        description="PRISMA 2020 identification: records per source, duplicates removed, studies",
    )
    print(f"deduplicate: {summary.line()}")
    return summary.to_dict()
