"""The ``refresh`` flow: search PubMed, fetch batches, parse, store, report.

No ``from __future__ import annotations`` here: Prefect validates parameters
from these hints (style.md §10, prefect.md T12).
"""

import os
import time
from pathlib import Path
from typing import Any

import requests
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger
from prefect.tasks import exponential_backoff

from flows._conditions import only_transient
from flows.ratelimit import PrefectRateLimiter
from reviewkit.offline import eutils_endpoint
from reviewkit.progress import NullProgress, ProgressReporter, RichProgress
from reviewkit.ratelimit import RateLimiter
from reviewkit.refresh import FetchBatch, Refresher, RefreshPlan
from reviewkit.report import refresh_markdown
from reviewkit.settings import Settings
from reviewkit.storage import BatchResult, RunSummary
from reviewkit.workspace import RawRecorder, Workspace, lock_holder, utc_now

# The client already retries each request; these task retries cover a whole
# step failing transiently (e.g. NCBI down for minutes), with longer waits.
RETRY_DELAYS = exponential_backoff(backoff_factor=5)


@task(
    name="pubmed-search",
    retries=3,
    retry_delay_seconds=RETRY_DELAYS,
    retry_jitter_factor=0.5,
    retry_condition_fn=only_transient,
    cache_policy=NO_CACHE,
)
def search(refresher: Refresher, full: bool) -> RefreshPlan:
    """Run (or resume) the search and plan the batches."""
    return refresher.begin(full=full)


@task(
    name="pubmed-fetch-batch",
    task_run_name="efetch-batch-{batch.number}",
    retries=3,
    retry_delay_seconds=RETRY_DELAYS,
    retry_jitter_factor=0.5,
    retry_condition_fn=only_transient,
    cache_policy=NO_CACHE,
)
def fetch_batch(refresher: Refresher, plan: RefreshPlan, batch: FetchBatch) -> BatchResult:
    """Fetch, parse and store one batch of a few hundred records."""
    return refresher.fetch(plan, batch)


@task(name="pubmed-finish", cache_policy=NO_CACHE)
def finish(refresher: Refresher, plan: RefreshPlan) -> RunSummary:
    """Check fetched == searched and close the ledger row."""
    return refresher.finish(plan)


def _limiter(settings: Settings) -> RateLimiter | None:
    name = os.environ.get("REVIEWKIT_PREFECT_RATE_LIMIT", "").strip()
    return PrefectRateLimiter(name) if name else None


@flow(name="refresh", log_prints=True)
def refresh(
    review_dir: Path = Path("."),
    offline: bool = True,
    full: bool = False,
    show_progress: bool = False,
) -> dict[str, Any]:
    """Bring the review's PubMed records up to date and log the run in the ledger."""
    logger = get_run_logger()
    settings = Settings.from_env()  # secrets are read here, never passed as parameters
    started = time.monotonic()
    workspace = Workspace.open(review_dir, database_url=settings.database_url)
    progress: ProgressReporter = RichProgress() if show_progress else NullProgress()
    try:
        with (
            workspace.db.refresh_lock("pubmed", holder=lock_holder(), now=utc_now()),
            eutils_endpoint(offline=offline, settings=settings) as base_url,
            requests.Session() as session,
        ):
            recorder = RawRecorder(workspace.archive, workspace.db)
            client = workspace.pubmed_client(
                session, settings, base_url=base_url, limiter=_limiter(settings), recorder=recorder
            )
            refresher = workspace.refresher(client, recorder=recorder)
            plan = search(refresher, full)
            logger.info(
                "run %s (%s): Count %s, %s batches",
                plan.run_id,
                plan.mode,
                plan.count,
                len(plan.batches),
            )
            progress.start("PubMed efetch batches", len(plan.batches))
            try:
                for batch in plan.batches:
                    fetch_batch(refresher, plan, batch)
                    progress.advance()
            except BaseException as exc:
                refresher.fail(plan, exc)
                raise
            finally:
                progress.stop()
            summary = finish(refresher, plan)
        result = summary.to_dict() | {
            "offline": offline,
            "duration_s": round(time.monotonic() - started, 2),
            "requests": client.stats.requests,
            "rate_limited": client.stats.rate_limited,
        }
        create_markdown_artifact(
            key="pubmed-refresh",
            markdown=refresh_markdown(result),
            description="PubMed refresh: counts from the search-run ledger",
        )
        return result
    finally:
        workspace.close()
