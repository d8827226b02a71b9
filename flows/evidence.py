"""The ``evidence`` flow: evidence tables from the extracted data into ``outputs/``.

Library calls only (:func:`reviewkit.evidence_export.write_review_tables`); each
table is also published as a Prefect table artifact (``evidence-characteristics``,
``evidence-outcomes``, ``evidence-summary``). No ``from __future__ import
annotations`` here (style.md §10).
"""

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from reviewkit.evidence import EvidenceTables
from reviewkit.evidence_export import extraction_started, write_review_tables
from reviewkit.settings import Settings
from reviewkit.workspace import Workspace


@task(name="evidence-tables", cache_policy=NO_CACHE)
def evidence_tables(review_dir: Path) -> tuple[EvidenceTables, list[str]] | None:
    """Build the tables from the stored extractions and write every format.

    Returns ``None`` (and writes nothing) while no extraction has been imported.
    """
    settings = Settings.from_env()
    workspace = Workspace.open(review_dir, database_url=settings.database_url)
    try:
        if not extraction_started(workspace.db):
            return None
        tables, written = write_review_tables(workspace.db, workspace.protocol, workspace.root)
        return tables, [str(p) for p in written]
    finally:
        workspace.close()


@flow(name="evidence", log_prints=True)
def evidence(review_dir: Path = Path(".")) -> dict[str, Any]:
    """Write the evidence tables and publish them as table artifacts."""
    built = evidence_tables(review_dir)
    if built is None:
        print("evidence: no extraction imported yet; tables not written")
        return {"line": "no extraction imported yet", "rows": {}, "files": []}
    tables, written = built
    for table in tables.tables:
        create_table_artifact(
            key=f"evidence-{table.key}",
            table=table.records(),
            description=f"{table.title}. {table.footnote}",
        )
    counts = {t.key: len(t.rows) for t in tables.tables}
    line = ", ".join(f"{n} {key} rows" for key, n in counts.items())
    print(f"evidence: {line}; wrote {len(written)} files")
    return {"line": line, "rows": counts, "files": written}
