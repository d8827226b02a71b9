import asyncio
import json

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from flows.deduplicate import deduplicate
from flows.review import review
from reviewkit.cli import main

LINE = "23 records (pubmed 15, embase 8) → 16 studies, 7 duplicates removed, 0 maybe"


def _prisma_artifacts():
    async def read():
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    key=ArtifactFilterKey(any_=["prisma-identification"])
                )
            )

    return asyncio.run(read())


def test_the_review_pipeline_imports_the_sample_once_and_removes_duplicates(review_dir, capsys):
    stages = review(review_dir=review_dir, offline=True)
    assert [s["already_imported"] for s in stages["imports"]] == [False]
    assert stages["imports"][0]["records_parsed"] == 8
    dedup = stages["deduplicate"]
    assert dedup["line"] == LINE
    assert (dedup["studies"], dedup["duplicates_removed"], dedup["new_records"]) == (16, 7, 23)
    tables = [
        json.loads(a.data) if isinstance(a.data, str) else a.data for a in _prisma_artifacts()
    ]
    expected = {
        "Records identified from pubmed": 15,
        "Records identified from embase": 8,
        "Duplicate records removed": 7,
        "Studies (records to screen)": 16,
    }
    assert any(expected.items() <= {r["item"]: r["records"] for r in t}.items() for t in tables)

    capsys.readouterr()
    assert main(["run", "--offline", "--review", str(review_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "imports: embase_sample.ris (embase) already imported" in out
    assert f"deduplicate: {LINE}" in out


def test_the_deduplicate_flow_alone_on_an_empty_review(review_dir):
    result = deduplicate(review_dir=review_dir)
    assert result["line"] == "0 records → 0 studies, 0 duplicates removed, 0 maybe"
    assert result["changed"] is False
