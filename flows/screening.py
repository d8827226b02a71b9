"""The ``screening`` flow: send new studies to reviewers and list them.

Library calls only (:func:`reviewkit.screening_stage.update_queue`): studies not
assigned yet go to reviewers, decisions carry forward through dedup merges, and
the new studies waiting for screening are published as the ``screening-queue``
Markdown artifact. No ``from __future__ import annotations`` here (style.md §10).
"""

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from reviewkit.screening_stage import QueueUpdate, update_queue
from reviewkit.settings import Settings
from reviewkit.workspace import Workspace, utc_now


@task(name="screening-queue", cache_policy=NO_CACHE)
def queue_update(review_dir: Path) -> QueueUpdate:
    """Assign the studies nobody screens yet and rewrite the screening outcomes."""
    settings = Settings.from_env()
    workspace = Workspace.open(review_dir, database_url=settings.database_url)
    try:
        return update_queue(workspace.db, workspace.protocol, now=utc_now())
    finally:
        workspace.close()


@flow(name="screening", log_prints=True)
def screening(review_dir: Path = Path(".")) -> dict[str, Any]:
    """Update the screening queue and publish the new studies waiting for reviewers."""
    update = queue_update(review_dir)
    create_markdown_artifact(
        key="screening-queue",
        markdown=update.markdown(),
        description="New studies waiting for title-abstract screening",
    )
    print(f"screening: {update.line()}")
    return update.to_dict()
