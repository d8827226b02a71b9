"""The ``review`` pipeline flow: every stage of the review, in order.

Today it runs the PubMed refresh; deduplication, screening and evidence tables
join as their stages land.
"""

from pathlib import Path
from typing import Any

from prefect import flow

from flows.refresh import refresh


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
    return stages
