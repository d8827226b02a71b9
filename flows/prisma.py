"""The ``prisma`` flow: PRISMA 2020 counts, diagram and PRISMA-S search log into ``outputs/``.

Library calls only (:func:`reviewkit.prisma_data.write_prisma_outputs`); the counts
are published as the ``prisma-counts`` table artifact. No ``from __future__ import
annotations`` here (style.md §10).
"""

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from reviewkit.prisma import check, table_rows
from reviewkit.prisma_data import PrismaData, write_prisma_outputs
from reviewkit.settings import Settings
from reviewkit.workspace import Workspace


@task(name="prisma-outputs", cache_policy=NO_CACHE)
def prisma_outputs(review_dir: Path) -> tuple[PrismaData, Path]:
    """Count every PRISMA box from the database and write the output files."""
    settings = Settings.from_env()
    workspace = Workspace.open(review_dir, database_url=settings.database_url)
    try:
        protocol = workspace.protocol
        out_dir = protocol.outputs_dir(workspace.root)
        data = write_prisma_outputs(
            workspace.db,
            out_dir,
            title=protocol.review.title,
            reasons=protocol.eligibility.reasons,
            previous_studies=protocol.prisma.previous_studies,
            previous_reports=protocol.prisma.previous_reports,
        )
        return data, out_dir
    finally:
        workspace.close()


@flow(name="prisma", log_prints=True)
def prisma(review_dir: Path = Path(".")) -> dict[str, Any]:
    """Write the PRISMA outputs and publish the counts."""
    data, out_dir = prisma_outputs(review_dir)
    problems = check(data.counts)
    create_table_artifact(
        key="prisma-counts",
        table=table_rows(data.counts),
        description="PRISMA 2020 flow-diagram counts, computed from the review database",
    )
    for note in (*data.notes, *problems):
        print(f"prisma: warning: {note}")
    print(f"prisma: {data.line()}; wrote {out_dir}")
    return {**data.to_dict(), "problems": problems, "outputs": str(out_dir)}
